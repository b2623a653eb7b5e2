"""One village, in the order its rows are drawn: the region row, its households (whether it is key
depends on its needy households), who answers for it (`roles`), help pairs, an enterprise, then how
the work is done and checked (`activity`: visits, reserve cadres, talents, inspections, evaluations,
indicators; `monitoring`: its 监测对象 cases and their help measures)."""

from __future__ import annotations

from loaders.demo import activity, roles
from loaders.demo.context import Context, Village
from loaders.demo.enterprises import enterprise, keep_for_later
from loaders.demo.households import help_pairs, households
from loaders.demo.monitoring import monitoring
from loaders.demo.vocabulary import MANY_HOUSEHOLDS


def write_village(ctx: Context, v: Village) -> None:
    rng = ctx.rng
    out = ctx.out.w
    exit_year = (
        str(rng.choice((2016, 2017, 2018, 2019, 2019, 2020))) if v.poor and rng.random() < 0.95 else ""
    )
    out["regions"].writerow(
        (
            v.code,
            v.name,
            "村",
            ctx.township.code,
            "是" if v.poor else "否",
            "是" if v.weak else "否",
            exit_year,
        )
    )
    # party branch (written with its secretary, roles.branch_secretary)
    bkind = "党总支" if v.households > 150 and rng.random() < 0.5 else "党支部"
    bname = f"中共{ctx.township.name}{v.name}{'总支部' if bkind == '党总支' else '支部'}委员会"
    v.unit = rng.choice(ctx.county.units)

    # households first: whether the village is key depends on its needy households
    hh_rows, active, other, needy, v.in_scope, watch = households(ctx, v.code, v.households)
    v.key = v.poor or v.weak or needy >= MANY_HOUSEHOLDS

    secretary = roles.branch_secretary(ctx, v, bkind, bname)
    roles.contracting_unit(ctx, v)
    roles.first_secretary(ctx, v)
    roles.work_team(ctx, v)
    roles.leader_point(ctx, v)
    contact, contact_active = roles.village_contact(ctx, v)
    roles.responsibility_group(ctx, v, contact, contact_active)
    roles.party_liaison(ctx, v)

    groups = help_pairs(ctx, active, other, v.unit)
    if rng.random() < (0.35 if v.poor else 0.18) and hh_rows:
        enterprise(ctx, v, hh_rows, secretary)
    if hh_rows:
        keep_for_later(ctx, hh_rows)

    activity.visits(ctx, groups, contact)
    activity.reserve_cadres(ctx, v)
    activity.talents(ctx, v)
    activity.inspections(ctx, v, v.first_secretary)
    activity.evaluations(ctx, v, secretary)
    activity.indicators(ctx, v)
    watched = set(watch)
    monitoring(ctx, watch, [h for h in active if h not in watched])
    ctx.flush_people()
