"""The roster format (shared/spec/roster-format.md) as data: the tables, and the vocabulary the graph
stores (its values are the roster's Chinese words).

It lives in graph/ because the graph model speaks it too: the Chinese words pages show
(graph/vocabulary.py), the roster export, the rules' values. Everything the reader, the validator and
the writer need to know about a table lives here, once:
its English and Chinese names, its columns (with the kind of value each holds and whether it is
required), the closed vocabularies with their English aliases, the unique key and what each
reference column points at. Changing the input contract means changing this file and nothing else
outside the Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# -- vocabularies (Chinese value → itself; English aliases → Chinese value) -------------------------

REGION_LEVELS = ("县区", "乡镇", "村")
LEVEL_DEPTH = {"县区": 0, "乡镇": 1, "村": 2}
PARTY_KINDS = ("党委", "党工委", "党总支", "党支部")
ORG_KINDS = PARTY_KINDS + ("机关", "事业单位", "国有企业", "金融机构", "村委会", "其他")
BRANCH_KINDS = ("党支部", "党总支")  # a branch whose region is a village governs that village
GENDERS = ("男", "女")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
RANKS = ("县处级", "乡科级", "一般干部", "村干部", "其他")
CONTRACTING_UNIT = "包村单位"
ROLES = (
    "第一书记",
    "工作队长",
    "工作队员",
    "包村干部",
    "挂点领导",
    "党建联系人",
    "党建指导员",
    "责任组长",
    "责任组员",
    CONTRACTING_UNIT,
)
HOUSEHOLD_STATUSES = ("未脱贫", "已脱贫", "监测对象", "已销户")
HOUSEHOLD_CATEGORIES = ("一般户", "低保户", "特困供养户")
CAUSES = (
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通条件落后",
    "自身发展动力不足",
    "其他",
)
ENTERPRISE_KINDS = ("龙头企业", "农民专业合作社", "扶贫车间", "产业基地", "光伏电站", "家庭农场", "其他")
LINK_MODES = ("务工就业", "入股分红", "土地流转", "订单收购", "技能培训", "其他")
PROGRAMS = (
    "教育资助",
    "医疗救助",
    "危房改造",
    "光伏收益",
    "小额信贷",
    "雨露计划",
    "产业奖补",
    "公益岗位",
    "兜底保障",
    "其他",
)
SECRETARY_TITLES = frozenset({"书记", "支部书记", "党支部书记", "党总支书记", "村党支部书记", "村党组织书记"})

ROLE_ALIASES = {
    "first_secretary": "第一书记",
    "team_leader": "工作队长",
    "team_member": "工作队员",
    "village_contact": "包村干部",
    "leader_point": "挂点领导",
    "party_liaison": "党建联系人",
    "party_instructor": "党建指导员",
    "group_leader": "责任组长",
    "group_member": "责任组员",
    "contracting_unit": CONTRACTING_UNIT,
}
LEVEL_ALIASES = {"county": "县区", "township": "乡镇", "village": "村"}

# the activity tables (shared/spec/activity-tables.md)
VISIT_KINDS = ("入户", "电话", "视频", "其他")
VISIT_KIND_ALIASES = {"home": "入户", "phone": "电话", "video": "视频", "other": "其他"}
RESERVE_SOURCES = ("致富能手", "农民党员", "复转军人", "大学毕业生", "返乡创业", "其他")
TALENT_KINDS = ("乡贤", "在外人才", "返乡创业")
SUBJECT_TYPES = ("村", "人员", "单位")
SUBJECT_TYPE_ALIASES = {"village": "村", "person": "人员", "unit": "单位"}
# what an inspection's subject_id refers to, by its subject_type
SUBJECT_REFERENCES = (("村", "village"), ("人员", "person"), ("单位", "organization"))
INSPECTION_KINDS = ("暗访", "交叉互查", "专项督查", "到岗检查")
INSPECTION_RESULTS = ("合格", "发现问题")
EVALUATED_ROLES = ("第一书记", "村党组织书记", "工作队长")
GRADES = ("优秀", "称职", "基本称职", "不称职")
# the older four-step words some counties still use, read as the four grades in order
GRADE_ALIASES = {"好": "优秀", "较好": "称职", "一般": "基本称职", "差": "不称职"}
SERVICE_CENTER_GRADES = ("示范", "达标", "不达标")
STATUS_ALIASES = {"poor": "未脱贫", "exited": "已脱贫", "monitored": "监测对象", "closed": "已销户"}


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of Chinese values; English aliases (matched case-insensitively) map onto them."""

    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def lookup(self, text: str) -> str | None:
        if text in self.values:
            return text
        return self.aliases.get(text.lower())

    def describe(self) -> str:
        shown = list(self.values)
        if self.aliases:
            shown += [f"{k}（{v}）" for k, v in self.aliases.items()]
        return "、".join(shown)


