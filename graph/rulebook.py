"""The rulebook: what a check can find. The responsibility rules (责任落实规则) as data — id,
severity, subject, title, detail columns, the table that gates a rule — and, for the findings ledger,
each rule and an inspection that found a problem (督查发现问题, activity-tables.md), a finding of its own.

Data only, below everything that uses it: the settings check the ledger's per-rule due days against
it, graph/rules.py runs the rules (`cypher/rules/<id>.cypher`, shared/spec/coverage-rules.md), the
ledger names and orders its findings by it — so a new rule or kind of finding is named once.
"""

from __future__ import annotations

from dataclasses import dataclass

import cypher

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    subject_type: str
    title: str
    # Chinese headers of the rule's extra detail columns, in display order
    details: tuple[tuple[str, str], ...] = ()
    # gated rules (activity-tables.md): the roster table without whose rows a county gets no warnings
    gated_by: str | None = None

    @property
    def query(self) -> str:
        return cypher.load(f"rules/{self.id}")


RULES: tuple[Rule, ...] = (
    Rule("first_secretary", ERROR, "village", "重点村未配备第一书记", (("key_reasons", "重点村原因"),)),
    Rule(
        "first_secretary_party_member",
        ERROR,
        "person",
        "第一书记不是中共党员",
        (("political_status", "政治面貌"), ("villages", "任职村")),
    ),
    Rule(
        "work_team",
        ERROR,
        "village",
        "贫困村驻村工作队不健全",
        (("team_leaders", "在岗队长数"), ("team_size", "在岗队员数（含队长）")),
    ),
    Rule(
        "responsibility_group",
        ERROR,
        "village",
        "村脱贫责任组缺少合格组长",
        (("unqualified_leaders", "不合格的在岗组长"),),
    ),
    Rule("village_contact", ERROR, "village", "未落实包村干部"),
    Rule("leader_point", ERROR, "village", "软弱涣散村无县处级挂点领导"),
    Rule("party_liaison", ERROR, "village", "非重点村未明确党建联系人"),
    Rule("branch_secretary", ERROR, "village", "村党组织书记空缺", (("has_branch", "有村党组织"),)),
    Rule("contracting_unit", ERROR, "village", "贫困村无包村单位"),
    Rule("help_pair", ERROR, "household", "帮扶对象未落实帮扶责任人", (("status", "户状态"),)),
    Rule(
        "cadre_load", WARNING, "person", "帮扶干部负担过重", (("households", "帮扶户数"), ("limit", "上限"))
    ),
    Rule(
        "expiring",
        WARNING,
        "village",
        "第一书记/工作队长任期即将届满",
        (("roles", "角色"), ("persons", "人员"), ("end_dates", "结束日期")),
    ),
    # activity-tables.md: the rules marked gated report nothing for a county without a row of their table
    Rule(
        "visit_overdue",
        WARNING,
        "household",
        "帮扶责任人未按期走访",
        (("helpers", "在岗帮扶责任人"), ("last_visit", "最近一次走访"), ("last_visit_kind", "方式")),
        gated_by="visits",
    ),
    Rule(
        "reserve_cadre",
        WARNING,
        "village",
        "村无后备干部",
        (("former", "曾在库/待入库"),),
        gated_by="reserve_cadres",
    ),
    Rule(
        "evaluation_unfit",
        ERROR,
        "person",
        "述职评议不称职仍在岗",
        (("roles", "角色"), ("years", "评议年度"), ("villages", "任职村")),
    ),
    Rule(
        "collective_income",
        WARNING,
        "village",
        "村集体经营性收入低于下限",
        (("year", "年度"), ("collective_income", "集体经营性收入（万元）"), ("limit", "下限（万元）")),
        gated_by="village_indicators",
    ),
    Rule(
        "service_center",
        WARNING,
        "village",
        "党群服务中心不达标",
        (("year", "年度"), ("service_center", "党群服务中心")),
        gated_by="village_indicators",
    ),
    # monitoring.md: 防止返贫致贫 on time; gated like the activity rules, all three by the monitoring table
    Rule(
        "monitor_identify_overdue",
        ERROR,
        "household",
        "识别超时",
        (("clue_date", "线索日期"), ("waited_days", "已等待天数")),
        gated_by="monitoring",
    ),
    Rule(
        "monitor_measure_missing",
        ERROR,
        "household",
        "帮扶措施未落实",
        (("identified_date", "识别日期"), ("days_since_identified", "识别后天数")),
        gated_by="monitoring",
    ),
    Rule(
        "monitor_dev_measure",
        WARNING,
        "household",
        "有劳动力未落实开发式帮扶",
        (("labor", "有劳动能力人数"), ("measure_kinds", "在期措施")),
        gated_by="monitoring",
    ),
)
RULES_BY_ID = {r.id: r for r in RULES}
RULE_ORDER = {r.id: i for i, r in enumerate(RULES)}


# -- what a finding of the ledger can be about ----------------------------------------------------


@dataclass(frozen=True)
class FindingKind:
    id: str
    title: str


INSPECTION = "inspection"
INSPECTION_TITLE = "督查发现问题"

FINDING_KINDS: tuple[FindingKind, ...] = tuple(FindingKind(r.id, r.title) for r in RULES) + (
    FindingKind(INSPECTION, INSPECTION_TITLE),
)
FINDING_TITLES = {k.id: k.title for k in FINDING_KINDS}
FINDING_ORDER = {k.id: i for i, k in enumerate(FINDING_KINDS)}


def finding_title(kind: str | None) -> str:
    return FINDING_TITLES.get(kind or "", "")
