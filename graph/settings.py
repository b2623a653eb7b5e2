"""Settings: one place that says where things live and how big they are.

Read, lowest to highest priority, from built-in defaults, a TOML file (`bangfu.toml` in the working
directory, or the file named by `BANGFU_CONFIG`) and environment variables. The defaults suit a
2-core, 24 GiB machine. Commands receive a Settings object; nothing reads the environment elsewhere.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

# 走访方式 (activity-tables.md, `visits`): [rules] visit_kinds picks from the roster format's words
from graph.roster.vocabularies import VISIT_KIND_ALIASES, VISIT_KINDS
from graph.rulebook import FINDING_TITLES  # the rule ids (and 督查: inspection) of [ledger.due_days]

NEO4J_VERSION = "5.26.30"


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str | None = None  # set: use that server (NEO4J_URI); unset: the local one bangfu runs
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None  # None: the server's default database
    bolt_port: int = 7687
    data_dir: Path = Path("var/neo4j")
    dist_dir: Path = Path("var/neo4j-dist")
    heap: str = "4g"
    pagecache: str = "4g"
    start_timeout_s: float = 180.0
    # extra JVM options for the local server, e.g. ["-XX:TieredStopAtLevel=1"] where start-up time
    # matters more than long queries (the test suite's servers)
    jvm_options: tuple[str, ...] = ()
    # more Neo4j settings for the local server, "name=value" each (e.g. the test servers keep query
    # plans across wipes: "dbms.cypher.statistics_divergence_threshold=1")
    server_config: tuple[str, ...] = ()
    version: str = NEO4J_VERSION

    @property
    def is_external(self) -> bool:
        return self.uri is not None

    @property
    def password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def local_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


@dataclass(frozen=True)
class RuleSettings:
    """The thresholds of the responsibility rules ([rules] in bangfu.toml; coverage-rules.md and
    activity-tables.md). `visit_kinds` is a tuple so that the settings stay hashable; `as_dict` gives
    it as a list, as `check` prints it."""

    many_households: int = 20
    min_team_size: int = 3
    max_households_per_cadre: int = 5
    expiring_days: int = 30
    visit_days: int = 90  # visit_overdue: a helper's visit counts for this many days ending at D
    visit_kinds: tuple[str, ...] = ("入户",)  # visit_overdue: the kinds of visit that count
    min_collective_income: float = 5  # collective_income: 万元
    monitor_identify_days: int = 15  # monitor_identify_overdue: a clue waits at most this many days
    monitor_measure_days: int = 15  # monitor_measure_missing, monitor_dev_measure: days after 识别

    def as_dict(self) -> dict:
        """The settings as `check` shows them and the rule queries take them (lists, not tuples)."""
        return {**asdict(self), "visit_kinds": list(self.visit_kinds)}


@dataclass(frozen=True)
class LedgerSettings:
    """整改台账 (graph/ledger): the time a finding gives to fix it (整改时限), in days from when it was
    first found; per rule in [ledger.due_days] of bangfu.toml, else `ledger_due_days`."""

    due_days: int = 30
    due_days_by_rule: tuple[tuple[str, int], ...] = ()

    def due_days_for(self, rule: str) -> int:
        return dict(self.due_days_by_rule).get(rule, self.due_days)


@dataclass(frozen=True)
class BulletinSettings:
    """The 通报 as a 公文 ([bulletin] in bangfu.toml; graph/ledger/bulletin.py). `issuer` is the 发文机关
    (default: 中共 + the county's name + 委组织部, from the graph's county region); `number` the 发文字号
    with {abbr} (the county's first character), {year} (of the 成文日期) and {n} (the sequence: the
    month of the as-of date unless `bangfu bulletin --number N` gives it)."""

    issuer: str | None = None
    number: str = "{abbr}组通〔{year}〕{n}号"


@dataclass(frozen=True)
class QuerySettings:
    time_limit_s: float = 30.0
    row_limit: int = 10000
    user_dir: Path | None = None
    # analysts' and admins' queries in the web app run in a pool of their own (webapp/admission.py):
    # this many at once, this many per user, this many waiting (each at most this long)
    analyst_slots: int = 2
    analyst_per_user: int = 1
    analyst_queue: int = 4
    analyst_wait_s: float = 10.0


@dataclass(frozen=True)
class Settings:
    home: Path = Path("var")
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    rules: RuleSettings = field(default_factory=RuleSettings)
    queries: QuerySettings = field(default_factory=QuerySettings)
    ledger: LedgerSettings = field(default_factory=LedgerSettings)
    bulletin: BulletinSettings = field(default_factory=BulletinSettings)
    load_batch_size: int = 5000
    load_writers: int = 2  # write transactions a load runs at a time (loaders/write.py)
    export_max_nodes: int = 1500  # above this many nodes an exported picture is rolled up (graph/export)
    max_upload_mb: int = 200  # the web app refuses larger requests (roster uploads) with 413
    # a web session unused this long ends (besides the 8 hours from login); webapp/auth.py
    session_idle_minutes: int = 30
    # the session cookie is sent over HTTPS only: set when a TLS reverse proxy is in front (docs/deploy.md)
    secure_cookies: bool = False
    # reverse proxies in front of the web app whose X-Forwarded-For/-Proto/-Host are trusted (nginx: 1)
    proxy_hops: int = 0
    # a snapshot load that would end more than this share of a table's active rows in its scope (or
    # remove this share of its households) is refused: a cut or filtered file (loaders/snapshot.py)
    snapshot_max_end_share: float = 0.2
    # id and phone numbers are stored encrypted (graph/pii.py): the suite of a new key, and where the key
    # file lives (default <home>/keys; BANGFU_KEY_DIR overrides: one key for every home of one database)
    pii_suite: str = "sm4-gcm"
    key_dir: Path | None = None

    @property
    def first_admin_file(self) -> Path:
        """Where `bangfu serve` writes the first admin's login (mode 0600); `db reset` removes it."""
        return Path(self.home) / "first-admin.txt"

    def with_neo4j(self, **changes) -> "Settings":
        return replace(self, neo4j=replace(self.neo4j, **changes))


