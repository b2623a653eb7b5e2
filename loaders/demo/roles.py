"""Who answers for a village, one function per role, each with the gaps its rule can have.

Every function writes the role's ordinary rows, or, where `ctx.planting.want(rule)` says so, one of
the rule's gap variants (vacant, ended, not yet started, the wrong kind of person …) and marks it
planted. The functions run in a fixed order (`village.write_village`): each draws from the one random
generator, so reordering them changes the generated files.
"""

from __future__ import annotations

from loaders.demo.context import Context, Village
from loaders.demo.vocabulary import EXPIRING_DAYS, SECRETARY_TITLES


def branch_secretary(ctx: Context, v: Village, bkind: str, bname: str) -> str:
    """The village's party branch (and committee) and its secretary's post; returns the secretary."""
    rng = ctx.rng
    out = ctx.out.w
    day = ctx.day
    vcode, branch = v.code, v.branch
    has_branch = True
    gap_branch = ctx.planting.want("branch_secretary")
    variant = rng.randrange(5) if gap_branch else -1
    if variant == 4:
        has_branch = False
    if has_branch:
        out["organizations"].writerow((branch, bname, bkind, ctx.township.org, vcode))
        if rng.random() < 0.5:
            out["organizations"].writerow((v.committee, f"{v.name}村民委员会", "村委会", "", vcode))
    sec = ctx.person(branch if has_branch else "", "村干部", "中共党员")
    P = out["posts"].writerow
    title = SECRETARY_TITLES[rng.randrange(len(SECRETARY_TITLES))]
    if variant == -1:
        P((sec, branch, title, day(-rng.randint(100, 1800)), ""))
        if rng.random() < 0.1:  # a predecessor whose post has ended
            old = ctx.person(branch, "村干部", "中共党员")
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
        ctx.planting.mark("branch_secretary")
    if has_branch and rng.random() < 0.6:
        P(
            (
                ctx.person(branch, "村干部", "中共党员"),
                branch,
                "副书记" if rng.random() < 0.5 else "委员",
                day(-rng.randint(100, 1800)),
                "",
            )
        )
    return sec


def contracting_unit(ctx: Context, v: Village) -> None:
    """包村单位: every poor village, half of the others."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, unit = v.code, v.unit
    if v.poor or rng.random() < 0.5:
        if v.poor and ctx.planting.want("contracting_unit"):
            x = rng.randrange(3)
            if x == 1:
                A(("包村单位", vcode, "", unit, day(-rng.randint(800, 1500)), day(-rng.randint(1, 200))))
            elif x == 2:
                A(("包村单位", vcode, "", unit, day(rng.randint(1, 90)), ""))
            ctx.planting.mark("contracting_unit")
        else:
            A(("包村单位", vcode, "", unit, day(-rng.randint(30, 1500)), ""))


def _first_secretary_gap(ctx: Context, v: Village) -> str | None:
    """Which of the first-secretary rules (or the expiring near miss) to plant in a key village."""
    if not v.key:
        return None
    pending = ctx.planting.pending
    choices = [
        r
        for r in ("first_secretary", "first_secretary_party_member", "expiring", "expiring_with_successor")
        if r in pending
    ]
    if choices:
        return choices[0]
    x = ctx.rng.random()
    g = ctx.planting.gap
    return (
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


def first_secretary(ctx: Context, v: Village) -> None:
    """第一书记 of every key village and of a few others; sets `v.first_secretary` and, when the
    expiring term is planted on the work-team leader instead, `v.team_expiring`."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, unit, key = v.code, v.unit, v.key
    planting = ctx.planting
    fs_gap = _first_secretary_gap(ctx, v)
    # a few non-key villages have one too, but not while the party-liaison gap (a non-key village
    # without a first secretary) still waits for its village
    if (
        key
        or "nonkey_fs" in planting.pending
        or ("party_liaison" not in planting.pending and rng.random() < 0.05)
    ):
        if fs_gap == "first_secretary":
            x = rng.randrange(3)
            if x == 1:  # the last one's term is over
                old = ctx.person(unit, "一般干部", "中共党员")
                A(("第一书记", vcode, old, unit, day(-rng.randint(760, 900)), day(-rng.randint(1, 30))))
            elif x == 2:  # appointed, but not yet started
                new = ctx.person(unit, "一般干部", "中共党员")
                A(("第一书记", vcode, new, unit, day(rng.randint(1, 45)), day(rng.randint(760, 800))))
            planting.mark("first_secretary")
        else:
            political = "中共党员"
            if fs_gap == "first_secretary_party_member":
                political = rng.choice(("群众", "中共预备党员", "共青团员"))
                planting.mark("first_secretary_party_member")
            fs = v.first_secretary = ctx.person(
                unit, rng.choice(("一般干部", "一般干部", "乡科级")), political
            )
            if fs_gap in ("expiring", "expiring_with_successor") and v.poor and rng.random() < 0.4:
                v.team_expiring = fs_gap  # the team leader's term runs out instead
                start = -rng.randint(10, 680)
                A(("第一书记", vcode, fs, unit, day(start), day(start + 729)))
            elif fs_gap in ("expiring", "expiring_with_successor"):
                expiring_term(ctx, "第一书记", vcode, fs, unit, fs_gap)
            else:
                start = -rng.randint(10, 680)
                A(("第一书记", vcode, fs, unit, day(start), day(start + 729)))
                if rng.random() < 0.3:
                    prev = ctx.person(unit, "一般干部", "中共党员")
                    A(("第一书记", vcode, prev, unit, day(start - 730), day(start - 1)))
        if not key:  # near miss: non-key, has a first secretary, no liaison needed
            planting.pending.discard("nonkey_fs")


