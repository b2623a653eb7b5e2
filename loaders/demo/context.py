"""What the generator functions share: the run's settings and random generator, the output files,
the running id counters, and where it is (county, township, village).

Why one object: every part draws from the one seeded generator in a fixed order, so the parts are
plain functions of `(ctx, …)` called in sequence; the context says what they may read and change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from loaders.demo.draws import Draws, FastRandom
from loaders.demo.output import Writers
from loaders.demo.planting import Planting
from loaders.demo.vocabulary import AREA_CODES, PHONE_T, POLITICAL_T


@dataclass(frozen=True)
class Settings:
    households: int
    gap_share: float
    as_of: dt.date
    counties: int | None  # None: as many as 8–20 townships a county make


@dataclass
class County:
    code6: str  # region code, e.g. 418101
    name: str
    oc: str  # infix of its organizations' codes: its region code when there are several counties, else ""
    head_dates: tuple  # birth-date tables for id numbers of this region code (Draws.birth_dates)
    cadre_dates: tuple
    leaders: list[str] = field(default_factory=list)  # 县处级
    units: list[str] = field(default_factory=list)  # units that contract villages and dispatch cadres

    @property
    def party(self) -> str:
        """Its party committee's code (the organization department is `D{oc}002`)."""
        return f"D{self.oc}001"


@dataclass
class Township:
    code: str
    name: str
    number: int  # 101, 102, … within the county (part of its villages' codes)
    org: str  # its party committee's code
    leaders: list[str]
    cadres: list[str]  # general cadres: village contacts, help cadres
    reservoir: list[str] = field(default_factory=list)  # a few households, for enterprises of later villages


@dataclass
class Village:
    code: str
    name: str
    poor: bool
    weak: bool  # 软弱涣散
    households: int  # as planned
    index: int  # its place in the township (0, 1, …)
    branch: str  # its party branch's code
    committee: str  # its village committee's code
    unit: str = ""  # the county unit that contracts it and dispatches its cadres (drawn)
    key: bool = False  # poor, weak or many needy households: needs a first secretary
    in_scope: int = 0  # households not closed
    first_secretary: str | None = None
    team_expiring: str | bool = False  # the work-team leader's term expires instead (the rule id)


@dataclass
class Context:
    settings: Settings
    rng: FastRandom
    draws: Draws
    out: Writers
    planting: Planting
    county: County | None = None
    township: Township | None = None
    person_no: int = 0
    enterprise_no: int = 0
    inspection_no: int = 0
    people_rows: list[str] = field(default_factory=list)  # written with the village's rows
    town_names: dict = field(default_factory=dict)  # township names used, per county

    def day(self, offset: int) -> str:
        """The ISO date `offset` days from the as-of date."""
        return self.draws.iso[offset - self.draws.lo]

    def person(self, unit: str, rank: str, political: str | None = None) -> str:
        """Add a new person of the current county (written with the village's rows); return their id."""
        self.person_no += 1
        pid = f"P{self.person_no:05d}"
        d = self.draws
        r = self.rng.getrandbits(90)
        chk, is_male = d.seqchk[r & 1023]
        pd, k = self.county.cadre_dates[(r >> 10) & 8191]
        pd = self.county.code6 + pd
        if political is None:
            political = POLITICAL_T[(r >> 39) & 15]
        x = (r >> 55) % 100000000
        if (r >> 43) & 63 == 0:
            phone = f"{AREA_CODES[(r >> 49) % 11]}-{20000000 + x % 80000000}"
        else:
            phone = f"{PHONE_T[(r >> 49) & 63]}{x:08d}"
        self.people_rows.append(
            f"{pid},{(d.mname_t if is_male else d.fname_t)[(r >> 23) & 16383]},"
            f"{'男' if is_male else '女'},{pd}{chk[k]},{political},{rank},{unit},{phone}"
        )
        return pid

    def flush_people(self):
        if self.people_rows:
            self.out.files["people"].write("\n".join(self.people_rows) + "\n")
            self.people_rows.clear()
