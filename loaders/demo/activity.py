"""How the work in a village is done and checked (shared/spec/activity-tables.md): visits to its
households, its reserve cadres, talents from it living elsewhere, inspections, the yearly review of
its first secretary and branch secretary, and its yearly indicators.

Each function writes one table's rows for the current village and plants the gaps of its rule
(`visit_overdue`, `reserve_cadre`, `evaluation_unfit`, `collective_income`, `service_center`) where
`ctx.planting.want` says so, plus the near misses next to each rule's edge that must NOT be flagged:
a helper's last home visit exactly `VISIT_DAYS` − 1 days before the as-of date (`visit_day_89`), a
不称职 superseded by a later year (`unfit_superseded`), an income of exactly `MIN_INCOME`
(`income_at_limit`). Visits are the hot path (about 12 a household a year): one `getrandbits` a
visit, lines written whole, one village at a time.
"""

from __future__ import annotations

from loaders.demo.context import Context, Village
from loaders.demo.draws import weighted_table
from loaders.demo.vocabulary import (
    CONTRIBUTIONS,
    GRADE_W,
    INSPECTION_KINDS,
    MIN_INCOME,
    PROBLEMS,
    RESERVE_SOURCE_W,
    RESIDENCES,
    SERVICE_CENTER_W,
    TALENT_KINDS,
    VISIT_DAYS,
    VISIT_NOTES,
    VISIT_SPAN,
)

RESERVE_SOURCE_T = weighted_table(RESERVE_SOURCE_W, 8)
GRADE_T = weighted_table(GRADE_W, 8)
SERVICE_CENTER_T = weighted_table(SERVICE_CENTER_W, 8)
# a visit's kind: the first of a household's visits and two in three after it are home visits, so a
# regular helper's home visits are never more than two steps (≤ 56 days) apart
OTHER_KINDS = ("电话", "视频", "电话", "其他")


def visits(ctx: Context, groups: list[tuple], contact: str) -> None:
    """Each helper visits each of their households about monthly (18–28 days apart) since the pair
    started, over the last `VISIT_SPAN` days; the village contact cadre now and then too (not a
    helper: their visits do not count for the rule). Planted (per helper): visits that stopped more
    than `VISIT_DAYS` days ago, phone and video visits only, or none at all while the contact visits."""
    rng = ctx.rng
    planting = ctx.planting
    getrandbits = rng.getrandbits
    iso, base = ctx.draws.iso, -ctx.draws.lo
    rows = []
    append = rows.append
    gap16 = int(planting.gap * 65536)
    for cadre, hids, start in groups:
        first = max(start, -VISIT_SPAN)
        variant = -1  # regular
        r = getrandbits(20)
        if "visit_day_89" in planting.pending:
            variant = 4
            planting.pending.discard("visit_day_89")
        elif "visit_overdue" in planting.pending or (r & 65535) < gap16:
            variant = (r >> 16) % 4  # 0 stopped, 1 phone only, 2 only the contact, 3 exactly VISIT_DAYS ago
            planting.mark("visit_overdue", len(hids))
        if variant == 0:
            last = -VISIT_DAYS - 1 - getrandbits(7)
        elif variant in (3, 4):
            last = -VISIT_DAYS - 30
        else:
            last = 0
        who = contact if variant == 2 else cadre
        for hid in hids:
            head = f"{who},{hid},"
            x = getrandbits(30)
            d = first + (x & 31) % (min(25, -first) + 1)
            k = 0
            while d <= last:
                x = getrandbits(16)
                if variant == 1:
                    kind = OTHER_KINDS[x & 1]
                elif k % 3 == 1 and x & 1:
                    kind = OTHER_KINDS[(x >> 1) & 3]
                else:
                    kind = "入户"
                append(f"{head}{iso[base + d]},{kind},{VISIT_NOTES[(x >> 3) & 7]}")
                d += 18 + ((x >> 6) & 7) + ((x >> 9) & 3)
                k += 1
            if variant in (3, 4):  # the last home visit exactly VISIT_DAYS (flagged) or one day fewer ago
                append(f"{head}{iso[base - VISIT_DAYS + (variant == 4)]},入户,")
            elif variant == -1:
                y = getrandbits(13)
                if not y & 15:  # the village contact drops in (not a helper)
                    append(f"{contact},{hid},{iso[base - (y >> 4) % 300 - 1]},入户,")
    if rows:
        ctx.out.files["visits"].write("\n".join(rows) + "\n")


def reserve_cadres(ctx: Context, v: Village) -> None:
    """村级后备干部: one to three villagers in the pool, now and then one who has left it. Planted:
    nobody ever, the only one has left the pool, the only one joins only later."""
    rng = ctx.rng
    day = ctx.day
    W = ctx.out.w["reserve_cadres"].writerow
    source = RESERVE_SOURCE_T
    if ctx.planting.want("reserve_cadre"):
        x = rng.randrange(3)
        p = ctx.person("", "其他")
        if x == 1:
            W(
                (
                    p,
                    v.code,
                    day(-rng.randint(400, 1500)),
                    day(-rng.randint(1, 300)),
                    source[rng.getrandbits(8)],
                )
            )
        elif x == 2:
            W((p, v.code, day(rng.randint(1, 60)), "", source[rng.getrandbits(8)]))
        ctx.planting.mark("reserve_cadre")
        return
    for _ in range(rng.randint(1, 3)):
        W((ctx.person("", "其他"), v.code, day(-rng.randint(30, 1500)), "", source[rng.getrandbits(8)]))
    if rng.random() < 0.15:  # one who has left the pool (became a cadre, or moved away)
        W(
            (
                ctx.person("", "其他"),
                v.code,
                day(-rng.randint(800, 1500)),
                day(-rng.randint(1, 700)),
                source[rng.getrandbits(8)],
            )
        )


