"""`generate(out_dir, households=N, seed=S, …)`: the demo roster written into a folder, and what it
holds (`DemoResult`)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import clock
from loaders.demo.context import Context, Settings
from loaders.demo.draws import Draws, FastRandom
from loaders.demo.geography import plan, write_county
from loaders.demo.output import TABLES, Writers, count_rows
from loaders.demo.planting import Planting
from loaders.demo.vocabulary import COUNTY_FIRST, COUNTY_SECOND


@dataclass
class DemoResult:
    out_dir: Path
    households: int
    seed: int
    as_of: dt.date
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


def generate(
    out_dir,
    households: int,
    seed: int = 1,
    gap_share: float = 0.05,
    as_of: dt.date | None = None,
    counties: int | None = None,
) -> DemoResult:
    """Write a fictional roster of `households` households into `out_dir` (created if missing);
    `counties`: that many counties (default: 8–20 townships a county, as many as that makes)."""
    if households < 1:
        raise ValueError("households must be at least 1")
    if not 0.0 <= gap_share <= 1.0:
        raise ValueError("gap_share must be between 0 and 1")
    as_of = as_of or clock.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out, households, seed, as_of, gap_share)
    t0 = time.perf_counter()
    c0 = time.process_time()
    rng = FastRandom(seed)
    writers = Writers(out)
    try:
        ctx = Context(
            settings=Settings(households, gap_share, as_of, counties),
            rng=rng,
            draws=Draws(rng, as_of),
            out=writers,
            planting=Planting(rng, gap_share),
        )
        _write_counties(ctx, result)
    finally:
        writers.close()
    result.seconds = time.perf_counter() - t0
    result.cpu_seconds = time.process_time() - c0
    result.rows = {t: count_rows(out / f"{t}.csv") for t in TABLES}
    result.planted = dict(ctx.planting.planted)
    return result


def _write_counties(ctx: Context, result: DemoResult) -> None:
    """The plan, then each county in turn (named from a shuffled list; 区 once the 县 names run out)."""
    towns_by_county = plan(ctx)
    names = [a + b for a in COUNTY_FIRST for b in COUNTY_SECOND]
    ctx.rng.shuffle(names)
    result.counties = len(towns_by_county)
    multi = len(towns_by_county) > 1
    for ci, towns in enumerate(towns_by_county):
        p2 = 81 + (ci // 99) % 19
        code6 = f"{41 + ci // (99 * 19)}{p2:02d}{ci % 99 + 1:02d}"
        name = names[ci % len(names)] + ("县" if ci < len(names) else "区")
        write_county(ctx, code6, name, towns, code6 if multi else "")
        ctx.flush_people()
        result.townships += len(towns)
        result.villages += sum(len(t) for t in towns)
