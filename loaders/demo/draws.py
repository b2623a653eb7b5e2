"""Fast draws from the vocabularies: lookup tables filled once, indexed by random bits.

Why: the generator writes millions of rows; one `getrandbits` call split into 12- or 14-bit indexes
into precomputed tables is several times faster than a `random.choices` per value. The tables are
built from the same seeded generator before any row is written, so a seed still gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random

from loaders.demo.ids import RIC_CHECK, RIC_W
from loaders.demo.vocabulary import (
    BENEFIT_N_W,
    CATEGORY_W,
    CAUSE_W,
    ENTERPRISE_KIND_W,
    FEMALE,
    LOAD_W,
    MALE,
    PROGRAMS,
    SIZE_W,
    STATUS_W,
    SURNAMES,
)


def weighted_table(weighted, bits=12):
    """A lookup table of 2**bits entries, each value repeated in proportion to its weight."""
    size = 1 << bits
    total = sum(w for _, w in weighted)
    out: list = []
    acc = 0.0
    for value, w in weighted:
        acc += w
        out.extend([value] * (round(acc * size / total) - len(out)))
    return tuple(out[:size])


ENTERPRISE_KIND_T = weighted_table(ENTERPRISE_KIND_W, 8)


class FastRandom(random.Random):
    """random.Random with quicker randint / randrange(n) / choice (one C call each instead of a
    chain of Python frames); just as deterministic for a seed."""

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n):
        return int(self.random() * n)

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class Draws:
    """The lookup tables of one generation, built from its random generator (the order of the draws
    is part of the output: do not reorder)."""

    lo = -4000  # the first day offset `iso` holds

    def __init__(self, rng: random.Random, as_of: dt.date):
        D = as_of
        self.rng = rng
        self.iso = tuple((D + dt.timedelta(days=k)).isoformat() for k in range(self.lo, 1200))
        self.size_t = weighted_table([(str(v), w) for v, w in SIZE_W])
        self.cat_t = weighted_table(CATEGORY_W)
        self.cause_t = weighted_table(CAUSE_W)
        self.status_t = weighted_table(
            [((st, ey, 2 if st == "已销户" else 0 if st == "已脱贫" else 1), w) for (st, ey), w in STATUS_W]
        )
        self.bn_t = weighted_table(BENEFIT_N_W)
        self.load_t = weighted_table(LOAD_W)
        self.sur_t = weighted_table(
            [(s, 30 if i < 20 else 10 if i < 60 else 4) for i, s in enumerate(SURNAMES)]
        )
        self.male_t = self._given_names(MALE)
        self.female_t = self._given_names(FEMALE)
        # id-number sequence part (3 digits; odd = male): for each residue k of the other 14 digits'
        # weighted sum, the sequence digits followed by the check character
        seq = []
        for i in range(1024):
            sq = f"{i % 1000:03d}"
            ssum = sum(int(c) * w for c, w in zip(sq, RIC_W[14:]))
            seq.append((tuple(sq + RIC_CHECK[(k + ssum) % 11] for k in range(11)), i % 2 == 1))
        self.seqchk = tuple(seq)
        self.suffix = tuple(f"{i:04d}" for i in range(10000))
        self.heads_dates = self._dates(1938, 1998)
        self.cadre_dates = self._dates(1966, 1999)
        self._by_residue = {}
        # the end of a household's line after its village code (size, status, category, cause, exit
        # year), drawn from the product of the distributions, with the status kind
        # (0 exited, 1 needy, 2 closed)
        getrandbits = rng.getrandbits
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
        for p, amounts in PROGRAMS:
            for a in amounts:
                prog.append((p, str(a)))
        # the end of a benefit's line after its household id: program, amount, year
        gb = rng.getrandbits
        picks = [
            (prog[gb(16) % len(prog)], self.benefit_years[gb(16) % len(self.benefit_years)])
            for _ in range(4096)
        ]
        self.ben_t = tuple("," + ",".join(p) + "," + y for p, y in picks)
        # (program, year) of each: a household gets one benefit per program and year (the roster's key)
        self.ben_key_t = tuple((p[0], y) for p, y in picks)

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
        o0 = dt.date(y0, 1, 1).toordinal()
        days = dt.date(y1, 12, 31).toordinal() - o0 + 1
        wy, wmd = RIC_W[6:10], RIC_W[10:14]
        ys = {y: (str(y), sum(int(c) * w for c, w in zip(str(y), wy))) for y in range(y0, y1 + 1)}
        mds = {}
        out = []
        for i in range(size):
            d = dt.date.fromordinal(o0 + (i * days) // size)
            y, ysum = ys[d.year]
            md = mds.get((d.month, d.day))
            if md is None:
                t = f"{d.month:02d}{d.day:02d}"
                md = mds[(d.month, d.day)] = (t, sum(int(c) * w for c, w in zip(t, wmd)))
            out.append((y + md[0], ysum + md[1]))
        return tuple(out)

    def birth_dates(self, code6: str) -> tuple[tuple, tuple]:
        """Birth-date tables of household heads and of cadres for a county's region code: (date digits,
        residue of the first 14 digits' weighted sum), shared by the counties of one residue."""
        res = sum(int(c) * w for c, w in zip(code6, RIC_W)) % 11
        if res not in self._by_residue:  # at most 11 of them, however many counties
            self._by_residue[res] = (
                tuple((s, (res + ds) % 11) for s, ds in self.heads_dates),
                tuple((s, (res + ds) % 11) for s, ds in self.cadre_dates),
            )
        return self._by_residue[res]

    def day(self, offset: int) -> str:
        """The ISO date `offset` days from the as-of date."""
        return self.iso[offset - self.lo]