def expiring_term(ctx: Context, role: str, vcode: str, pid: str, unit: str, kind: str) -> None:
    """A term that ends within 30 days; with a successor the day after (not a gap) or without."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    end = rng.randint(1, EXPIRING_DAYS)
    A((role, vcode, pid, unit, ctx.day(end - 729), ctx.day(end)))
    if kind == "expiring_with_successor":
        nxt = ctx.person(unit, "一般干部", "中共党员")
        A((role, vcode, nxt, unit, ctx.day(end + 1), ctx.day(end + 730)))
        ctx.planting.mark("expiring_with_successor")
    else:
        if rng.random() < 0.5:  # a successor, but only after a gap: still flagged
            nxt = ctx.person(unit, "一般干部", "中共党员")
            A((role, vcode, nxt, unit, ctx.day(end + rng.randint(2, 30)), ""))
        ctx.planting.mark("expiring")


def work_team(ctx: Context, v: Village) -> None:
    """驻村工作队 of every poor village and some weak ones: a leader (often the first secretary) and
    2–4 members; planted: nobody leads, too few, the same member twice, the others have left."""
    rng = ctx.rng
    if not (v.poor or (v.weak and rng.random() < 0.3)):
        return
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, unit, fs = v.code, v.unit, v.first_secretary
    start = -rng.randint(10, 680)
    leader = fs if (fs is not None and rng.random() < 0.5) else ctx.person(unit, "一般干部", "中共党员")
    members = [ctx.person(unit, "一般干部") for _ in range(rng.randint(2, 4))]
    x = -1
    if v.poor and ctx.planting.want("work_team"):
        x = rng.randrange(4)
        ctx.planting.mark("work_team")
    if x == 0:
        leader = None  # members only, nobody leads
    elif x == 1:
        members = members[:1]  # too few
    elif x == 2:
        members = [members[0], members[0]]  # the same member twice counts once
    if leader is not None:
        if v.team_expiring:
            expiring_term(ctx, "工作队长", vcode, leader, unit, v.team_expiring)
        else:
            A(("工作队长", vcode, leader, unit, day(start), day(start + 729)))
    # distinct start days, so that the member given twice is two rows of the roster, not one row
    # repeated (which the loader refuses as a duplicate)
    offsets = rng.sample(range(10), len(members))
    for i, m in enumerate(members):
        if x == 3 and i >= 1:  # the others have left
            A(("工作队员", vcode, m, unit, day(start + offsets[i]), day(rng.randint(start + offsets[i], -1))))
        else:
            A(("工作队员", vcode, m, unit, day(start + offsets[i]), ""))


def leader_point(ctx: Context, v: Village) -> None:
    """挂点领导 (a county leader attached): every weak village first, most poor ones, a few others."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, leaders = v.code, ctx.county.leaders
    if v.weak or (v.poor and rng.random() < 0.6) or rng.random() < 0.1:
        if v.weak and ctx.planting.want("leader_point"):
            x = rng.randrange(3)
            if x == 1:  # attached, but a township leader, not 县处级
                A(("挂点领导", vcode, rng.choice(ctx.township.leaders), "", day(-rng.randint(30, 900)), ""))
            elif x == 2:
                A(
                    (
                        "挂点领导",
                        vcode,
                        rng.choice(leaders),
                        "",
                        day(-rng.randint(600, 900)),
                        day(-rng.randint(1, 100)),
                    )
                )
            ctx.planting.mark("leader_point")
        else:
            A(("挂点领导", vcode, rng.choice(leaders), "", day(-rng.randint(30, 900)), ""))


