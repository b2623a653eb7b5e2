"""The catalogue of saved queries: shipped ones, the user's, and the responsibility rules.

- shipped: `cypher/queries/<name>.cypher`;
- the user's: `<settings.queries.user_dir>/<name>.cypher` (source "user"). A user query never
  replaces a shipped one: a name that is already taken (shipped query, rule, choices source) is a
  QueryDefinitionError naming both files — rename the user file;
- choices sources: `cypher/queries/choices/<name>.cypher` and `<user_dir>/choices/<name>.cypher`,
  plain read queries returning `value` and `label`, named in headers as `choices=@name`;
- rules: one entry `rule_<id>` per rule in graph.rulebook.RULES, generated from the registry and
  running the rule's own file `cypher/rules/<id>.cypher` (nothing copied). Its parameters are the
  ones the rule uses: as_of (default today), region, and the thresholds (defaults from settings);
- stored: the queries analysts save from the web editor, kept in Neo4j (graph/queries/stored.py;
  source "stored"), in the same header format and parsed by the same parser. Saving refuses a name
  the files or rules use; one that became taken later (a new shipped query after an upgrade) or a
  text that no longer parses is left out of the list and named in `Catalogue.problems` (shown to
  admins) rather than stopping the catalogue: the files are the product, the stored ones its users'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cypher
from graph.queries.errors import QueryDefinitionError, UnknownQuery
from graph.queries.header import CATEGORIES, Display, Param, SavedQuery, parse_query_file
from graph.queries.lexer import strip_comments_and_strings, used_params
from graph.queries.stored import StoredRecord, stored_query
from graph.queries.stored import records as stored_records
from graph.roster.vocabularies import VISIT_KINDS
from graph.rulebook import RULES
from graph.settings import RuleSettings, Settings

SHIPPED_DIR = cypher.CYPHER_DIR / "queries"
RULE_PREFIX = "rule_"
RULE_PARAM_LABELS = {  # name: (label, type, minimum, choices)
    "many_households": ("重点村阈值：未脱贫/监测对象户数", "int", 0, None),
    "min_team_size": ("驻村工作队最少人数", "int", 1, None),
    "max_households_per_cadre": ("每名帮扶干部帮扶户数上限", "int", 0, None),
    "expiring_days": ("任期届满预警天数", "int", 0, None),
    "visit_days": ("走访周期（天）", "int", 1, None),
    "visit_kinds": ("计入的走访方式（多个用、分隔）", "strings", None, VISIT_KINDS),
    "min_collective_income": ("村集体经营性收入下限（万元）", "float", 0, None),
    "monitor_identify_days": ("监测对象识别时限（天）", "int", 0, None),
    "monitor_measure_days": ("识别后落实帮扶措施时限（天）", "int", 0, None),
}


@dataclass
class Catalogue:
    queries: dict[str, SavedQuery] = field(default_factory=dict)
    choices: dict[str, tuple[Path, str]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # stored queries left out: (name, why)

    def with_stored(self, records: list[StoredRecord]) -> Catalogue:
        """This catalogue (files and rules) with the active stored queries of `records` added."""
        out = Catalogue(dict(self.queries), self.choices, list(self.problems))
        for record in records:
            if record.retired:
                continue
            if record.name in out.queries or record.name in out.choices:
                out.problems.append(
                    (
                        record.name,
                        f"常用查询 {record.name}（{record.author} 保存）与自带查询或选项来源重名，未列出；"
                        "请管理员停用它，并以新名称另存",
                    )
                )
                continue
            try:
                out.queries[record.name] = stored_query(record, set(out.choices))
            except QueryDefinitionError as exc:
                out.problems.append((record.name, f"{exc.message}（未列出，请作者或管理员修改）"))
        return out

    def is_taken(self, name: str) -> str | None:
        """What already uses `name` among the files, rules and choices sources (None: free)."""
        if name.startswith(RULE_PREFIX):
            return "rule_ 开头的名称留给责任落实规则"
        if name in self.choices:
            return f"选项来源 @{name} 已用此名"
        other = self.queries.get(name)
        if other is None or other.source == "stored":
            return None
        kind = {"shipped": "自带查询", "user": "用户查询文件", "rule": "规则查询"}.get(other.source, "查询")
        return f"{kind}“{other.title}”已用此名"

    def get(self, name: str) -> SavedQuery:
        try:
            return self.queries[name]
        except KeyError:
            close = [n for n in self.queries if name in n or n in name][:8]
            hint = f"；相近的查询：{'、'.join(close)}" if close else "；运行 `bangfu query list` 查看全部"
            raise UnknownQuery(f"没有名为“{name}”的保存查询{hint}") from None

    def __iter__(self):
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def by_category(self) -> dict[str, list[SavedQuery]]:
        out: dict[str, list[SavedQuery]] = {c: [] for c in CATEGORIES}
        for q in sorted(self.queries.values(), key=lambda q: q.name):
            out[q.category].append(q)
        return {c: qs for c, qs in out.items() if qs}


def _read_choices(folder: Path, source: str, catalogue: Catalogue) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.cypher")):
        name = path.stem
        if name in catalogue.choices:
            raise QueryDefinitionError(
                path,
                None,
                f"选项来源 @{name} 与 {catalogue.choices[name][0]} 同名；"
                "用户的选项来源不能覆盖自带的，请改文件名",
            )
        text = path.read_text(encoding="utf-8-sig")
        clean = strip_comments_and_strings(text)
        if "value" not in clean or not clean.strip():
            raise QueryDefinitionError(path, None, "选项来源须是返回 value（及 label）列的只读查询")
        if used_params(text):
            raise QueryDefinitionError(path, None, "选项来源不能带参数")
        catalogue.choices[name] = (path, text)


def _read_queries(folder: Path, source: str, catalogue: Catalogue) -> None:
    names = set(catalogue.choices)
    for path in sorted(folder.glob("*.cypher")):
        query = parse_query_file(path, source=source, choices_names=names)
        other = catalogue.queries.get(query.name)
        if other is not None:
            where = other.path or f"规则 {other.extra.get('rule_id')}"
            raise QueryDefinitionError(
                path,
                None,
                f"查询名 {query.name} 与{'自带' if other.source != 'user' else ''}"
                f"查询 {where} 重名；用户查询不能覆盖已有查询，请改文件名",
            )
        catalogue.queries[query.name] = query


def rule_queries(rules: RuleSettings) -> list[SavedQuery]:
    """One saved query per responsibility rule, running the rule's own Cypher file."""
    defaults = rules.as_dict()
    out = []
    for rule in RULES:
        path = cypher.CYPHER_DIR / "rules" / f"{rule.id}.cypher"
        if not path.exists():
            continue
        text = rule.query
        used = used_params(text)
        params: list[Param] = []
        if "as_of" in used:
            params.append(Param("as_of", "date", "检查日期", default="today", default_text="today"))
        if "region" in used:
            params.append(Param("region", "region", "区划（县区/乡镇/村，空为全部）"))
        for key, (label, p_type, minimum, choices) in RULE_PARAM_LABELS.items():
            if key in used:
                default = defaults[key]
                params.append(
                    Param(
                        key,
                        p_type,
                        label,
                        default=default,
                        default_text="、".join(default) if p_type == "strings" else str(default),
                        minimum=minimum,
                        choices=choices,
                    )
                )
        unknown = set(used) - {p.name for p in params}
        if unknown:
            raise QueryDefinitionError(path, None, f"规则用到未知参数 {'、'.join(sorted(unknown))}")
        comment = [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("//")][
            :6
        ]
        description = "".join(comment[1:]) if len(comment) > 1 else rule.title
        severity = "错误" if rule.severity == "error" else "警告"
        out.append(
            SavedQuery(
                name=RULE_PREFIX + rule.id,
                title=f"规则：{rule.title}（{severity}）",
                description=description,
                category="责任落实",
                params=tuple(params),
                display=Display("table"),
                cypher=text,
                path=path,
                source="rule",
                extra={"rule_id": rule.id, "severity": rule.severity},
            )
        )
    return out


