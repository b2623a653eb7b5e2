"""Regions and the organizations that run them: the plan of counties, townships and villages, then
each county (its party committee, organization department, leaders and units) and township (its
party committee, leaders and cadres), handing each village to `village.write_village`.

Only the plan (a few bytes a village) is held for the whole run; rows are written as they come.
"""

from __future__ import annotations

from graph.errors import UsageError
from loaders.demo.context import Context, County, Township, Village
from loaders.demo.village import write_village
from loaders.demo.vocabulary import (
    HH_PER_VILLAGE,
    SURNAMES,
    TOWN_FIRST,
    TOWN_LEADER_TITLES,
    TOWN_SECOND,
    UNITS,
    VILLAGE_SUFFIX,
)

MAX_TOWNSHIPS = 899  # a township's code is the county's six digits and 101–999


def plan(ctx: Context) -> list:
    """Counties → townships → villages as [poor, weak, households], households summing to N."""
    rng = ctx.rng
    n = ctx.settings.households
    n_counties = ctx.settings.counties
    n_v = max(6, round(n / HH_PER_VILLAGE))
    town_sizes = []
    while sum(town_sizes) < n_v:
        town_sizes.append(rng.randint(15, 30))
    town_sizes[-1] -= sum(town_sizes) - n_v
    if town_sizes[-1] < 3 and len(town_sizes) > 1:
        town_sizes[-2] += town_sizes.pop()
    counties = []
    i = 0
    if n_counties:  # as many counties as asked, townships shared out
        per = -(-len(town_sizes) // min(n_counties, len(town_sizes)))
        counties = [town_sizes[j : j + per] for j in range(0, len(town_sizes), per)]
    while i < len(town_sizes) and not n_counties:
        k = rng.randint(8, 20)
        if len(town_sizes) - (i + k) < 4:  # no tiny county at the end
            k = len(town_sizes) - i
        counties.append(town_sizes[i : i + k])
        i += k
    out = []
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
        out.append(ctowns)
    # the first villages carry the kinds every rule needs, whatever N is
    first = out[0][0]
    kinds = [(True, False), (False, True), (False, False), (True, True), (True, False), (False, False)]
    for v, (p, w) in zip(first, kinds):
        v[0], v[1] = p, w
    total = sum(weights)
    flat = [v for c in out for t in c for v in t]
    assigned = 0
    for v, w in zip(flat, weights):
        v[2] = int(n * w / total)
        assigned += v[2]
    for _ in range(n - assigned):
        flat[rng.randrange(len(flat))][2] += 1
    for v in flat:  # household ids have 4 digits a village
        if v[2] > 9999:
            raise ValueError("too many households for one village")
    for towns in out:  # township codes are 101–999 within a county
        if len(towns) > MAX_TOWNSHIPS:
            raise UsageError(
                f"{n} 户只分成 {len(counties)} 个县区时，一个县区有 {len(towns)} 个乡镇，超过乡镇代码能编的"
                f" {MAX_TOWNSHIPS} 个（101–999）：请用 --counties 分成更多县区，或不指定 --counties。"
            )
    return out


def write_county(ctx: Context, code6: str, cname: str, towns, oc: str) -> None:
    rng = ctx.rng
    out = ctx.out.w
    head_dates, cadre_dates = ctx.draws.birth_dates(code6)
    county = ctx.county = County(code6, cname, oc, head_dates, cadre_dates)
    ccode = code6 + "000000"
    out["regions"].writerow((ccode, cname, "县区", "", "", "", ""))
    d_party, d_org = county.party, f"D{oc}002"
    org = out["organizations"].writerow
    post = out["posts"].writerow
    org((d_party, f"中共{cname}委员会", "党委", "", ccode))
    org((d_org, f"中共{cname}委组织部", "机关", d_party, ccode))
    n_vill = sum(len(t) for t in towns)
    # county leaders (县处级), a few of them with posts
    n_leaders = max(3, min(60, n_vill // 4))
    county.leaders = [ctx.person(d_party, "县处级", "中共党员") for _ in range(n_leaders)]
    post((county.leaders[0], d_party, "书记", ctx.day(-1200), ""))
    post((county.leaders[1], d_org, "组织部长", ctx.day(-1200), ""))
    # units that contract villages and dispatch cadres
    n_units = max(6, min(len(UNITS), round(n_vill * 0.7)))
    for i, (tpl, kind, head) in enumerate(UNITS[:n_units]):
        ucode = f"U{oc}{i + 1:03d}"
        org((ucode, tpl.format(c=cname), kind, "", ccode))
        county.units.append(ucode)
        post((ctx.person(ucode, "乡科级", "中共党员"), ucode, head, ctx.day(-rng.randint(200, 1500)), ""))
    for ti, villages in enumerate(towns):
        write_township(ctx, ti, villages)


def write_township(ctx: Context, ti: int, villages: list) -> None:
    rng = ctx.rng
    out = ctx.out.w
    county = ctx.county
    code6, oc = county.code6, county.oc
    tnum = 101 + ti
    tcode = f"{code6}{tnum}000"
    tname = _unique_name(
        ctx.town_names.setdefault(code6, set()), lambda: rng.choice(TOWN_FIRST) + rng.choice(TOWN_SECOND)
    ) + ("镇" if rng.random() < 0.55 else "乡")
    out["regions"].writerow((tcode, tname, "乡镇", code6 + "000000", "", "", ""))
    torg = f"T{oc}{ti + 1:02d}"
    out["organizations"].writerow((torg, f"中共{tname}委员会", "党委", county.party, tcode))
    post = out["posts"].writerow
    secretary = ctx.person(torg, "乡科级", "中共党员")
    mayor = ctx.person(torg, "乡科级", "中共党员")
    post((secretary, torg, "书记", ctx.day(-rng.randint(300, 1500)), ""))
    post((mayor, torg, "镇长" if tname.endswith("镇") else "乡长", ctx.day(-rng.randint(300, 1500)), ""))
    others = [ctx.person(torg, "乡科级", "中共党员") for _ in range(rng.randint(4, 7))]
    for p, title in zip(others, TOWN_LEADER_TITLES):
        post((p, torg, title, ctx.day(-rng.randint(300, 1500)), ""))
    leaders = [secretary, mayor] + others
    cadres = [ctx.person(torg, "一般干部") for _ in range(max(2, (len(villages) + 1) // 2))]
    ctx.township = Township(tcode, tname, tnum, torg, leaders, cadres)
    used = set()
    for vi, (poor, weak, n) in enumerate(villages):
        vname = _village_name(rng, used)
        suffix = f"{tnum}{201 + vi}"
        village = Village(
            code=f"{code6}{suffix}",
            name=vname,
            poor=poor,
            weak=weak,
            households=n,
            index=vi,
            branch=f"B{oc}{suffix}",
            committee=f"C{oc}{suffix}",
        )
        write_village(ctx, village)


def _unique_name(used: set, make) -> str:
    """A name `make` gives that is not in `used` yet (after 50 tries, whatever it gives)."""
    for _ in range(50):
        name = make()
        if name not in used:
            used.add(name)
            return name
    return name


def _village_name(rng, used: set) -> str:
    for _ in range(50):
        name = rng.choice(SURNAMES[:80]) + rng.choice(VILLAGE_SUFFIX)
        if name not in used:
            break
    used.add(name)
    return name + "村"