def village_contact(ctx: Context, v: Village) -> tuple[str, bool]:
    """包村干部: a township cadre for every two villages; returns (the contact, serving now)."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, cadres = v.code, ctx.township.cadres
    contact = cadres[(v.index // 2) % len(cadres)]
    if ctx.planting.want("village_contact"):
        x = rng.randrange(3)
        if x == 1:
            A(("包村干部", vcode, contact, "", day(rng.randint(1, 60)), ""))
        elif x == 2:
            A(("包村干部", vcode, contact, "", day(-rng.randint(400, 900)), day(-rng.randint(1, 100))))
        ctx.planting.mark("village_contact")
        return contact, False
    A(("包村干部", vcode, contact, "", day(-rng.randint(30, 900)), ""))
    if rng.random() < 0.03:  # a successor already named, starting later
        A(("包村干部", vcode, rng.choice(cadres), "", day(rng.randint(30, 120)), ""))
    return contact, True


def responsibility_group(ctx: Context, v: Village, contact: str, contact_active: bool) -> None:
    """责任组长 (a township leader or the serving contact) and 1–3 组员; planted: no leader, or a
    general cadre who is not the contact."""
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, town = v.code, ctx.township
    if v.in_scope and ctx.planting.want("responsibility_group"):
        x = rng.randrange(2)
        if x == 1:  # led by a general cadre who is not this village's contact
            others = [c for c in town.cadres if c != contact]
            lead = rng.choice(others) if others else ctx.person(town.org, "一般干部")
            A(("责任组长", vcode, lead, "", day(-rng.randint(30, 900)), ""))
        ctx.planting.mark("responsibility_group")
    else:
        lead = rng.choice(town.leaders) if (rng.random() < 0.5 or not contact_active) else contact
        A(("责任组长", vcode, lead, "", day(-rng.randint(30, 900)), ""))
    for m in rng.sample(town.cadres, min(len(town.cadres), rng.randint(1, 3))):
        A(("责任组员", vcode, m, "", day(-rng.randint(30, 900)), ""))


def party_liaison(ctx: Context, v: Village) -> None:
    """党建联系人 / 党建指导员 of a non-key village without a first secretary (optional with one)."""
    if v.key:
        return
    rng = ctx.rng
    A = ctx.out.w["assignments"].writerow
    day = ctx.day
    vcode, town_leaders = v.code, ctx.township.leaders
    if v.first_secretary is not None:
        if rng.random() < 0.3:  # optional where a first secretary serves
            A(("党建联系人", vcode, rng.choice(town_leaders), "", day(-rng.randint(30, 900)), ""))
    elif ctx.planting.want("party_liaison"):
        if rng.random() < 0.5:
            A(
                (
                    "党建联系人",
                    vcode,
                    rng.choice(town_leaders),
                    "",
                    day(-rng.randint(600, 900)),
                    day(-rng.randint(1, 100)),
                )
            )
        ctx.planting.mark("party_liaison")
    else:
        A(
            (
                "党建联系人" if rng.random() < 0.5 else "党建指导员",
                vcode,
                rng.choice(town_leaders),
                "",
                day(-rng.randint(30, 900)),
                "",
            )
        )