# -- columns and tables ------------------------------------------------------------------------------

# Kinds of value: text, code, date, yesno, int, number, year, vocab, id_number, phone, credit_code,
# reference (a code of something else; `ref` names what: see REFERENCE_TARGETS).
KINDS = (
    "text",
    "code",
    "date",
    "yesno",
    "int",
    "number",
    "year",
    "vocab",
    "id_number",
    "phone",
    "credit_code",
    "reference",
)

# What a reference may point at: (table holding the key, graph label, constraint on the target).
REFERENCE_TARGETS = {
    "region": ("regions", "Region", None),
    "village": ("regions", "Region", "村"),
    "organization": ("organizations", "Organization", None),
    "unit": ("organizations", "Organization", "unit"),
    "party_org": ("organizations", "Organization", "party"),
    "person": ("people", "Person", None),
    "household": ("households", "Household", None),
    "enterprise": ("enterprises", "Enterprise", None),
}


@dataclass(frozen=True)
class Column:
    name: str  # English name, also the property name in the graph
    zh: str  # Chinese name
    kind: str = "text"
    required: bool = False
    vocab: Vocabulary | None = None
    ref: str | None = None  # key of REFERENCE_TARGETS when kind == "reference"
    min_value: int | None = None
    # a reference whose target depends on another column of the row: (that column, ((its value, ref),
    # …)); `ref` is then what the column names when that value is unknown (the row has a problem)
    ref_by: tuple[str, tuple[tuple[str, str], ...]] | None = None

    def __post_init__(self):
        assert self.kind in KINDS, self.kind
        assert (self.kind == "vocab") == (self.vocab is not None), self.name
        assert (self.kind == "reference") == (self.ref is not None), self.name
        assert self.ref_by is None or self.kind == "reference", self.name

    def reference_kind(self, values: dict) -> str | None:
        """What this reference column names in a row (None: nothing to check, the choosing column
        has a problem of its own)."""
        if self.ref_by is None:
            return self.ref
        chooser, choices = self.ref_by
        return dict(choices).get(values.get(chooser))


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    columns: tuple[Column, ...]
    key: str | None = None  # the unique key column of a node table; None for relationship tables
    # relationship tables: the columns that name one relationship (what the load MERGEs on); a row
    # that repeats them is a duplicate, like a repeated key of a node table
    rel_key: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def is_node_table(self) -> bool:
        return self.key is not None


def _v(values, aliases=None) -> Vocabulary:
    return Vocabulary(tuple(values), dict(aliases or {}))


TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        "行政区划",
        (
            Column("code", "区划代码", "code", True),
            Column("name", "名称", "text", True),
            Column("level", "层级", "vocab", True, _v(REGION_LEVELS, LEVEL_ALIASES)),
            Column("parent_code", "上级代码", "reference", ref="region"),  # required except 县区
            Column("poor_village", "贫困村", "yesno"),
            Column("weak_org", "软弱涣散", "yesno"),
            Column("exit_year", "出列年份", "year"),
        ),
        key="code",
    ),
    Table(
        "organizations",
        "组织机构",
        (
            Column("code", "组织代码", "code", True),
            Column("name", "名称", "text", True),
            Column("kind", "类型", "vocab", True, _v(ORG_KINDS)),
            Column("parent_code", "上级组织代码", "reference", ref="organization"),
            Column("region_code", "所在区划代码", "reference", ref="region"),
        ),
        key="code",
    ),
    Table(
        "people",
        "人员",
        (
            Column("person_id", "人员编号", "code", True),
            Column("name", "姓名", "text", True),
            Column("gender", "性别", "vocab", vocab=_v(GENDERS)),
            Column("id_number", "身份证号", "id_number"),
            Column("political_status", "政治面貌", "vocab", vocab=_v(POLITICAL_STATUSES)),
            Column("rank", "职级", "vocab", vocab=_v(RANKS)),
            Column("unit_code", "工作单位代码", "reference", ref="organization"),
            Column("phone", "联系电话", "phone"),
        ),
        key="person_id",
    ),
    Table(
        "households",
        "帮扶对象",
        (
            Column("household_id", "户编号", "code", True),
            Column("head_name", "户主姓名", "text", True),
            Column("head_id_number", "户主身份证号", "id_number"),
            Column("village_code", "村代码", "reference", True, ref="village"),
            Column("size", "家庭人口", "int", True, min_value=1),
            Column("status", "户状态", "vocab", True, _v(HOUSEHOLD_STATUSES, STATUS_ALIASES)),
            Column("category", "户类型", "vocab", vocab=_v(HOUSEHOLD_CATEGORIES)),
            Column("cause", "主要致贫原因", "vocab", vocab=_v(CAUSES)),
            Column("exit_year", "脱贫年份", "year"),
        ),
        key="household_id",
    ),
    Table(
        "enterprises",
        "带贫主体",
        (
            Column("enterprise_id", "主体编号", "code", True),
            Column("name", "名称", "text", True),
            Column("kind", "类型", "vocab", True, _v(ENTERPRISE_KINDS)),
            Column("village_code", "所在村代码", "reference", True, ref="village"),
            Column("credit_code", "统一社会信用代码", "credit_code"),
            Column("manager_id", "负责人编号", "reference", ref="person"),
            Column("party_org_code", "党组织代码", "reference", ref="party_org"),
        ),
        key="enterprise_id",
    ),
    Table(
        "posts",
        "任职",
        (
            Column("person_id", "人员编号", "reference", True, ref="person"),
            Column("org_code", "组织代码", "reference", True, ref="organization"),
            Column("title", "职务", "text", True),
            Column("start_date", "任职日期", "date"),
            Column("end_date", "离任日期", "date"),
        ),
        rel_key=("person_id", "org_code", "title", "start_date"),
    ),
    Table(
        "assignments",
        "责任分工",
        (
            Column("role", "责任类型", "vocab", True, _v(ROLES, ROLE_ALIASES)),
            Column("village_code", "村代码", "reference", True, ref="village"),
            Column("person_id", "人员编号", "reference", ref="person"),  # required for person roles
            Column("unit_code", "单位代码", "reference", ref="organization"),  # 包村单位: required, a unit
            Column("start_date", "开始日期", "date"),
            Column("end_date", "结束日期", "date"),
        ),
        rel_key=("role", "village_code", "person_id", "unit_code", "start_date"),
    ),
    Table(
        "help_pairs",
        "结对帮扶",
        (
            Column("person_id", "帮扶责任人编号", "reference", True, ref="person"),
            Column("household_id", "户编号", "reference", True, ref="household"),
            Column("start_date", "开始日期", "date"),
            Column("end_date", "结束日期", "date"),
        ),
        rel_key=("person_id", "household_id", "start_date"),
    ),
    Table(
        "enterprise_links",
        "带贫联结",
        (
            Column("enterprise_id", "主体编号", "reference", True, ref="enterprise"),
            Column("household_id", "户编号", "reference", True, ref="household"),
            Column("mode", "带贫方式", "vocab", True, _v(LINK_MODES)),
            Column("annual_income", "年增收（元）", "number"),
            Column("year", "年份", "year"),
        ),
        rel_key=("enterprise_id", "household_id", "mode", "year"),
    ),
    Table(
        "benefits",
        "政策享受",
        (
            Column("household_id", "户编号", "reference", True, ref="household"),
            Column("program", "项目", "vocab", True, _v(PROGRAMS)),
            Column("amount", "金额（元）", "number"),
            Column("year", "年份", "year"),
        ),
        rel_key=("household_id", "program", "year"),
    ),
    # -- what the reports say besides who is assigned (shared/spec/activity-tables.md) --
    Table(
        "visits",
        "走访记录",
        (
            Column("person_id", "帮扶责任人编号", "reference", True, ref="person"),
            Column("household_id", "户编号", "reference", True, ref="household"),
            Column("date", "走访日期", "date", True),
            Column("kind", "方式", "vocab", True, _v(VISIT_KINDS, VISIT_KIND_ALIASES)),
            Column("note", "内容", "text"),
        ),
        rel_key=("person_id", "household_id", "date", "kind"),
    ),
    Table(
        "reserve_cadres",
        "后备干部",
        (
            Column("person_id", "人员编号", "reference", True, ref="person"),
            Column("village_code", "村代码", "reference", True, ref="village"),
            Column("start_date", "入库日期", "date"),
            Column("end_date", "出库日期", "date"),
            Column("source", "来源", "vocab", vocab=_v(RESERVE_SOURCES)),
        ),
        rel_key=("person_id", "village_code", "start_date"),
    ),
    Table(
        "talents",
        "在外人才",
        (
            Column("person_id", "人员编号", "reference", True, ref="person"),
            Column("home_village_code", "家乡村代码", "reference", True, ref="village"),
            Column("kind", "类型", "vocab", True, _v(TALENT_KINDS)),
            Column("residence", "所在地", "text"),
            Column("last_contact", "最近联系日期", "date"),
            Column("contribution", "反哺情况", "text"),
            Column("amount", "金额（元）", "number"),
        ),
        rel_key=("person_id", "home_village_code"),
    ),
    Table(
        "inspections",
        "督查记录",
        (
            Column("inspection_id", "督查编号", "code", True),
            Column("date", "日期", "date", True),
            Column("unit_code", "督查单位代码", "reference", True, ref="organization"),
            Column("subject_type", "对象类型", "vocab", True, _v(SUBJECT_TYPES, SUBJECT_TYPE_ALIASES)),
            Column(
                "subject_id",
                "对象编号",
                "reference",
                True,
                ref="village",
                ref_by=("subject_type", SUBJECT_REFERENCES),
            ),
            Column("kind", "方式", "vocab", True, _v(INSPECTION_KINDS)),
            Column("result", "结果", "vocab", True, _v(INSPECTION_RESULTS)),
            Column("problem", "问题", "text"),
            Column("category", "问题类别", "text"),
        ),
        key="inspection_id",
    ),
    Table(
        "evaluations",
        "述职评议",
        (
            Column("person_id", "人员编号", "reference", True, ref="person"),
            Column("year", "年度", "year", True),
            Column("role", "角色", "vocab", True, _v(EVALUATED_ROLES)),
            Column("grade", "等次", "vocab", True, _v(GRADES, GRADE_ALIASES)),
            Column("unit_code", "评议单位代码", "reference", ref="organization"),
        ),
        rel_key=("person_id", "year", "role"),
    ),
    Table(
        "village_indicators",
        "村级指标",
        (
            Column("village_code", "村代码", "reference", True, ref="village"),
            Column("year", "年度", "year", True),
            Column("collective_income", "集体经营性收入（万元）", "number"),
            Column("service_center", "党群服务中心", "vocab", vocab=_v(SERVICE_CENTER_GRADES)),
            Column("note", "备注", "text"),
        ),
        rel_key=("village_code", "year"),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
# the six tables of shared/spec/activity-tables.md (the last six of TABLES)
ACTIVITY_TABLES = ("visits", "reserve_cadres", "talents", "inspections", "evaluations", "village_indicators")
# Dependency order: a table only references tables before it (or itself: regions, organizations).
TABLE_ORDER = tuple(t.name for t in TABLES)


def relationship_key_columns(table: Table, values: dict) -> tuple[str, ...]:
    """The columns that name one relationship of this row: an assignment names its person, or for
    包村单位 its unit; the other column is a property, not part of the key."""
    if table.name == "assignments":
        other = "person_id" if values.get("role") == CONTRACTING_UNIT else "unit_code"
        return tuple(n for n in table.rel_key if n != other)
    return table.rel_key


def relationship_key(table: Table, values: dict) -> tuple | None:
    """What names one relationship of a relationship table's row (what the load MERGEs on), or None
    when a part it needs is missing (that row has a problem of its own)."""
    parts = []
    for name in relationship_key_columns(table, values):
        value = values.get(name)
        if value is None and table.column(name).required:
            return None
        parts.append(value.isoformat() if hasattr(value, "isoformat") else value)
    return tuple(parts)


def table_for_name(name: str) -> Table | None:
    """The table a file stem or sheet name stands for (English, case-insensitive, or Chinese)."""
    text = name.strip().strip("\u3000").strip()
    for t in TABLES:
        if text.lower() == t.name or text == t.zh:
            return t
    return None
