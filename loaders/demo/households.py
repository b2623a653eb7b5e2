"""A village's households with their benefits, and the help pairs that tie them to cadres.

The hot path of the generator (most rows are households, benefits and help pairs): one random draw
a household, split into indexes into the precomputed tables of `draws.Draws`, and lines written
whole. Planted here: households in scope without an active pair (`help_pair`) and cadres with more
than the maximum load (`cadre_load`), plus the near miss of a cadre at exactly the maximum.
"""

from __future__ import annotations

from loaders.demo.context import Context
from loaders.demo.vocabulary import MAX_LOAD

MONITORED = ",监测对象,"  # the status in a household line's tail


def households(ctx: Context, vcode: str, n: int):
    """Write the village's households and benefits.

    Returns (ids, active, other, needy, in_scope, watch): `active` are the households in scope to pair
    now; `other` are (household, day offset) whose only pair ended (< 0) or starts later (> 0);
    `watch` those in scope of status 监测对象 (loaders/demo/monitoring.py gives each a case).
    """
    rng = ctx.rng
    d = ctx.draws
    planting = ctx.planting
    getrandbits = rng.getrandbits
    tail_t = d.hh_tail
    mname_t, fname_t, seqchk, hd = d.mname_t, d.fname_t, d.seqchk, ctx.county.head_dates
    prefix = ctx.county.code6
    bn_t, ben_t, ben_key_t, suffix = d.bn_t, d.ben_t, d.ben_key_t, d.suffix
    gap21 = int(planting.gap * (1 << 21))
    force = "help_pair" in planting.pending
    rows = []
    ben = []
    active = []
    other = []
    watch = []
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
        append(f"{hid},{(mname_t if male else fname_t)[(r >> 37) & 16383]},{prefix}{pd}{chk[k]}{vc}{tail}")
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
        if MONITORED in tail:
            watch.append(hid)
        if (g >> 6) < gap21 or force:
            force = False
            gaps += 1
            v = g & 3
            if v == 1 or v == 2:  # the pair ended, or starts only later; else none at all
                other.append((hid, -rng.randint(1, 400) if v == 1 else rng.randint(1, 90)))
        else:
            active.append(hid)
    if gaps:
        planting.mark("help_pair", gaps)
    if rows:
        ctx.out.files["households"].write("\n".join(rows) + "\n")
    if ben:
        ctx.out.files["benefits"].write("\n".join(ben) + "\n")
    return [line[:16] for line in rows], active, other, needy, scope, watch


def help_pairs(ctx: Context, active: list[str], other: list[tuple[str, int]], unit: str) -> list[tuple]:
    """Pair the `active` households with new cadres of the township (or of the village's unit) in
    loads of 1–5 (mean about 3.2), and the `other` ones with an ended or a later pair.

    Returns the active pairs as (cadre, households, start day offset), for the visits (`activity`)."""
    rng = ctx.rng
    planting = ctx.planting
    getrandbits = rng.getrandbits
    iso, base = ctx.draws.iso, -ctx.draws.lo
    rows = []
    gap16 = int(planting.gap * 65536)
    torg = ctx.township.org
    load_t = ctx.draws.load_t
    person = ctx.person
    cadres = []
    groups = []
    prev = None
    i = 0
    n_act = len(active)
    # cut the households into cadres' loads (1–5, mean ~3.2; some overloaded)
    while i < n_act:
        r = getrandbits(34)
        k = load_t[r & 4095]
        if n_act - i >= MAX_LOAD + 1 and ("cadre_load" in planting.pending or (r >> 12) & 65535 < gap16):
            k = rng.randint(MAX_LOAD + 1, min(MAX_LOAD + 3, n_act - i))
            planting.mark("cadre_load")
        elif "cadre_at_limit" in planting.pending and n_act - i >= MAX_LOAD:
            k = MAX_LOAD  # exactly at the limit: not a gap
            planting.pending.discard("cadre_at_limit")
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
        groups.append((cadre, active[i : i + k], st - base))
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
        ctx.out.files["help_pairs"].write("\n".join(rows) + "\n")
    return groups
