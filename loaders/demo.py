"""A fictional county (or set of counties) in the roster format, at any scale, with planted gaps.

`generate(out_dir, households=N, seed=S, gap_share=F, as_of=D)` writes one UTF-8 CSV per table
(Chinese headers, as in the shared sample) and returns a `DemoResult` with row counts and the gaps it
planted. Everything comes from one `random.Random(seed)`, so a seed gives the same files byte for byte.

Shape (from the spec's figures): 15–30 villages a township, 8–20 townships a county, 20–40 % poor
villages, some weak-organization (软弱涣散) villages, about 45 registered households a village, one
help cadre for about 3.2 households. Large N gives several counties, each a `县区` root.

Every rule of coverage-rules.md has something to find at the as-of date: each candidate subject is
made a gap with probability `gap_share`, and each rule is planted at least once (at the first village
where it fits), so even a few hundred households show every rule. Near misses that must NOT be flagged
are planted too (an expiring first secretary whose successor starts the day after; a non-key village
with a first secretary and no liaison; a cadre with exactly five households …).

Streaming: rows are written village by village; only the geography plan (a few bytes a village) and
one village's rows are held in memory, so 5,000,000 households stay far below 1 GB.
"""

from __future__ import annotations

import datetime as _dt
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import uscc as _uscc

from graph.rules import RULES as ALL_RULES
from graph.tables import TABLES as ROSTER_TABLES

# -- the roster tables, their Chinese headers and the rules: from where they are defined ------------
HEADERS: dict[str, list[str]] = {t.name: [c.zh for c in t.columns] for t in ROSTER_TABLES}
TABLES = tuple(HEADERS)
RULES = tuple(rule.id for rule in ALL_RULES)

HH_PER_VILLAGE = 45  # mean registered households a village
MANY_HOUSEHOLDS = 20  # the rules' default: needy households that make a village key
MAX_LOAD = 5  # the rules' default max_households_per_cadre
EXPIRING_DAYS = 30

# -- names ------------------------------------------------------------------------------------------
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常乔康"
)
_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林峰建国志新海东亮成荣松德文武春庆福生"
_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰红梅琳燕慧莉萍颖雪婷琴云洁倩玉凤珍翠花月晓丹"
_VILLAGE_SUFFIX = "湾楼庄营寨集店岗洼屯桥坡庙园河沟铺圈台庄楼"
_TOWN_FIRST = "水石白清安永长平宁丰临兴新嘉双金马龙凤古高黄柳杨桃花大小东西南北"
_TOWN_SECOND = "屯集店桥河庄寨岗湖山坪口埠阳城塘店铺港湾林"
_COUNTY_FIRST = "云青石白清安永长平宁丰临兴新嘉双金凤古高柳桃泰淮汝颍沙溱洧伏"
_COUNTY_SECOND = "溪阳泉河川山原丘城江湖水林陵台谷源津宁安"

# (template, kind, head title); {c} is the county's name, e.g. 云溪县
_UNITS = (
    ("{c}财政局", "机关", "局长"),
    ("{c}农业农村局", "机关", "局长"),
    ("{c}教育局", "机关", "局长"),
    ("{c}水利局", "机关", "局长"),
    ("{c}交通运输局", "机关", "局长"),
    ("{c}民政局", "机关", "局长"),
    ("{c}卫生健康委员会", "机关", "主任"),
    ("{c}人力资源和社会保障局", "机关", "局长"),
    ("{c}自然资源局", "机关", "局长"),
    ("{c}住房和城乡建设局", "机关", "局长"),
    ("{c}发展和改革委员会", "机关", "主任"),
    ("{c}乡村振兴局", "机关", "局长"),
    ("{c}商务局", "机关", "局长"),
    ("{c}市场监督管理局", "机关", "局长"),
    ("{c}审计局", "机关", "局长"),
    ("{c}统计局", "机关", "局长"),
    ("{c}医疗保障局", "机关", "局长"),
    ("{c}林业局", "机关", "局长"),
    ("{c}应急管理局", "机关", "局长"),
    ("{c}退役军人事务局", "机关", "局长"),
    ("{c}文化广电和旅游局", "机关", "局长"),
    ("{c}工业和信息化局", "机关", "局长"),
    ("{c}科学技术局", "机关", "局长"),
    ("{c}司法局", "机关", "局长"),
    ("{c}公安局", "机关", "局长"),
    ("{c}人民法院", "机关", "院长"),
    ("{c}人民检察院", "机关", "检察长"),
    ("{c}税务局", "机关", "局长"),
    ("{c}委办公室", "机关", "主任"),
    ("{c}人民政府办公室", "机关", "主任"),
    ("{c}委宣传部", "机关", "部长"),
    ("{c}委统战部", "机关", "部长"),
    ("{c}纪委监委", "机关", "书记"),
    ("{c}总工会", "机关", "主席"),
    ("{c}妇女联合会", "机关", "主席"),
    ("{c}残疾人联合会", "机关", "理事长"),
    ("{c}供销合作社联合社", "机关", "主任"),
    ("{c}信访局", "机关", "局长"),
    ("{c}人民医院", "事业单位", "院长"),
    ("{c}中医院", "事业单位", "院长"),
    ("{c}妇幼保健院", "事业单位", "院长"),
    ("{c}疾病预防控制中心", "事业单位", "主任"),
    ("{c}第一高级中学", "事业单位", "校长"),
    ("{c}职业教育中心", "事业单位", "主任"),
    ("{c}农业技术推广中心", "事业单位", "主任"),
    ("{c}畜牧兽医服务中心", "事业单位", "主任"),
    ("{c}融媒体中心", "事业单位", "主任"),
    ("{c}不动产登记中心", "事业单位", "主任"),
    ("{c}公共资源交易中心", "事业单位", "主任"),
    ("{c}水利工程管理站", "事业单位", "站长"),
    ("{c}城市投资发展集团有限公司", "国有企业", "董事长"),
    ("{c}农业发展投资有限公司", "国有企业", "董事长"),
    ("{c}交通投资有限公司", "国有企业", "董事长"),
    ("{c}供水有限公司", "国有企业", "总经理"),
    ("国网{c}供电公司", "国有企业", "经理"),
    ("中国移动{c}分公司", "国有企业", "经理"),
    ("{c}农村商业银行", "金融机构", "董事长"),
    ("中国农业银行{c}支行", "金融机构", "行长"),
    ("中国邮政储蓄银行{c}支行", "金融机构", "行长"),
    ("中国工商银行{c}支行", "金融机构", "行长"),
    ("中国建设银行{c}支行", "金融机构", "行长"),
    ("{c}农村信用合作联社", "金融机构", "理事长"),
)
_TOWN_LEADER_TITLES = ("副书记", "组织委员", "纪委书记", "人大主席", "宣传委员", "武装部长", "统战委员")
_SECRETARY_TITLES = ("书记", "党支部书记", "书记", "村党支部书记", "党支部书记", "村党组织书记", "支部书记")