# what a settings file may hold at its top level: the sections and plain settings of Settings
TOP_LEVEL_KEYS = set(Settings.__dataclass_fields__) | {"ledger_due_days"}
PLAIN_INT_KEYS = (
    "load_batch_size",
    "load_writers",
    "export_max_nodes",
    "max_upload_mb",
    "session_idle_minutes",
    "proxy_hops",
)
PLAIN_BOOL_KEYS = ("secure_cookies",)
PLAIN_SHARE_KEYS = ("snapshot_max_end_share",)


def _section(dc_type, values: dict, paths: tuple[str, ...] = ()):
    known = {f for f in dc_type.__dataclass_fields__}
    kwargs = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"设置文件中有未知的设置项：{key}")
        if isinstance(value, list):  # a TOML array, kept as a tuple so that settings stay hashable
            value = tuple(value)
        kwargs[key] = Path(value) if key in paths and value is not None else value
    return dc_type(**kwargs)


def load_settings(config_file: str | os.PathLike | None = None, env: dict | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    path = Path(config_file or env.get("BANGFU_CONFIG") or "bangfu.toml")
    data: dict = {}
    if path.exists():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    elif config_file or env.get("BANGFU_CONFIG"):
        raise FileNotFoundError(f"找不到设置文件：{path}")

    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ValueError(
            f"设置文件 {path} 中有未知的设置项：{'、'.join(unknown)}"
            f"（可用：{'、'.join(sorted(TOP_LEVEL_KEYS))}）"
        )
    home = Path(env.get("BANGFU_HOME") or data.get("home") or "var")
    neo = dict(data.get("neo4j", {}))
    neo.setdefault("data_dir", str(home / "neo4j"))
    neo.setdefault("dist_dir", str(home / "neo4j-dist"))
    for key, var in (
        ("uri", "NEO4J_URI"),
        ("user", "NEO4J_USER"),
        ("password", "NEO4J_PASSWORD"),
        ("database", "NEO4J_DATABASE"),
    ):
        if env.get(var):
            neo[key] = env[var]
    if env.get("BANGFU_BOLT_PORT"):
        neo["bolt_port"] = int(env["BANGFU_BOLT_PORT"])
    queries = dict(data.get("queries", {}))
    key_dir = env.get("BANGFU_KEY_DIR") or data.get("key_dir")
    return Settings(
        key_dir=Path(key_dir) if key_dir else None,
        **({"pii_suite": str(data["pii_suite"])} if "pii_suite" in data else {}),
        ledger=_ledger(data),
        bulletin=_bulletin(data.get("bulletin", {})),
        home=home,
        neo4j=_section(Neo4jSettings, neo, ("data_dir", "dist_dir")),
        rules=_rules(data.get("rules", {})),
        queries=_section(QuerySettings, queries, ("user_dir",)),
        **{key: int(data[key]) for key in PLAIN_INT_KEYS if key in data},
        **{key: _share(key, data[key]) for key in PLAIN_SHARE_KEYS if key in data},
        **{key: _flag(key, data[key]) for key in PLAIN_BOOL_KEYS if key in data},
    )


def _flag(key: str, value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"设置项 {key} 只能是 true 或 false，现在是：{value!r}")
    return value


def _ledger(data: dict) -> LedgerSettings:
    """`ledger_due_days = 30` and `[ledger.due_days]` (rule id = days) of the settings file."""
    section = dict(data.get("ledger", {}))
    by_rule = section.pop("due_days", {})
    if section:
        raise ValueError(
            f"设置文件 [ledger] 中有未知的设置项：{'、'.join(sorted(section))}（可用：due_days）"
        )
    if not isinstance(by_rule, dict):
        raise ValueError("设置项 [ledger.due_days] 应为“规则编号 = 天数”的表")
    unknown = sorted(set(by_rule) - set(FINDING_TITLES))
    if unknown:
        raise ValueError(
            f"[ledger.due_days] 中有未知的规则：{'、'.join(unknown)}（可用：{'、'.join(FINDING_TITLES)}）"
        )
    days = {"ledger_due_days": data.get("ledger_due_days", LedgerSettings.due_days), **by_rule}
    for key, value in days.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"整改时限 {key} 应为不小于 0 的整数（天）：{value!r}")
    return LedgerSettings(days.pop("ledger_due_days"), tuple(sorted(days.items())))


