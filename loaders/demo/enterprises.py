"""Enterprises that lift households (带贫主体) and their links to households of the township."""

from __future__ import annotations

from loaders.demo.context import Context, Village
from loaders.demo.draws import ENTERPRISE_KIND_T
from loaders.demo.ids import ORGCODE_ALPHABET, org_code, uscc_check
from loaders.demo.vocabulary import ENTERPRISE_KINDS, LINK_MODES


def enterprise(ctx: Context, v: Village, hh: list[str], secretary: str) -> None:
    """One enterprise in the village (managed now and then by its branch secretary), linked to 4–20
    households of this village and of earlier villages of the township."""
    rng = ctx.rng
    town = ctx.township
    ctx.enterprise_no += 1
    eid = f"E{ctx.enterprise_no:03d}"
    ki = ENTERPRISE_KIND_T[rng.getrandbits(8)]
    kind, prefix, suffixes = ENTERPRISE_KINDS[ki]
    name = v.name[:-1] + rng.choice(suffixes)
    body = "".join(rng.choice(ORGCODE_ALPHABET) for _ in range(8))
    code17 = prefix + ctx.county.code6 + org_code(body)
    credit = code17 + uscc_check(code17) if rng.random() < 0.9 else ""
    manager = ""
    x = rng.random()
    if x < 0.3:
        manager = secretary
    elif x < 0.7:
        manager = ctx.person("", "其他", rng.choice(("群众", "中共党员")))
    party = ""
    if kind in ("龙头企业", "农民专业合作社") and rng.random() < 0.3:
        party = f"{town.org}Q{ctx.enterprise_no}"
        # its own branch sits in the township, so it is never mistaken for the village's branch
        ctx.out.w["organizations"].writerow((party, f"中共{name}支部委员会", "党支部", town.org, town.code))
    ctx.out.w["enterprises"].writerow((eid, name, kind, v.code, credit, manager, party))
    # households it lifts: from this village and earlier ones of the township
    pool = hh + town.reservoir
    links = []
    years = ctx.draws.benefit_years
    for hid in rng.sample(pool, min(len(pool), rng.randint(4, 20))):
        mode, incomes = LINK_MODES[rng.randrange(len(LINK_MODES))]
        links.append((eid, hid, mode, str(rng.choice(incomes)), rng.choice(years)))
    ctx.out.w["enterprise_links"].writerows(links)


def keep_for_later(ctx: Context, hh: list[str]) -> None:
    """Keep a few of the village's households (at most 200 a township) for enterprises of later villages."""
    rng = ctx.rng
    res = ctx.township.reservoir
    for _ in range(3):
        h = hh[rng.randrange(len(hh))]
        if len(res) < 200:
            if h not in res:
                res.append(h)
        else:
            j = rng.randrange(200)
            if h not in res:
                res[j] = h