# -- vocabularies with weights ------------------------------------------------------------------------
_SIZE_W = ((1, 9), (2, 15), (3, 21), (4, 25), (5, 17), (6, 9), (7, 4))  # mean 3.69
_CATEGORY_W = (("一般户", 70), ("低保户", 22), ("特困供养户", 8))
_CAUSE_W = (
    ("因病", 30),
    ("因残", 14),
    ("因学", 9),
    ("因灾", 3),
    ("缺土地", 4),
    ("缺水", 2),
    ("缺技术", 10),
    ("缺劳力", 12),
    ("缺资金", 8),
    ("交通条件落后", 2),
    ("自身发展动力不足", 4),
    ("其他", 2),
)
# (status, exit year or ""): most exited 2014–2020, some poor, some monitored, a few closed
_STATUS_W = tuple(
    [
        (("已脱贫", str(y)), w)
        for y, w in ((2014, 6), (2015, 8), (2016, 12), (2017, 14), (2018, 15), (2019, 14), (2020, 9))
    ]
    + [
        (("未脱贫", ""), 6),
        (("监测对象", ""), 5),
        (("监测对象", "2019"), 4),
        (("监测对象", "2020"), 3),
        (("已销户", ""), 4),
    ]
)
_BENEFIT_N_W = ((0, 58), (1, 27), (2, 10), (3, 5))
_PROGRAMS = (
    ("教育资助", (1000, 1500, 2000, 2500, 3000)),
    ("医疗救助", (400, 800, 1500, 3000, 12000)),
    ("危房改造", (8000, 12000, 20000)),
    ("光伏收益", (500, 800, 1000, 3000)),
    ("小额信贷", (20000, 30000, 50000)),
    ("雨露计划", (1500, 3000)),
    ("产业奖补", (500, 1000, 2000, 3000)),
    ("公益岗位", (3600, 6000, 7200)),
    ("兜底保障", (2400, 3600, 4800)),
    ("其他", (200, 500, 1000)),
)
_LINK_MODES = (
    ("务工就业", (6000, 12000, 18000, 24000, 30000)),
    ("入股分红", (500, 800, 1200, 2000)),
    ("土地流转", (600, 1000, 2000, 3000)),
    ("订单收购", (1000, 2000, 5000)),
    ("技能培训", (0, 300, 600)),
    ("其他", (200, 500)),
)
_ENTERPRISE_KINDS = (
    ("龙头企业", "91", ("食品有限公司", "农业科技有限公司", "牧业有限公司", "服装有限公司")),
    ("农民专业合作社", "93", ("种植专业合作社", "养殖专业合作社", "农机专业合作社")),
    ("扶贫车间", "91", ("扶贫车间", "手工扶贫车间", "电子加工扶贫车间")),
    ("产业基地", "91", ("蔬菜产业基地", "中药材种植基地", "食用菌产业基地")),
    ("光伏电站", "91", ("光伏电站", "村级光伏电站")),
    ("家庭农场", "92", ("家庭农场",)),
    ("其他", "91", ("电商服务站",)),
)
_ENTERPRISE_KIND_W = ((0, 14), (1, 30), (2, 18), (3, 12), (4, 14), (5, 10), (6, 2))
_ENTERPRISE_KIND_T = None  # built below, once _table exists
_LOAD_W = ((1, 10), (2, 20), (3, 25), (4, 25), (5, 20))  # mean 3.25
_PHONE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 "
    "159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()
_AREA_CODES = ("0371", "0372", "0373", "0374", "0375", "0376", "0377", "0378", "0379", "0391", "0396")

_POLITICAL_T = ("中共党员",) * 11 + ("群众",) * 3 + ("共青团员", "民主党派")
_PHONE_T = tuple(_PHONE_PREFIXES[i % len(_PHONE_PREFIXES)] for i in range(64))
_RIC_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_ORGCODE_W = (3, 7, 9, 10, 5, 8, 4, 2)
_ORGCODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 11714 body chars (kept in the USCC alphabet)


def _table(weighted, bits=12):
    """A lookup table of 2**bits entries, each value repeated in proportion to its weight."""
    size = 1 << bits
    total = sum(w for _, w in weighted)
    out: list = []
    acc = 0.0
    for value, w in weighted:
        acc += w
        out.extend([value] * (round(acc * size / total) - len(out)))
    return tuple(out[:size])


def ric_check(first17: str) -> str:
    """The GB 11643 check character of a resident id number's first 17 digits."""
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(first17, _RIC_W)) % 11]


def uscc_check(first17: str) -> str:
    """The GB 32100 check character of a unified social credit code's first 17 characters."""
    return _uscc.calc_check_digit(first17)


