"""A county's monthly snapshots for the demo and the benchmarks: `bangfu demo generate --months N`.

Counties re-export their whole roster every month, and what changed shows only as rows that appear or
vanish. The first month is `loaders.demo.generate.generate`; each later month is the month before with the
turnover staff see (shared/spec/snapshots.md): help cadres transferred (their pairs vanish, most of
their households taken over by a colleague in the village, some left without a helper), first
secretaries and work-team leaders recalled or replaced, village-contact cadres and branch
secretaries replaced or resigned, households leaving the roster and new ones joining (as 监测对象
mostly), poor households exiting poverty and exited ones monitored again, reserve cadres leaving the
pool (their rows vanish: the snapshot ends them) and joining it, and 防止返贫监测 cases moving on (new
clues, identification within days with a help measure, dismissals, risks eliminated: `monitoring`).
About 2 % of the rows of a county change a month. Visits accumulate: each month's `visits.csv` is the
month before's (less the visits of households that left the roster: visits are history, a snapshot
leaves them alone) and about one visit a household by each helper who visited regularly before
(`_Visits`). Everything comes from the seed, so
the same arguments give the same files.

Each month is a folder named by its date (`2026-11-30/`), every table whole: load them in order
with `bangfu load --snapshot DATE FOLDER` (or `bangfu demo load OUT`).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from graph import clock
from graph.roster.vocabularies import (
    CAUSES,
    DEVELOPMENTAL_MEASURES,
    MONITOR_CATEGORIES,
    MONITOR_SOURCES,
    RISKS,
    SECRETARY_TITLES,
)
from graph.tables import TABLES_BY_NAME
from loaders.demo.generate import DemoResult, generate
from loaders.demo.ids import ric_check
from loaders.demo.vocabulary import MEASURE_NOTES, OTHER_MEASURES

# monthly rates (share of the candidates)
CADRE_TRANSFER = 0.02  # help cadres who leave: all their pairs vanish
TAKEN_OVER = 0.8  # of their households, those a colleague in the village takes over
HOUSEHOLD_LEAVE = 0.006
HOUSEHOLD_JOIN = 0.006
EXIT_POVERTY = 0.05  # 未脱贫 → 已脱贫
MONITORED_AGAIN = 0.01  # 已脱贫 → 监测对象
SECRETARY_RECALL = 0.02  # first secretaries recalled (no successor yet)
SECRETARY_REPLACE = 0.03  # first secretaries and work-team leaders replaced
CONTACT_REPLACE = 0.01  # village-contact cadres replaced
BRANCH_RESIGN = 0.005  # village branch secretaries resigning (vacant)
BRANCH_REPLACE = 0.01  # village branch secretaries replaced
RESERVE_LEAVE = 0.01  # reserve cadres leaving the pool
RESERVE_JOIN = 0.01  # new reserve cadres (share of the pool)
VISIT_MONTHLY = 0.9  # a regular helper visits each household in a month
REGULAR_DAYS = 35  # a helper whose last visit was this recent at the first month visits regularly
# 防止返贫监测 (loaders/demo/monitoring.py): a month's cases move on a step (monitoring.md)
NEW_CLUE = 0.003  # households in scope (not monitored) with a new clue
IDENTIFY_AFTER = (3, 14)  # days from a clue to its identification (or dismissal)
DISMISS = 0.1  # of the clues decided, those checked and not taken in
ELIMINATE = 0.08  # households monitored at least ELIMINATE_AFTER days whose risk is eliminated
ELIMINATE_AFTER = 180
CHANGING = (
    "people",
    "posts",
    "assignments",
    "households",
    "help_pairs",
    "reserve_cadres",
    "monitoring",
    "measures",
)


def month_ends(last: dt.date, months: int) -> list[dt.date]:
    """`months` month-end dates, the last one being the last month end on or before `last`."""
    year, month = last.year, last.month
    if last.day != calendar.monthrange(year, month)[1]:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    out = []
    for _ in range(months):
        out.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


@dataclass
class MonthsResult:
    first: DemoResult
    dates: list[dt.date]
    folders: list[Path]
    changed: list[dict[str, int]] = field(default_factory=list)  # per later month: what changed, by kind


def generate_months(
    out_dir,
    households: int,
    months: int,
    *,
    seed: int = 1,
    gap_share: float = 0.05,
    as_of: dt.date | None = None,
    counties: int | None = None,
) -> MonthsResult:
    """Write `months` monthly snapshots of one generated roster into `out_dir/<date>/`."""
    if months < 1:
        raise ValueError("months must be at least 1")
    dates = month_ends(as_of or clock.today(), months)
    out = Path(out_dir)
    folders = [out / d.isoformat() for d in dates]
    first = generate(
        folders[0], households, seed=seed, gap_share=gap_share, as_of=dates[0], counties=counties
    )
    result = MonthsResult(first, dates, folders)
    roster = _Roster.read(folders[0])
    rng = random.Random(f"{seed}-months")
    visits = _Visits.read(folders[0] / "visits.csv", dates[0])
    for previous, date, before, folder in zip(dates, dates[1:], folders, folders[1:]):
        month = _Month(roster, rng, previous, date)
        result.changed.append(month.run())
        roster.write(folder, folders[0])
        result.changed[-1]["visits_added"] = visits.write_month(
            before / "visits.csv", folder / "visits.csv", roster, rng, previous, date
        )
    return result


class _Visits:
    """Which help pairs keep visiting after the first month: those whose helper visited the household
    within `REGULAR_DAYS` days before it (a planted overdue helper stays overdue; a helper who only
    phoned keeps phoning), and every pair that starts later. Holds one entry a regular pair, never the
    visits themselves: a month's file is the month before's copied line by line, then the new visits."""

    def __init__(self, first: dt.date, regular: dict[tuple[str, str], bool]):
        self.first = first
        self.regular = regular  # (person, household) → visits at home (False: by phone only)

    @classmethod
    def read(cls, path: Path, first: dt.date) -> "_Visits":
        since = (first - dt.timedelta(days=REGULAR_DAYS)).isoformat()
        regular: dict[tuple[str, str], bool] = {}
        home: set[tuple[str, str]] = set()
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for person, household, date, kind, *_ in reader:
                if kind == "入户":
                    home.add((person, household))
                if date >= since:
                    regular[(person, household)] = False
        return cls(first, {pair: pair in home for pair in regular})

    def write_month(self, source: Path, target: Path, roster: "_Roster", rng, previous, date) -> int:
        on_roster = {h["household_id"] for h in roster.tables["households"]}
        first = self.first.isoformat()
        with open(source, encoding="utf-8", newline="") as fin, open(target, "w", encoding="utf-8") as out:
            out.write(fin.readline())
            for line in fin:
                if line.split(",", 2)[1] in on_roster:
                    out.write(line)
            added = 0
            days = (date - previous).days
            seen = set()
            for p in roster.tables["help_pairs"]:
                pair = (p["person_id"], p["household_id"])
                if p["end_date"] or pair[1] not in on_roster or pair in seen:
                    continue
                seen.add(pair)
                at_home = self.regular.get(pair)
                if at_home is None:
                    if not p["start_date"] or p["start_date"] <= first:
                        continue  # a helper who stopped visiting (planted) stays away
                    at_home = True  # a pair started after the first month
                if rng.random() >= VISIT_MONTHLY:
                    continue
                day = previous + dt.timedelta(days=rng.randint(1, days))
                kind = "入户" if at_home and rng.random() < 0.85 else "电话"
                out.write(f"{pair[0]},{pair[1]},{day.isoformat()},{kind},\n")
                added += 1
        return added


class _Roster:
    """The tables that change from month to month, as rows keyed by English column names."""

    def __init__(self, tables: dict[str, list[dict]], headers: dict[str, list[str]]):
        self.tables = tables
        self.headers = headers  # the file's own (Chinese) headers, to write the same shape back

    @classmethod
    def read(cls, folder: Path) -> "_Roster":
        tables, headers = {}, {}
        for name in CHANGING:
            english = {c.zh: c.name for c in TABLES_BY_NAME[name].columns}
            with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                keys = [english[h] for h in header]
                tables[name] = [dict(zip(keys, row)) for row in reader]
                headers[name] = header
        return cls(tables, headers)

    def write(self, folder: Path, unchanged_from: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for source in unchanged_from.glob("*.csv"):
            if source.stem not in CHANGING and source.stem != "visits":  # visits: _Visits.write_month
                shutil.copyfile(source, folder / source.name)
        for name, rows in self.tables.items():
            english = {c.zh: c.name for c in TABLES_BY_NAME[name].columns}
            keys = [english[h] for h in self.headers[name]]
            with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(self.headers[name])
                writer.writerows([row.get(k, "") for k in keys] for row in rows)


class _Month:
    """One month of turnover applied to the roster in place."""

    def __init__(self, roster: _Roster, rng: random.Random, previous: dt.date, date: dt.date):
        self.t = roster.tables
        self.rng = rng
        self.previous, self.date = previous, date
        self.days = (date - previous).days
        self.people = {p["person_id"]: p for p in self.t["people"]}
        self.person_no = max(int(pid[1:]) for pid in self.people if pid[1:].isdigit())
        self.counts: dict[str, int] = {}

    # -- helpers -------------------------------------------------------------------------------------
    def day(self) -> str:
        """A day of this month after the previous snapshot."""
        return (self.previous + dt.timedelta(days=self.rng.randint(1, self.days))).isoformat()

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def sample(self, items: list, share: float) -> list:
        n = int(len(items) * share + self.rng.random())  # rounds up with the right probability
        return self.rng.sample(items, min(n, len(items)))

    def new_person(self, like: dict, political: str | None = None) -> str:
        """A new person in the same unit and rank as `like`, with a valid id number of their own."""
        self.person_no += 1
        pid = f"P{self.person_no:05d}"
        row = dict(like)
        row["person_id"] = pid
        row["name"] = self.rng.choice(self.t["people"])["name"]
        number = like.get("id_number") or ""
        if len(number) == 18:
            first17 = number[:14] + f"{self.rng.randint(0, 999):03d}"
            row["id_number"] = first17 + ric_check(first17)
            row["gender"] = "男" if int(first17[16]) % 2 else "女"
        if row.get("phone"):
            row["phone"] = f"1{self.rng.choice('3589')}{self.rng.randint(0, 999999999):09d}"
        if political:
            row["political_status"] = political
        self.t["people"].append(row)
        self.people[pid] = row
        return pid

    @staticmethod
    def _open(row: dict) -> bool:
        return not row.get("end_date")

    # -- the month ---------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        before = self._keys()
        self.households()
        self.monitoring()
        self.transfers()
        self.first_secretaries()
        self.contacts()
        self.branch_secretaries()
        self.reserve_cadres()
        after = self._keys()
        # what a snapshot of the new month must find, from the files alone: open rows that vanish and
        # rows that appear
        for table in ("help_pairs", "assignments", "posts", "households", "reserve_cadres"):
            self.counts[f"{table}_vanished"] = len(before[table] - after[table])
            self.counts[f"{table}_appeared"] = len(after[table] - before[table])
        return dict(sorted(self.counts.items()))

    def _keys(self) -> dict[str, set]:
        """The open rows of the stated tables by key, and the households."""
        return {
            "help_pairs": {
                (p["person_id"], p["household_id"], p["start_date"])
                for p in self.t["help_pairs"]
                if self._open(p)
            },
            "assignments": {
                (a["role"], a["village_code"], a["person_id"], a["unit_code"], a["start_date"])
                for a in self.t["assignments"]
                if self._open(a)
            },
            "posts": {
                (p["person_id"], p["org_code"], p["title"], p["start_date"])
                for p in self.t["posts"]
                if self._open(p)
            },
            "households": {h["household_id"] for h in self.t["households"]},
            "reserve_cadres": {
                (r["person_id"], r["village_code"], r["start_date"])
                for r in self.t["reserve_cadres"]
                if self._open(r)
            },
        }

    def households(self) -> None:
        rows = self.t["households"]
        village_of = {h["household_id"]: h["village_code"] for h in rows}
        leaving = {
            h["household_id"]
            for h in self.sample([h for h in rows if h["status"] != "已销户"], HOUSEHOLD_LEAVE)
        }
        self.t["households"] = rows = [h for h in rows if h["household_id"] not in leaving]
        gone = [p for p in self.t["help_pairs"] if p["household_id"] in leaving]
        self.t["help_pairs"] = [p for p in self.t["help_pairs"] if p["household_id"] not in leaving]
        self.count("households_left", len(leaving))
        # a household that left takes its monitoring rows with it (a snapshot leaves the graph's alone)
        for table in ("monitoring", "measures"):
            self.t[table] = [m for m in self.t[table] if m["household_id"] not in leaving]
        self.count("help_pairs_of_leavers", sum(1 for p in gone if self._open(p)))  # ended ones are history
        year = str(self.date.year)
        for h in self.sample([h for h in rows if h["status"] == "未脱贫"], EXIT_POVERTY):
            h["status"], h["exit_year"] = "已脱贫", year
            self.count("exited_poverty")
        for h in self.sample([h for h in rows if h["status"] == "已脱贫"], MONITORED_AGAIN):
            h["status"] = "监测对象"
            self.count("monitored_again")
        # new households: the next number in a village, most of them paired with a cadre of the village
        cadres_in: dict[str, list[str]] = {}
        for p in self.t["help_pairs"]:
            if self._open(p) and p["household_id"] in village_of:
                cadres_in.setdefault(village_of[p["household_id"]], []).append(p["person_id"])
        last_number: dict[str, int] = {}
        for hid, village in village_of.items():
            last_number[village] = max(last_number.get(village, 0), int(hid[-4:]))
        villages = sorted(cadres_in)
        for _ in range(int(len(rows) * HOUSEHOLD_JOIN + self.rng.random())):
            village = self.rng.choice(villages)
            if last_number.get(village, 0) >= 9999:
                continue
            last_number[village] = last_number.get(village, 0) + 1
            hid = f"{village}{last_number[village]:04d}"
            like = self.rng.choice(rows)
            rows.append(
                {
                    "household_id": hid,
                    "head_name": like["head_name"],
                    "head_id_number": "",
                    "village_code": village,
                    "size": str(self.rng.randint(1, 6)),
                    "status": "监测对象" if self.rng.random() < 0.7 else "未脱贫",
                    "category": "一般户",
                    "cause": self.rng.choice(CAUSES),
                    "exit_year": "",
                }
            )
            self.count("households_joined")
            if self.rng.random() < 0.9:
                self.t["help_pairs"].append(
                    {
                        "person_id": self.rng.choice(cadres_in[village]),
                        "household_id": hid,
                        "start_date": self.day(),
                        "end_date": "",
                    }
                )
                self.count("help_pairs_started")

    def monitoring(self) -> None:
        """Each case one step on: new clues (the households monitored again or joining as 监测对象, and
        a few others), clues identified within days (with a measure, developmental when someone can
        work) or dismissed, risks eliminated after half a year (the measures end that day)."""
        rng, date, previous = self.rng, self.date, self.previous
        cases, measures = self.t["monitoring"], self.t["measures"]
        households = {h["household_id"]: h for h in self.t["households"]}
        had_case = {m["household_id"] for m in cases}
        open_case = {
            m["household_id"] for m in cases if not m.get("dismissed_date") and not m.get("eliminated_date")
        }
        in_scope = [
            h for h in self.t["households"] if h["status"] != "已销户" and h["household_id"] not in open_case
        ]
        # 监测对象 with no case yet (joined as such, or monitored again), and a few new clues
        clues = [h for h in in_scope if h["status"] == "监测对象" and h["household_id"] not in had_case]
        clues += self.sample(in_scope, NEW_CLUE)
        for h in clues:
            if h["household_id"] in open_case:
                continue
            open_case.add(h["household_id"])
            cases.append(
                {
                    "household_id": h["household_id"],
                    "clue_date": self.day(),
                    "source": rng.choice(MONITOR_SOURCES),
                }
            )
            self.count("monitoring_clues")
        for m in cases:
            if m.get("identified_date") or m.get("dismissed_date"):
                continue
            clue = dt.date.fromisoformat(m["clue_date"])
            decided = clue + dt.timedelta(days=rng.randint(*IDENTIFY_AFTER))
            if decided <= previous:  # a clue that waited too long is decided this month
                decided = previous + dt.timedelta(days=rng.randint(1, self.days))
            if decided > date:
                continue
            if rng.random() < DISMISS:
                m["dismissed_date"] = decided.isoformat()
                self.count("monitoring_dismissed")
                continue
            labor = rng.choice((0, 1, 1, 2, 2, 3))
            m.update(
                identified_date=decided.isoformat(),
                category=rng.choice(MONITOR_CATEGORIES),
                risks=rng.choice(RISKS),
                labor=str(labor),
            )
            start = min(decided + dt.timedelta(days=rng.randint(1, 10)), date)
            kind = rng.choice(DEVELOPMENTAL_MEASURES if labor else OTHER_MEASURES)
            measures.append(
                {
                    "household_id": m["household_id"],
                    "kind": kind,
                    "start_date": start.isoformat(),
                    "end_date": "",
                    "unit_code": rng.choice(measures)["unit_code"] if measures else "",
                    "note": rng.choice(MEASURE_NOTES[kind]),
                }
            )
            household = households.get(m["household_id"])
            if household is not None and household["status"] != "监测对象":
                household["status"] = "监测对象"
            self.count("monitoring_identified")
            self.count("measures_started")
        limit = (previous - dt.timedelta(days=ELIMINATE_AFTER)).isoformat()
        monitored = [m for m in cases if m.get("identified_date") and not m.get("eliminated_date")]
        for m in self.sample([m for m in monitored if m["identified_date"] <= limit], ELIMINATE):
            m["eliminated_date"] = day = self.day()
            for x in measures:
                if x["household_id"] == m["household_id"] and not x["end_date"] and x["start_date"] <= day:
                    x["end_date"] = day
            household = households.get(m["household_id"])
            if household is not None and household["status"] == "监测对象":
                household["status"] = "已脱贫"
            self.count("monitoring_eliminated")

    def transfers(self) -> None:
        pairs = self.t["help_pairs"]
        village_of = {h["household_id"]: h["village_code"] for h in self.t["households"]}
        cadres = sorted({p["person_id"] for p in pairs if self._open(p)})
        leaving = set(self.sample(cadres, CADRE_TRANSFER))
        orphans = [p["household_id"] for p in pairs if p["person_id"] in leaving and self._open(p)]
        self.t["help_pairs"] = pairs = [
            p for p in pairs if p["person_id"] not in leaving or not self._open(p)
        ]
        self.count("cadres_transferred", len(leaving))
        self.count("help_pairs_of_transferred", len(orphans))
        load: dict[str, int] = {}
        by_village: dict[str, list[str]] = {}
        for p in pairs:
            if self._open(p) and p["household_id"] in village_of:
                load[p["person_id"]] = load.get(p["person_id"], 0) + 1
                by_village.setdefault(village_of[p["household_id"]], []).append(p["person_id"])
        for hid in orphans:
            colleagues = [c for c in by_village.get(village_of.get(hid, ""), []) if load.get(c, 0) < 5]
            if colleagues and self.rng.random() < TAKEN_OVER:
                cadre = self.rng.choice(colleagues)
                load[cadre] = load.get(cadre, 0) + 1
                pairs.append(
                    {"person_id": cadre, "household_id": hid, "start_date": self.day(), "end_date": ""}
                )
                self.count("help_pairs_started")

    def _replace(self, rows: list[dict], chosen: list[dict], start_key: str, political: str | None) -> None:
        for row in chosen:
            successor = self.new_person(
                self.people.get(row["person_id"]) or self.rng.choice(self.t["people"]), political
            )
            rows.append({**row, "person_id": successor, start_key: self.day(), "end_date": ""})

    def first_secretaries(self) -> None:
        rows = self.t["assignments"]
        leaders = [a for a in rows if a["role"] in ("第一书记", "工作队长") and self._open(a)]
        recalled = self.sample([a for a in leaders if a["role"] == "第一书记"], SECRETARY_RECALL)
        replaced = self.sample([a for a in leaders if not any(a is r for r in recalled)], SECRETARY_REPLACE)
        gone = {id(a) for a in recalled + replaced}
        self.t["assignments"] = rows = [a for a in rows if id(a) not in gone]
        self._replace(rows, replaced, "start_date", "中共党员")
        self.count("first_secretaries_recalled", len(recalled))
        self.count("leaders_replaced", len(replaced))

    def contacts(self) -> None:
        rows = self.t["assignments"]
        replaced = self.sample(
            [a for a in rows if a["role"] == "包村干部" and self._open(a)], CONTACT_REPLACE
        )
        gone = {id(a) for a in replaced}
        self.t["assignments"] = rows = [a for a in rows if id(a) not in gone]
        self._replace(rows, replaced, "start_date", None)
        self.count("village_contacts_replaced", len(replaced))

    def branch_secretaries(self) -> None:
        rows = self.t["posts"]
        branches = [
            p
            for p in rows
            if p["org_code"].startswith("B")
            and self._open(p)
            and "".join(p["title"].split()) in SECRETARY_TITLES
        ]
        resigned = self.sample(branches, BRANCH_RESIGN)
        replaced = self.sample([p for p in branches if not any(p is r for r in resigned)], BRANCH_REPLACE)
        gone = {id(p) for p in resigned + replaced}
        self.t["posts"] = rows = [p for p in rows if id(p) not in gone]
        self._replace(rows, replaced, "start_date", "中共党员")
        self.count("branch_secretaries_resigned", len(resigned))
        self.count("branch_secretaries_replaced", len(replaced))

    def reserve_cadres(self) -> None:
        """Reserve cadres leave the pool (their row vanishes: the snapshot ends it), others join."""
        rows = self.t["reserve_cadres"]
        leaving = self.sample([r for r in rows if self._open(r)], RESERVE_LEAVE)
        gone = {id(r) for r in leaving}
        self.t["reserve_cadres"] = rows = [r for r in rows if id(r) not in gone]
        villages = sorted({r["village_code"] for r in rows})
        joining = int(len(rows) * RESERVE_JOIN + self.rng.random()) if villages else 0
        for _ in range(joining):
            like = self.people.get(self.rng.choice(rows)["person_id"]) if rows else None
            person = self.new_person(like or self.rng.choice(self.t["people"]))
            rows.append(
                {
                    "person_id": person,
                    "village_code": self.rng.choice(villages),
                    "start_date": self.day(),
                    "end_date": "",
                    "source": self.rng.choice(("致富能手", "农民党员", "返乡创业", "大学毕业生")),
                }
            )
        self.count("reserve_cadres_left", len(leaving))
        self.count("reserve_cadres_joined", joining)