def talents(ctx: Context, v: Village) -> None:
    """在外人才 / 乡贤 / 返乡创业 from half of the villages, with what they gave."""
    rng = ctx.rng
    if rng.random() >= 0.5:
        return
    W = ctx.out.w["talents"].writerow
    for _ in range(rng.randint(1, 2)):
        what, amounts = rng.choice(CONTRIBUTIONS)
        kind = rng.choice(TALENT_KINDS)
        W(
            (
                ctx.person("", "其他"),
                v.code,
                kind,
                "本村" if kind == "返乡创业" else rng.choice(RESIDENCES),
                ctx.day(-rng.randint(5, 700)),
                what,
                str(rng.choice(amounts)) if what else "",
            )
        )


def inspections(ctx: Context, v: Village, secretary: str | None) -> None:
    """A third of the villages were inspected in the last year (the village, its first secretary or
    its contracting unit); most passed; half the problems found were closed by a later re-inspection
    that passed (复查合格销号)."""
    rng = ctx.rng
    if rng.random() >= 0.33:
        return
    W = ctx.out.w["inspections"].writerow
    county = ctx.county
    x = rng.random()
    if x < 0.15 and secretary:
        subject = ("人员", secretary)
    elif x < 0.3:
        subject = ("单位", v.unit)
    else:
        subject = ("村", v.code)
    unit = f"D{county.oc}002" if rng.random() < 0.5 else rng.choice(county.units)
    when = -rng.randint(1, 360)
    kind = rng.choice(INSPECTION_KINDS)
    ctx.inspection_no += 1
    if rng.random() < 0.8:
        W((f"DC{ctx.inspection_no:07d}", ctx.day(when), unit, *subject, kind, "合格", "", ""))
        return
    problem, category = rng.choice(PROBLEMS)
    W((f"DC{ctx.inspection_no:07d}", ctx.day(when), unit, *subject, kind, "发现问题", problem, category))
    again = when + rng.randint(10, 90)
    if again <= 0 and rng.random() < 0.5:
        ctx.inspection_no += 1
        W((f"DC{ctx.inspection_no:07d}", ctx.day(again), unit, *subject, "专项督查", "合格", "", ""))


def evaluations(ctx: Context, v: Village, branch_secretary: str) -> None:
    """述职评议 of the first secretary and the branch secretary, the last two years. Planted on first
    secretaries in post: 不称职 in the latest year (or its alias 差); near miss: 不称职 the year
    before, superseded by 称职."""
    rng = ctx.rng
    W = ctx.out.w["evaluations"].writerow
    latest = ctx.settings.as_of.year - 1
    org = f"D{ctx.county.oc}002"
    grade = GRADE_T
    fs = v.first_secretary
    if fs is not None:
        first, last = grade[rng.getrandbits(8)], grade[rng.getrandbits(8)]
        if "unfit_superseded" in ctx.planting.pending:
            first, last = "不称职", "称职"
            ctx.planting.pending.discard("unfit_superseded")
        elif ctx.planting.want("evaluation_unfit"):
            last = rng.choice(("不称职", "差"))
            ctx.planting.mark("evaluation_unfit")
        W((fs, str(latest - 1), "第一书记", first, org))
        W((fs, str(latest), "第一书记", last, org))
    for year in (latest - 1, latest):
        W((branch_secretary, str(year), "村党组织书记", grade[rng.getrandbits(8)], f"D{ctx.county.oc}001"))


def indicators(ctx: Context, v: Village) -> None:
    """村级指标 of the last three years: collective income (万元) and the service centre's grade.
    Planted: the latest income below `MIN_INCOME`, no income in any year, the latest year's income
    missing and the one before below it; the latest service-centre grade 不达标. Near misses: an
    income of exactly `MIN_INCOME`, a 不达标 earlier than a latest 达标."""
    rng = ctx.rng
    planting = ctx.planting
    W = ctx.out.w["village_indicators"].writerow
    latest = ctx.settings.as_of.year - 1
    years = (latest - 2, latest - 1, latest)
    level = (2.0 if v.poor else 8.0) * rng.lognormvariate(0, 0.7)
    incomes = [f"{MIN_INCOME + 0.5 + level * (0.8 + 0.15 * i):.1f}" for i in range(3)]
    centers = [SERVICE_CENTER_T[rng.getrandbits(8)] for _ in years]
    if rng.random() < 0.1:
        centers[rng.randrange(2)] = "不达标"  # improved since: not flagged
    if "income_at_limit" in planting.pending:
        incomes[2] = f"{MIN_INCOME:.1f}"
        planting.pending.discard("income_at_limit")
    elif planting.want("collective_income"):
        x = rng.randrange(3)
        if x == 0:
            incomes[2] = f"{rng.uniform(0.2, MIN_INCOME - 0.1):.1f}"
        elif x == 1:
            incomes = ["", "", ""]
        else:
            incomes[1], incomes[2] = f"{rng.uniform(0.2, MIN_INCOME - 0.1):.1f}", ""
        planting.mark("collective_income")
    if planting.want("service_center"):
        centers[2] = "不达标"
        planting.mark("service_center")
    for year, income, center in zip(years, incomes, centers):
        W((v.code, str(year), income, center, ""))