def _org_code(body8: str) -> str:
    """A GB 11714 organization code: 8 body characters and its check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORGCODE_W))
    c = 11 - total % 11
    return body8 + ("0" if c == 11 else "X" if c == 10 else str(c))


_ENTERPRISE_KIND_T = _table(_ENTERPRISE_KIND_W, 8)


@dataclass
class DemoResult:
    out_dir: Path
    households: int
    seed: int
    as_of: _dt.date
    gap_share: float
    counties: int = 0
    townships: int = 0
    villages: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    planted: dict[str, int] = field(default_factory=dict)  # gaps planted on purpose, by rule
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process's CPU time (steadier on a busy machine)

    @property
    def rate(self) -> float:
        return self.households / self.seconds if self.seconds > 0 else float("inf")


class _Table:
    """Rows of one table, written as they come. Generated values never hold a comma, a quote or a line
    break (they come from fixed lists), so a row is its values joined by commas: valid CSV, and
    about twice as fast as csv.writer."""

    __slots__ = ("f",)

    def __init__(self, f):
        self.f = f

    def writerow(self, row):
        self.f.write(",".join(row) + "\n")

    def writerows(self, rows):
        if rows:
            self.f.write("\n".join(map(",".join, rows)) + "\n")


class _Writers:
    """One file a table, opened once, header first."""

    def __init__(self, out_dir: Path):
        self.files = {}
        self.w = {}
        for t in TABLES:
            f = open(out_dir / f"{t}.csv", "w", encoding="utf-8", newline="", buffering=1 << 20)
            self.files[t] = f
            self.w[t] = _Table(f)
            self.w[t].writerow(HEADERS[t])

    def close(self):
        for f in self.files.values():
            f.close()


class _Random(random.Random):
    """random.Random with quicker randint / randrange(n) / choice (one C call each instead of a
    chain of Python frames); just as deterministic for a seed."""

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n):
        return int(self.random() * n)

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class _Generator:
    def __init__(
        self, out_dir: Path, n: int, seed: int, gap_share: float, as_of: _dt.date, counties: int | None = None
    ):
        self.rng = _Random(seed)
        self.n = n
        self.counties = counties
        self.gap = gap_share
        self.as_of = as_of
        self.out = _Writers(out_dir)
        self.planted = dict.fromkeys(RULES, 0)
        self.planted["expiring_with_successor"] = 0  # the near miss: must not be flagged
        self.pending = set(RULES) | {"expiring_with_successor", "cadre_at_limit", "nonkey_fs"}
        self.person_no = 0
        self.enterprise_no = 0
        self._prepare_tables()

    # -- precomputed lookups ---------------------------------------------------------------------
    def _prepare_tables(self):
        D = self.as_of
        self.lo = -4000
        self.iso = tuple((D + _dt.timedelta(days=k)).isoformat() for k in range(self.lo, 1200))
        self.size_t = _table([(str(v), w) for v, w in _SIZE_W])
        self.cat_t = _table(_CATEGORY_W)
        self.cause_t = _table(_CAUSE_W)
        self.status_t = _table(
            [((st, ey, 2 if st == "已销户" else 0 if st == "已脱贫" else 1), w) for (st, ey), w in _STATUS_W]
        )
        self.bn_t = _table(_BENEFIT_N_W)
        self.load_t = _table(_LOAD_W)
        self.sur_t = _table([(s, 30 if i < 20 else 10 if i < 60 else 4) for i, s in enumerate(_SURNAMES)])
        self.male_t = self._given_names(_MALE)
        self.female_t = self._given_names(_FEMALE)
        # id-number sequence part (3 digits; odd = male): for each residue k of the other 14 digits'
        # weighted sum, the sequence digits followed by the check character
        seq = []
        for i in range(1024):
            sq = f"{i % 1000:03d}"
            ssum = sum(int(c) * w for c, w in zip(sq, _RIC_W[14:]))
            seq.append((tuple(sq + _RIC_CHECK[(k + ssum) % 11] for k in range(11)), i % 2 == 1))
        self.seqchk = tuple(seq)
        self.suffix = tuple(f"{i:04d}" for i in range(10000))
        self.heads_dates = self._dates(1938, 1998)
        self.cadre_dates = self._dates(1966, 1999)
        self.people_rows = []
        self._by_residue = {}
        # the end of a household's line after its village code (size, status, category, cause, exit
        # year), drawn from the product of the distributions, with the status kind
        # (0 exited, 1 needy, 2 closed)
        getrandbits = self.rng.getrandbits
        tails = []
        for _ in range(1 << 14):
            r = getrandbits(48)
            st, ey, kind = self.status_t[r & 4095]
            tails.append(
                (
                    f",{self.size_t[(r >> 12) & 4095]},{st},{self.cat_t[(r >> 24) & 4095]},"
                    f"{self.cause_t[(r >> 36) & 4095]},{ey}",
                    kind,
                )
            )
        self.hh_tail = tuple(tails)
        self.mname_t = tuple(
            self.sur_t[getrandbits(12)] + self.male_t[getrandbits(12)] for _ in range(1 << 14)
        )
        self.fname_t = tuple(
            self.sur_t[getrandbits(12)] + self.female_t[getrandbits(12)] for _ in range(1 << 14)
        )
        year_cap = min(D.year, 2025)
        self.benefit_years = tuple(str(y) for y in range(2016, year_cap + 1)) or (str(D.year),)
        prog = []
        for p, amounts in _PROGRAMS:
            for a in amounts:
                prog.append((p, str(a)))
        self.prog_t = tuple(prog)
        # the end of a benefit's line after its household id: program, amount, year
        gb = self.rng.getrandbits
        picks = [
            (prog[gb(16) % len(prog)], self.benefit_years[gb(16) % len(self.benefit_years)])
            for _ in range(4096)
        ]
        self.ben_t = tuple("," + ",".join(p) + "," + y for p, y in picks)
        # (program, year) of each: a household gets one benefit per program and year (the roster's key)
        self.ben_key_t = tuple((p[0], y) for p, y in picks)
        self.phone_t = tuple(_PHONE_PREFIXES)

    def _given_names(self, chars):
        rng = self.rng
        out = []
        for _ in range(4096):
            if rng.random() < 0.6:
                out.append(rng.choice(chars) + rng.choice(chars))
            else:
                out.append(rng.choice(chars))
        return tuple(out)

    @staticmethod
    def _dates(y0, y1, size=8192):
        """(yyyymmdd, weighted digit sum) for `size` days spread evenly over the years y0..y1."""
        o0 = _dt.date(y0, 1, 1).toordinal()
        days = _dt.date(y1, 12, 31).toordinal() - o0 + 1
        wy, wmd = _RIC_W[6:10], _RIC_W[10:14]
        ys = {y: (str(y), sum(int(c) * w for c, w in zip(str(y), wy))) for y in range(y0, y1 + 1)}
        mds = {}
        out = []
        for i in range(size):
            d = _dt.date.fromordinal(o0 + (i * days) // size)
            y, ysum = ys[d.year]
            md = mds.get((d.month, d.day))
            if md is None:
                t = f"{d.month:02d}{d.day:02d}"
                md = mds[(d.month, d.day)] = (t, sum(int(c) * w for c, w in zip(t, wmd)))
            out.append((y + md[0], ysum + md[1]))
        return tuple(out)

    def _county_dates(self, code6: str):
        """Birth-date tables with this county's region code in front: (first 14 digits, residue)."""
        rsum = sum(int(c) * w for c, w in zip(code6, _RIC_W))
        self.region_prefix = code6
        res = rsum % 11
        if res not in self._by_residue:  # at most 11 of them, however many counties
            self._by_residue[res] = (
                tuple((s, (res + ds) % 11) for s, ds in self.heads_dates),
                tuple((s, (res + ds) % 11) for s, ds in self.cadre_dates),
            )
        self.hd, self.cd = self._by_residue[res]

    def day(self, offset: int) -> str:
        """The ISO date `offset` days from the as-of date."""
        return self.iso[offset - self.lo]

    # -- people ----------------------------------------------------------------------------------
    def person(self, unit: str, rank: str, political: str | None = None, male: bool | None = None) -> str:
        """Add a new person (written with the village's rows); return their id."""
        self.person_no += 1
        pid = f"P{self.person_no:05d}"
        r = self.rng.getrandbits(90)
        chk, is_male = self.seqchk[r & 1023]
        if male is not None and is_male != male:
            chk, is_male = self.seqchk[(r & 1023) ^ 1]
        pd, k = self.cd[(r >> 10) & 8191]
        pd = self.region_prefix + pd
        if political is None:
            political = _POLITICAL_T[(r >> 39) & 15]
        x = (r >> 55) % 100000000
        if (r >> 43) & 63 == 0:
            phone = f"{_AREA_CODES[(r >> 49) % 11]}-{20000000 + x % 80000000}"
        else:
            phone = f"{_PHONE_T[(r >> 49) & 63]}{x:08d}"
        self.people_rows.append(
            f"{pid},{(self.mname_t if is_male else self.fname_t)[(r >> 23) & 16383]},"
            f"{'男' if is_male else '女'},{pd}{chk[k]},{political},{rank},{unit},{phone}"
        )
        return pid

    def flush_people(self):
        if self.people_rows:
            self.out.files["people"].write("\n".join(self.people_rows) + "\n")
            self.people_rows.clear()

    # -- geography plan ----------------------------------------------------------------------------
    def plan(self):
        """Counties → townships → villages with (poor, weak, households), households summing to N."""
        rng = self.rng
        n_v = max(6, round(self.n / HH_PER_VILLAGE))
        town_sizes = []
        while sum(town_sizes) < n_v:
            town_sizes.append(rng.randint(15, 30))
        town_sizes[-1] -= sum(town_sizes) - n_v
        if town_sizes[-1] < 3 and len(town_sizes) > 1:
            town_sizes[-2] += town_sizes.pop()
        counties = []
        i = 0
        if self.counties:  # as many counties as asked, townships shared out
            per = -(-len(town_sizes) // min(self.counties, len(town_sizes)))
            counties = [town_sizes[j : j + per] for j in range(0, len(town_sizes), per)]
        while i < len(town_sizes) and not self.counties:
            k = rng.randint(8, 20)
            if len(town_sizes) - (i + k) < 4:  # no tiny county at the end
                k = len(town_sizes) - i
            counties.append(town_sizes[i : i + k])
            i += k
        plan = []
        weights = []
        for towns in counties:
            poor_share = rng.uniform(0.2, 0.4)
            ctowns = []
            for size in towns:
                vs = []
                for _ in range(size):
                    poor = rng.random() < poor_share
                    weak = rng.random() < (0.12 if poor else 0.06)
                    vs.append([poor, weak, 0])
                    weights.append(rng.lognormvariate(0, 0.45) * (1.5 if poor else 1.0))
                ctowns.append(vs)
            plan.append(ctowns)
        # the first villages carry the kinds every rule needs, whatever N is
        first = plan[0][0]
        kinds = [(True, False), (False, True), (False, False), (True, True), (True, False), (False, False)]
        for v, (p, w) in zip(first, kinds):
            v[0], v[1] = p, w
        total = sum(weights)
        flat = [v for c in plan for t in c for v in t]
        assigned = 0
        for v, w in zip(flat, weights):
            v[2] = int(self.n * w / total)
            assigned += v[2]
        for _ in range(self.n - assigned):
            flat[rng.randrange(len(flat))][2] += 1
        for v in flat:  # household ids have 4 digits a village
            if v[2] > 9999:
                raise ValueError("too many households for one village")
        return plan

    # -- main ------------------------------------------------------------------------------------
    def run(self, result: DemoResult):
        rng = self.rng
        plan = self.plan()
        names = [a + b for a in _COUNTY_FIRST for b in _COUNTY_SECOND]
        rng.shuffle(names)
        result.counties = len(plan)
        multi = len(plan) > 1
        for ci, towns in enumerate(plan):
            p2 = 81 + (ci // 99) % 19
            code6 = f"{41 + ci // (99 * 19)}{p2:02d}{ci % 99 + 1:02d}"
            name = names[ci % len(names)] + ("县" if ci < len(names) else "区")
            self.county(code6, name, towns, code6 if multi else "")
            self.flush_people()
            result.townships += len(towns)
            result.villages += sum(len(t) for t in towns)

    def county(self, code6: str, cname: str, towns, oc: str):
        rng = self.rng
        out = self.out.w
        self._county_dates(code6)
        ccode = code6 + "000000"
        out["regions"].writerow((ccode, cname, "县区", "", "", "", ""))
        d_party, d_org = f"D{oc}001", f"D{oc}002"
        org = out["organizations"].writerow
        post = out["posts"].writerow
        org((d_party, f"中共{cname}委员会", "党委", "", ccode))
        org((d_org, f"中共{cname}委组织部", "机关", d_party, ccode))
        n_vill = sum(len(t) for t in towns)
        # county leaders (县处级), a few of them with posts
        n_leaders = max(3, min(60, n_vill // 4))
        self.leaders = [self.person(d_party, "县处级", "中共党员") for _ in range(n_leaders)]
        post((self.leaders[0], d_party, "书记", self.day(-1200), ""))
        post((self.leaders[1], d_org, "组织部长", self.day(-1200), ""))
        # units that contract villages and dispatch cadres
        n_units = max(6, min(len(_UNITS), round(n_vill * 0.7)))
        self.units = []
        for i, (tpl, kind, head) in enumerate(_UNITS[:n_units]):
            ucode = f"U{oc}{i + 1:03d}"
            org((ucode, tpl.format(c=cname), kind, "", ccode))
            self.units.append(ucode)
            post(
                (self.person(ucode, "乡科级", "中共党员"), ucode, head, self.day(-rng.randint(200, 1500)), "")
            )
        for ti, villages in enumerate(towns):
            self.township(code6, cname, ti, villages, d_party, oc)

    def township(self, code6, cname, ti, villages, d_party, oc):
        rng = self.rng
        out = self.out.w
        tnum = 101 + ti
        tcode = f"{code6}{tnum}000"
        tname = self._unique_name(
            lambda: rng.choice(_TOWN_FIRST) + rng.choice(_TOWN_SECOND), ("county_names", code6)
        ) + ("镇" if rng.random() < 0.55 else "乡")
        self.tpath = (cname, tname)
        out["regions"].writerow((tcode, tname, "乡镇", code6 + "000000", "", "", ""))
        torg = f"T{oc}{ti + 1:02d}"
        out["organizations"].writerow((torg, f"中共{tname}委员会", "党委", d_party, tcode))
        post = out["posts"].writerow
        secretary = self.person(torg, "乡科级", "中共党员")
        mayor = self.person(torg, "乡科级", "中共党员")
        post((secretary, torg, "书记", self.day(-rng.randint(300, 1500)), ""))
        post((mayor, torg, "镇长" if tname.endswith("镇") else "乡长", self.day(-rng.randint(300, 1500)), ""))
        others = [self.person(torg, "乡科级", "中共党员") for _ in range(rng.randint(4, 7))]
        for p, title in zip(others, _TOWN_LEADER_TITLES):
            post((p, torg, title, self.day(-rng.randint(300, 1500)), ""))
        self.town_leaders = [secretary, mayor] + others
        self.town_cadres = [self.person(torg, "一般干部") for _ in range(max(2, (len(villages) + 1) // 2))]
        self.torg = torg
        self.tcode = tcode
        self.reservoir: list[str] = []
        self.reservoir_seen = 0
        used = set()
        for vi, (poor, weak, n) in enumerate(villages):
            vname = self._village_name(used)
            self.village(f"{code6}{tnum}{201 + vi}", vname, poor, weak, n, oc, tnum, vi)

    _names_used: dict = {}

    def _unique_name(self, make, key):
        used = self._names_used.setdefault(key, set())
        for _ in range(50):
            name = make()
            if name not in used:
                used.add(name)
                return name
        return name

    def _village_name(self, used):
        rng = self.rng
        for _ in range(50):
            name = rng.choice(_SURNAMES[:80]) + rng.choice(_VILLAGE_SUFFIX)
            if name not in used:
                break
        used.add(name)
        return name + "村"

    # -- one village -----------------------------------------------------------------------------
    def want(self, rule: str, share: float | None = None) -> bool:
        """Plant this gap here? Always for a rule not yet planted, else with the gap share."""
        if rule in self.pending:
            return True
        return self.rng.random() < (self.gap if share is None else share)

    def mark(self, rule: str, n: int = 1):
        self.pending.discard(rule)
        self.planted[rule] = self.planted.get(rule, 0) + n

    def village(self, vcode, vname, poor, weak, n, oc, tnum, vi):
        rng = self.rng
        out = self.out.w
        day = self.day
        exit_year = (
            str(rng.choice((2016, 2017, 2018, 2019, 2019, 2020))) if poor and rng.random() < 0.95 else ""
        )
        out["regions"].writerow(
            (vcode, vname, "村", self.tcode, "是" if poor else "否", "是" if weak else "否", exit_year)
        )
        # party branch and village committee
        branch = f"B{oc}{tnum}{201 + vi}"
        bkind = "党总支" if n > 150 and rng.random() < 0.5 else "党支部"
        bname = f"中共{self.tpath[1]}{vname}{'总支部' if bkind == '党总支' else '支部'}委员会"
        has_branch = True
        unit = rng.choice(self.units)

        # households first: whether the village is key depends on its needy households
        hh_rows, active, other, needy, in_scope = self.households(vcode, n)
        key = poor or weak or needy >= MANY_HOUSEHOLDS

        A = out["assignments"].writerow
        # village branch secretary -------------------------------------------------------------------
        gap_branch = self.want("branch_secretary")
        variant = rng.randrange(5) if gap_branch else -1
        if variant == 4:
            has_branch = False
        if has_branch:
            out["organizations"].writerow((branch, bname, bkind, self.torg, vcode))
            if rng.random() < 0.5:
                out["organizations"].writerow(
                    (f"C{oc}{tnum}{201 + vi}", f"{vname}村民委员会", "村委会", "", vcode)
                )
        sec = self.person(branch if has_branch else "", "村干部", "中共党员")
        P = out["posts"].writerow
        title = _SECRETARY_TITLES[rng.randrange(len(_SECRETARY_TITLES))]
        if variant == -1:
            P((sec, branch, title, day(-rng.randint(100, 1800)), ""))
            if rng.random() < 0.1:  # a predecessor whose post has ended
                old = self.person(branch, "村干部", "中共党员")
                P((old, branch, "书记", day(-rng.randint(2200, 3000)), day(-rng.randint(1900, 2100))))
        elif variant == 0:
            pass  # vacant: nobody holds the post
        elif variant == 1:  # the secretary left before the as-of date
            P((sec, branch, title, day(-rng.randint(800, 1800)), day(-rng.randint(1, 300))))
        elif variant == 2:  # the new secretary starts after the as-of date
            P((sec, branch, title, day(rng.randint(1, 60)), ""))
        elif variant == 3:  # only a deputy
            P((sec, branch, "副书记", day(-rng.randint(100, 1800)), ""))
        if gap_branch:
            self.mark("branch_secretary")
        if has_branch and rng.random() < 0.6:
            P(
                (
                    self.person(branch, "村干部", "中共党员"),
                    branch,
                    "副书记" if rng.random() < 0.5 else "委员",
                    day(-rng.randint(100, 1800)),
                    "",
                )
            )

        # contracting unit (包村单位): every poor village, half of the others -----------------------
        if poor or rng.random() < 0.5:
            if poor and self.want("contracting_unit"):
                v = rng.randrange(3)
                if v == 1:
                    A(("包村单位", vcode, "", unit, day(-rng.randint(800, 1500)), day(-rng.randint(1, 200))))
                elif v == 2:
                    A(("包村单位", vcode, "", unit, day(rng.randint(1, 90)), ""))
                self.mark("contracting_unit")
            else:
                A(("包村单位", vcode, "", unit, day(-rng.randint(30, 1500)), ""))

        # first secretary, work team and the expiring terms ---------------------------------------------
        fs = None
        fs_gap = None
        if key:
            choices = [
                r
                for r in (
                    "first_secretary",
                    "first_secretary_party_member",
                    "expiring",
                    "expiring_with_successor",
                )
                if r in self.pending
            ]
            if choices:
                fs_gap = choices[0]
            else:
                x = rng.random()
                g = self.gap
                fs_gap = (
                    "first_secretary"
                    if x < g
                    else "first_secretary_party_member"
                    if x < 2 * g
                    else "expiring"
                    if x < 2.6 * g
                    else "expiring_with_successor"
                    if x < 3.2 * g
                    else None
                )
        team_expiring = False
        if key or "nonkey_fs" in self.pending or rng.random() < 0.05:
            if fs_gap == "first_secretary":
                v = rng.randrange(3)
                if v == 1:  # the last one's term is over
                    old = self.person(unit, "一般干部", "中共党员")
                    A(("第一书记", vcode, old, unit, day(-rng.randint(760, 900)), day(-rng.randint(1, 30))))
                elif v == 2:  # appointed, but not yet started
                    new = self.person(unit, "一般干部", "中共党员")
                    A(("第一书记", vcode, new, unit, day(rng.randint(1, 45)), day(rng.randint(760, 800))))
                self.mark("first_secretary")
            else:
                political = "中共党员"
                if fs_gap == "first_secretary_party_member":
                    political = rng.choice(("群众", "中共预备党员", "共青团员"))
                    self.mark("first_secretary_party_member")
                fs = self.person(unit, rng.choice(("一般干部", "一般干部", "乡科级")), political)
                if fs_gap in ("expiring", "expiring_with_successor") and poor and rng.random() < 0.4:
                    team_expiring = fs_gap  # the team leader's term runs out instead
                    start = -rng.randint(10, 680)
                    A(("第一书记", vcode, fs, unit, day(start), day(start + 729)))
                elif fs_gap in ("expiring", "expiring_with_successor"):
                    self.expiring_term("第一书记", vcode, fs, unit, fs_gap)
                else:
                    start = -rng.randint(10, 680)
                    A(("第一书记", vcode, fs, unit, day(start), day(start + 729)))
                    if rng.random() < 0.3:
                        prev = self.person(unit, "一般干部", "中共党员")
                        A(("第一书记", vcode, prev, unit, day(start - 730), day(start - 1)))
            if not key:
                self.pending.discard(
                    "nonkey_fs"
                )  # near miss: non-key, has a first secretary, no liaison needed

        if poor or (weak and rng.random() < 0.3):
            self.work_team(vcode, unit, fs, poor, team_expiring)

        # county leader attached (挂点领导): weak villages first ------------------------------------
        if weak or (poor and rng.random() < 0.6) or rng.random() < 0.1:
            if weak and self.want("leader_point"):
                v = rng.randrange(3)
                if v == 1:  # attached, but a township leader, not 县处级
                    A(("挂点领导", vcode, rng.choice(self.town_leaders), "", day(-rng.randint(30, 900)), ""))
                elif v == 2:
                    A(
                        (
                            "挂点领导",
                            vcode,
                            rng.choice(self.leaders),
                            "",
                            day(-rng.randint(600, 900)),
                            day(-rng.randint(1, 100)),
                        )
                    )
                self.mark("leader_point")
            else:
                A(("挂点领导", vcode, rng.choice(self.leaders), "", day(-rng.randint(30, 900)), ""))

        # village-contact cadre (包村干部) ------------------------------------------------------------
        contact = self.town_cadres[(vi // 2) % len(self.town_cadres)]
        contact_active = True
        if self.want("village_contact"):
            v = rng.randrange(3)
            if v == 1:
                A(("包村干部", vcode, contact, "", day(rng.randint(1, 60)), ""))
            elif v == 2:
                A(("包村干部", vcode, contact, "", day(-rng.randint(400, 900)), day(-rng.randint(1, 100))))
            contact_active = False
            self.mark("village_contact")
        else:
            A(("包村干部", vcode, contact, "", day(-rng.randint(30, 900)), ""))
            if rng.random() < 0.03:  # a successor already named, starting later
                A(("包村干部", vcode, rng.choice(self.town_cadres), "", day(rng.randint(30, 120)), ""))

        # responsibility group (责任组长 / 组员) ----------------------------------------------------------
        if in_scope and self.want("responsibility_group"):
            v = rng.randrange(2)
            if v == 1:  # led by a general cadre who is not this village's contact
                others = [c for c in self.town_cadres if c != contact]
                lead = rng.choice(others) if others else self.person(self.torg, "一般干部")
                A(("责任组长", vcode, lead, "", day(-rng.randint(30, 900)), ""))
            self.mark("responsibility_group")
        else:
            lead = rng.choice(self.town_leaders) if (rng.random() < 0.5 or not contact_active) else contact
            A(("责任组长", vcode, lead, "", day(-rng.randint(30, 900)), ""))
        for m in rng.sample(self.town_cadres, min(len(self.town_cadres), rng.randint(1, 3))):
            A(("责任组员", vcode, m, "", day(-rng.randint(30, 900)), ""))

        # party liaison / instructor for villages without a first secretary -------------------------------
        if not key:
            if fs is not None:
                if rng.random() < 0.3:  # optional where a first secretary serves
                    A(
                        (
                            "党建联系人",
                            vcode,
                            rng.choice(self.town_leaders),
                            "",
                            day(-rng.randint(30, 900)),
                            "",
                        )
                    )
            elif self.want("party_liaison"):
                if rng.random() < 0.5:
                    A(
                        (
                            "党建联系人",
                            vcode,
                            rng.choice(self.town_leaders),
                            "",
                            day(-rng.randint(600, 900)),
                            day(-rng.randint(1, 100)),
                        )
                    )
                self.mark("party_liaison")
            else:
                A(
                    (
                        "党建联系人" if rng.random() < 0.5 else "党建指导员",
                        vcode,
                        rng.choice(self.town_leaders),
                        "",
                        day(-rng.randint(30, 900)),
                        "",
                    )
                )

        # help pairs, then enterprises ------------------------------------------------------------------
        self.help_pairs(active, other, unit)
        if rng.random() < (0.35 if poor else 0.18) and hh_rows:
            self.enterprise(vcode, vname, hh_rows, sec)
        if hh_rows:  # a few of its households, for enterprises of later villages
            res = self.reservoir
            for _ in range(3):
                h = hh_rows[rng.randrange(len(hh_rows))]
                if len(res) < 200:
                    if h not in res:
                        res.append(h)
                else:
                    j = rng.randrange(200)
                    if h not in res:
                        res[j] = h
        self.flush_people()

    def expiring_term(self, role, vcode, pid, unit, kind):
        """A term that ends within 30 days; with a successor the day after (not a gap) or without."""
        rng = self.rng
        A = self.out.w["assignments"].writerow
        end = rng.randint(1, EXPIRING_DAYS)
        A((role, vcode, pid, unit, self.day(end - 729), self.day(end)))
        if kind == "expiring_with_successor":
            nxt = self.person(unit, "一般干部", "中共党员")
            A((role, vcode, nxt, unit, self.day(end + 1), self.day(end + 730)))
            self.mark("expiring_with_successor")
        else:
            if rng.random() < 0.5:  # a successor, but only after a gap: still flagged
                nxt = self.person(unit, "一般干部", "中共党员")
                A((role, vcode, nxt, unit, self.day(end + rng.randint(2, 30)), ""))
            self.mark("expiring")

    def work_team(self, vcode, unit, fs, poor, team_expiring):
        rng = self.rng
        A = self.out.w["assignments"].writerow
        day = self.day
        start = -rng.randint(10, 680)
        leader = fs if (fs is not None and rng.random() < 0.5) else self.person(unit, "一般干部", "中共党员")
        members = [self.person(unit, "一般干部") for _ in range(rng.randint(2, 4))]
        v = -1
        if poor and self.want("work_team"):
            v = rng.randrange(4)
            self.mark("work_team")
        if v == 0:
            leader = None  # members only, nobody leads
        elif v == 1:
            members = members[:1]  # too few
        elif v == 2:
            members = [members[0], members[0]]  # the same member twice counts once
        if leader is not None:
            if team_expiring:
                self.expiring_term("工作队长", vcode, leader, unit, team_expiring)
            else:
                A(("工作队长", vcode, leader, unit, day(start), day(start + 729)))
        # distinct start days, so that the member given twice is two rows of the roster, not one row
        # repeated (which the loader refuses as a duplicate)
        offsets = rng.sample(range(10), len(members))
        for i, m in enumerate(members):
            if v == 3 and i >= 1:  # the others have left
                A(
                    (
                        "工作队员",
                        vcode,
                        m,
                        unit,
                        day(start + offsets[i]),
                        day(rng.randint(start + offsets[i], -1)),
                    )
                )
            else:
                A(("工作队员", vcode, m, unit, day(start + offsets[i]), ""))

    # -- households, help pairs, benefits ----------------------------------------------------------
    def households(self, vcode, n):
        """Write the village's households and benefits.

        Returns (ids, active, other, needy, in_scope): `active` are the households in scope to pair
        now; `other` are (household, day offset) whose only pair ended (< 0) or starts later (> 0).
        """
        rng = self.rng
        getrandbits = rng.getrandbits
        tail_t = self.hh_tail
        mname_t, fname_t, seqchk, hd = self.mname_t, self.fname_t, self.seqchk, self.hd
        prefix = self.region_prefix
        bn_t, ben_t, ben_key_t, suffix = self.bn_t, self.ben_t, self.ben_key_t, self.suffix
        gap21 = int(self.gap * (1 << 21))
        force = "help_pair" in self.pending
        rows = []
        ben = []
        active = []
        other = []
        needy = 0
        scope = 0
        gaps = 0
        append = rows.append
        vc = "," + vcode
        for i in range(1, n + 1):
            hid = vcode + suffix[i]
            r = getrandbits(90)
            tail, kind = tail_t[r & 16383]
            chk, male = seqchk[(r >> 14) & 1023]
            pd, k = hd[(r >> 24) & 8191]
            append(
                f"{hid},{(mname_t if male else fname_t)[(r >> 37) & 16383]},{prefix}{pd}{chk[k]}{vc}{tail}"
            )
            nb = bn_t[(r >> 51) & 4095]
            if nb:
                b = getrandbits(36)
                used = []
                for _ in range(nb):
                    k = ben_key_t[b & 4095]
                    if k not in used:
                        used.append(k)
                        ben.append(hid + ben_t[b & 4095])
                    b >>= 12
            g = r >> 63  # 27 bits
            if kind == 2:  # closed (已销户): half the time its pair ended when it closed
                if g & 1:
                    other.append((hid, -rng.randint(30, 700)))
                continue
            scope += 1
            needy += kind
            if (g >> 6) < gap21 or force:
                force = False
                gaps += 1
                v = g & 3
                if v == 1 or v == 2:  # the pair ended, or starts only later; else none at all
                    other.append((hid, -rng.randint(1, 400) if v == 1 else rng.randint(1, 90)))
            else:
                active.append(hid)
        if gaps:
            self.mark("help_pair", gaps)
        if rows:
            self.out.files["households"].write("\n".join(rows) + "\n")
        if ben:
            self.out.files["benefits"].write("\n".join(ben) + "\n")
        return [line[:16] for line in rows], active, other, needy, scope

    def help_pairs(self, active, other, unit):
        rng = self.rng
        getrandbits = rng.getrandbits
        iso, base = self.iso, -self.lo
        rows = []
        gap16 = int(self.gap * 65536)
        torg = self.torg
        load_t = self.load_t
        person = self.person
        cadres = []
        prev = None
        i = 0
        n_act = len(active)
        # cut the households into cadres' loads (1–5, mean ~3.2; some overloaded)
        while i < n_act:
            r = getrandbits(34)
            k = load_t[r & 4095]
            if n_act - i >= MAX_LOAD + 1 and ("cadre_load" in self.pending or (r >> 12) & 65535 < gap16):
                k = rng.randint(MAX_LOAD + 1, min(MAX_LOAD + 3, n_act - i))
                self.mark("cadre_load")
            elif "cadre_at_limit" in self.pending and n_act - i >= MAX_LOAD:
                k = MAX_LOAD  # exactly at the limit: not a gap
                self.pending.discard("cadre_at_limit")
            cadre = person(torg if (r >> 28) & 7 < 5 else unit, "一般干部" if (r >> 31) & 7 else "乡科级")
            # paired on one day (a pairing campaign); now and then it took over from an earlier cadre
            x = getrandbits(15)
            st = base - 10 - (x & 1023)
            start = iso[st]
            rows += [f"{cadre},{hid},{start}," for hid in active[i : i + k]]
            if x < 2048 and prev is not None:
                span = f"{iso[st - 400]},{iso[st - 1]}"
                rows += [f"{prev},{hid},{span}" for hid in active[i : i + k]]
            cadres.append(cadre)
            prev = cadre
            i += k
        for hid, off in other:
            if cadres:
                cadre = cadres[getrandbits(16) % len(cadres)]
            else:
                cadre = person(torg, "一般干部")
                cadres.append(cadre)
            if off < 0:
                rows.append(f"{cadre},{hid},{iso[base + off - 700]},{iso[base + off]}")
            else:
                rows.append(f"{cadre},{hid},{iso[base + off]},")
        if rows:
            self.out.files["help_pairs"].write("\n".join(rows) + "\n")

    def enterprise(self, vcode, vname, hh, secretary):
        rng = self.rng
        self.enterprise_no += 1
        eid = f"E{self.enterprise_no:03d}"
        ki = _ENTERPRISE_KIND_T[rng.getrandbits(8)]
        kind, prefix, suffixes = _ENTERPRISE_KINDS[ki]
        name = vname[:-1] + rng.choice(suffixes)
        body = "".join(rng.choice(_ORGCODE_ALPHABET) for _ in range(8))
        code17 = prefix + self.region_prefix + _org_code(body)
        credit = code17 + uscc_check(code17) if rng.random() < 0.9 else ""
        manager = ""
        x = rng.random()
        if x < 0.3:
            manager = secretary
        elif x < 0.7:
            manager = self.person("", "其他", rng.choice(("群众", "中共党员")))
        party = ""
        if kind in ("龙头企业", "农民专业合作社") and rng.random() < 0.3:
            party = f"{self.torg}Q{self.enterprise_no}"
            # its own branch sits in the township, so it is never mistaken for the village's branch
            self.out.w["organizations"].writerow(
                (party, f"中共{name}支部委员会", "党支部", self.torg, self.tcode)
            )
        self.out.w["enterprises"].writerow((eid, name, kind, vcode, credit, manager, party))
        # households it lifts: from this village and earlier ones of the township
        pool = hh + self.reservoir
        links = []
        years = self.benefit_years
        for hid in rng.sample(pool, min(len(pool), rng.randint(4, 20))):
            mode, incomes = _LINK_MODES[rng.randrange(len(_LINK_MODES))]
            links.append((eid, hid, mode, str(rng.choice(incomes)), rng.choice(years)))
        self.out.w["enterprise_links"].writerows(links)


def _count_rows(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b"\n")
    return n - 1


def generate(
    out_dir,
    households: int,
    seed: int = 1,
    gap_share: float = 0.05,
    as_of: _dt.date | None = None,
    counties: int | None = None,
) -> DemoResult:
    """Write a fictional roster of `households` households into `out_dir` (created if missing);
    `counties`: that many counties (default: 8–20 townships a county, as many as that makes)."""
    if households < 1:
        raise ValueError("households must be at least 1")
    if not 0.0 <= gap_share <= 1.0:
        raise ValueError("gap_share must be between 0 and 1")
    as_of = as_of or _dt.date.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out, households, seed, as_of, gap_share)
    t0 = time.perf_counter()
    c0 = time.process_time()
    g = _Generator(out, households, seed, gap_share, as_of, counties)
    g._names_used = {}
    try:
        g.run(result)
    finally:
        g.out.close()
    result.seconds = time.perf_counter() - t0
    result.cpu_seconds = time.process_time() - c0
    result.rows = {t: _count_rows(out / f"{t}.csv") for t in TABLES}
    result.planted = {k: v for k, v in g.planted.items()}
    return result