def load_catalogue(
    settings: Settings | None = None,
    *,
    shipped_dir: Path = SHIPPED_DIR,
    user_dir: Path | None = None,
    include_rules: bool = True,
    graph=None,
) -> Catalogue:
    """Every saved query, validated; any malformed file or name clash raises QueryDefinitionError.
    With `graph`, the stored queries too (`Catalogue.with_stored`)."""
    files = _load_files(settings, shipped_dir=shipped_dir, user_dir=user_dir, include_rules=include_rules)
    if graph is None:
        return files
    return files.with_stored(stored_records(graph))


def _load_files(settings, *, shipped_dir: Path, user_dir: Path | None, include_rules: bool) -> Catalogue:
    settings = settings or Settings()
    if user_dir is None:
        user_dir = settings.queries.user_dir
    catalogue = Catalogue()
    _read_choices(shipped_dir / "choices", "shipped", catalogue)
    if user_dir is not None:
        _read_choices(Path(user_dir) / "choices", "user", catalogue)
    _read_queries(shipped_dir, "shipped", catalogue)
    if include_rules:
        for q in rule_queries(settings.rules):
            if q.name in catalogue.queries:
                raise QueryDefinitionError(
                    catalogue.queries[q.name].path,
                    None,
                    f"查询名 {q.name} 与责任落实规则重名（rule_ 前缀留给规则）",
                )
            catalogue.queries[q.name] = q
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise QueryDefinitionError(folder, None, "设置中的用户查询目录（queries.user_dir）不存在")
        _read_queries(folder, "user", catalogue)
    return catalogue