BULLETIN_FIELDS = ("abbr", "year", "n")


def _bulletin(values: dict) -> BulletinSettings:
    """[bulletin]: the issuing body and the 发文字号's pattern, checked: a typo is told, not printed."""
    if not isinstance(values, dict):
        raise ValueError("设置项 [bulletin] 应为一个表（[bulletin] 下写“名称 = 值”）")
    unknown = sorted(set(values) - set(BulletinSettings.__dataclass_fields__))
    if unknown:
        raise ValueError(
            f"设置文件 [bulletin] 中有未知的设置项：{'、'.join(unknown)}（可用：issuer、number）"
        )
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"设置项 [bulletin] {key} 应为非空的文字：{value!r}")
    number = values.get("number", BulletinSettings.number)
    try:
        number.format(abbr="", year=2026, n=1)
    except (KeyError, IndexError, ValueError):
        raise ValueError(
            "设置项 [bulletin] number 只能用 {abbr}（县名首字）、{year}（年份）、{n}（序号）："
            f"{number!r}"
        ) from None
    return BulletinSettings(issuer=values.get("issuer"), number=number)


# [rules] thresholds that are whole numbers, with their smallest allowed value
RULE_INT_MINIMUM = {
    "many_households": 0,
    "min_team_size": 1,
    "max_households_per_cadre": 0,
    "expiring_days": 0,
    "visit_days": 1,
    "monitor_identify_days": 0,
    "monitor_measure_days": 0,
}


def _rules(values: dict) -> RuleSettings:
    """[rules]: each threshold checked, with a Chinese message naming it; visit kinds in Chinese or
    English (home/phone/video/other) become the Chinese word."""
    if not isinstance(values, dict):
        raise ValueError("设置项 [rules] 应为一个表（[rules] 下写“名称 = 值”）")
    unknown = sorted(set(values) - set(RuleSettings.__dataclass_fields__))
    if unknown:
        raise ValueError(
            f"设置文件 [rules] 中有未知的设置项：{'、'.join(unknown)}"
            f"（可用：{'、'.join(RuleSettings.__dataclass_fields__)}）"
        )
    kwargs: dict = {}
    for key, minimum in RULE_INT_MINIMUM.items():
        if key in values:
            value = values[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
                raise ValueError(f"设置项 [rules] {key} 应为不小于 {minimum} 的整数：{value!r}")
            kwargs[key] = value
    if "min_collective_income" in values:
        value = values["min_collective_income"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < float("inf"):
            raise ValueError(f"设置项 [rules] min_collective_income 应为不小于 0 的数（万元）：{value!r}")
        kwargs["min_collective_income"] = value
    if "visit_kinds" in values:
        kwargs["visit_kinds"] = _visit_kinds(values["visit_kinds"])
    return RuleSettings(**kwargs)


def _visit_kinds(value) -> tuple[str, ...]:
    allowed = "、".join(VISIT_KINDS)
    if isinstance(value, str) or not isinstance(value, list) or not value:
        raise ValueError(
            f'设置项 [rules] visit_kinds 应为走访方式的列表，如 ["入户"]（可用：{allowed}）：{value!r}'
        )
    kinds: list[str] = []
    for item in value:
        kind = VISIT_KIND_ALIASES.get(item.strip().lower(), item.strip()) if isinstance(item, str) else item
        if kind not in VISIT_KINDS:
            raise ValueError(f"设置项 [rules] visit_kinds 中的走访方式“{item}”无效（可用：{allowed}）")
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def _share(key: str, value) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(f"设置项 {key} 应在 0 到 1 之间：{value}")
    return share
