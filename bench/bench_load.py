"""Loading one generated county three ways, side by side in one run (issue 3).

    .venv/bin/python bench/bench_load.py [--households 100000] [--naive-share 0.05]

(a) bangfu's loader: `load_roster` (read, validate everything, write in UNWIND batches, search text);
(b) a naive loader: one auto-commit transaction per CSV row through the official driver (what most
    tutorials do), run on the first `--naive-share` of each table and extrapolated;
(c) Neo4j's own LOAD CSV WITH HEADERS … CALL { … } IN TRANSACTIONS (bench/load_csv/*.cypher).

Each goes into a fresh empty database (wipe + schema init) on the same throw-away server, which reads
file:/// URLs from the county folder. A warm-up load of a small county runs first so that no method
pays for the JVM's warm-up alone, and bangfu and LOAD CSV then take turns for `--rounds` rounds, each
keeping its best (the naive loader runs in the last round). Figures: graph elements (nodes +
relationships) per second.
Environment variables (used by `make bench`): BENCH_HOUSEHOLDS, BENCH_NAIVE_SHARE, BENCH_CSV_ROWS,
BENCH_BATCH_SIZE, BENCH_HEAP, BENCH_PAGECACHE.
"""

from __future__ import annotations

import argparse
import csv
import time
import uuid
from pathlib import Path

from benchlib import (
    BENCH,
    county_dir,
    element_counts,
    env_int,
    env_str,
    fresh_graph,
    load_average,
    machine,
    running_server,
    save,
    shape,
    uptime,
)

import loaders.api as api  # noqa: E402
from graph import search  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.settings import Settings  # noqa: E402

LOAD_CSV = Path(__file__).resolve().parent / "load_csv"

# Tables whose rows are all loaded even by the naive subset run: every other table points at them.
FULL_TABLES = {"regions.csv", "organizations.csv"}
# For the naive subset: which columns of a relationship table must name a row loaded before.
REFERENCES = {
    "people.csv": {},
    "households.csv": {},
    "enterprises.csv": {"负责人编号": "person"},
    "posts.csv": {"人员编号": "person"},
    "assignments.csv": {"人员编号": "person"},
    "help_pairs.csv": {"帮扶责任人编号": "person", "户编号": "household"},
    "enterprise_links.csv": {"主体编号": "enterprise", "户编号": "household"},
    "benefits.csv": {"户编号": "household"},
}
KEYS = {
    "people.csv": ("人员编号", "person"),
    "households.csv": ("户编号", "household"),
    "enterprises.csv": ("主体编号", "enterprise"),
}


def statements() -> list[tuple[str, str, str]]:
    """(name, csv file, statement) for bench/load_csv/*.cypher in order."""
    out = []
    for path in sorted(LOAD_CSV.glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        csv_name = text.split("file:///", 1)[1].split("'", 1)[0]
        out.append((path.stem, csv_name, text))
    return out


def per_row_statement(text: str) -> str:
    """The LOAD CSV statement's per-row body, fed one `$row` map: the naive loader's statement."""
    lines = text.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("CALL (row) {"))
    end = next(i for i, line in enumerate(lines) if line.startswith("} IN TRANSACTIONS"))
    return "\n".join(["WITH $row AS row"] + lines[1:start] + lines[start + 1 : end])


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]


# -- the three loaders --------------------------------------------------------------------------------


def run_bangfu(graph: Graph, paths: list[Path], batch_size: int, writers: int) -> dict:
    """load_roster of `paths` (the county's folder, or some of its files) with its phases timed
    (validation, writing, search text)."""
    phases: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    saved = (api.find_tables, api.validate, api.write_roster, search.refresh)
    api.find_tables = timed("read", api.find_tables)
    api.validate = timed("validate", api.validate)
    api.write_roster = timed("write", api.write_roster)
    search.refresh = timed("search_text", search.refresh)
    try:
        t = time.perf_counter()
        report = api.load_roster(graph, paths, progress=False, batch_size=batch_size, writers=writers)
        seconds = time.perf_counter() - t
    finally:
        api.find_tables, api.validate, api.write_roster, search.refresh = saved
    assert report.ok and report.written, [p.render() for p in report.validation.errors[:5]]
    return {
        "seconds": seconds,
        "phases": phases,
        "rows": sum(report.rows_by_table().values()),
        "writers": writers,
        "retried_transactions": report.changes.retried,
        "steps": {k: round(v, 2) for k, v in report.changes.seconds.most_common()},
    }


def run_load_csv(graph: Graph, rows_per_tx: int) -> dict:
    steps = {}
    load_id = f"loadcsv-{uuid.uuid4().hex[:8]}"
    t0 = time.perf_counter()
    for name, _, text in statements():
        t = time.perf_counter()
        graph.run_admin(text, {"rows_per_tx": rows_per_tx, "load_id": load_id})
        steps[name] = time.perf_counter() - t
    return {"seconds": time.perf_counter() - t0, "steps": steps}


def naive_subset(county: Path, share: float) -> dict[str, list[dict]]:
    """The first `share` of each table; relationship rows only where their ends were loaded."""
    loaded: dict[str, set] = {"person": set(), "household": set(), "enterprise": set()}
    subset: dict[str, list[dict]] = {}
    for csv_name in (
        "regions.csv",
        "organizations.csv",
        "people.csv",
        "households.csv",
        "enterprises.csv",
        "posts.csv",
        "assignments.csv",
        "help_pairs.csv",
        "enterprise_links.csv",
        "benefits.csv",
    ):
        rows = read_rows(county / csv_name)
        if csv_name in FULL_TABLES:
            subset[csv_name] = rows
            continue
        want = max(1, round(len(rows) * share))
        refs = REFERENCES[csv_name]
        chosen = [r for r in rows if all(r[c] is None or r[c] in loaded[kind] for c, kind in refs.items())][
            :want
        ]
        subset[csv_name] = chosen
        if csv_name in KEYS:
            col, kind = KEYS[csv_name]
            loaded[kind].update(r[col] for r in chosen)
    return subset


def run_naive(graph: Graph, county: Path, share: float) -> dict:
    """One auto-commit transaction per row (session.run), the tutorial way; timed per statement."""
    subset = naive_subset(county, share)
    totals = {name: sum(1 for _ in open(county / name, encoding="utf-8")) - 1 for name in subset}
    load_id = f"naive-{uuid.uuid4().hex[:8]}"
    steps = {}
    created = 0
    seconds = 0.0
    extrapolated = 0.0
    with graph.driver.session(database=graph.database) as session:
        for name, csv_name, text in statements():
            query = per_row_statement(text)
            rows = subset[csv_name]
            t = time.perf_counter()
            for row in rows:
                c = session.run(query, {"row": row, "load_id": load_id}).consume().counters
                created += c.nodes_created + c.relationships_created
            secs = time.perf_counter() - t
            seconds += secs
            full = secs / len(rows) * totals[csv_name] if rows else 0.0
            extrapolated += full
            steps[name] = {"rows": len(rows), "of": totals[csv_name], "seconds": secs, "extrapolated_s": full}
    return {
        "seconds": seconds,
        "extrapolated_seconds": extrapolated,
        "created": created,
        "steps": steps,
        "rows": sum(len(r) for r in subset.values()),
        "rows_total": sum(totals.values()),
    }


# -- the benchmark ------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=env_int("BENCH_HOUSEHOLDS", 100_000))
    ap.add_argument("--naive-share", type=float, default=float(env_str("BENCH_NAIVE_SHARE", "0.05")))
    ap.add_argument(
        "--csv-rows",
        type=int,
        default=env_int("BENCH_CSV_ROWS", 5000),
        help="LOAD CSV: rows per transaction (IN TRANSACTIONS OF N ROWS)",
    )
    ap.add_argument("--batch-size", type=int, default=env_int("BENCH_BATCH_SIZE", Settings().load_batch_size))
    ap.add_argument(
        "--writers",
        type=int,
        default=env_int("BENCH_WRITERS", Settings().load_writers),
        help="bangfu: write transactions at a time",
    )
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "4g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "4g"))
    ap.add_argument(
        "--only",
        default=env_str("BENCH_ONLY", "bangfu,load_csv,naive"),
        help="comma-separated subset of bangfu,load_csv,naive",
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=env_int("BENCH_ROUNDS", 2),
        help="bangfu and LOAD CSV run once per round, taking turns; each keeps its best "
        "round (the first finds a JVM that has not yet compiled its code paths); the "
        "naive loader runs in the last round only",
    )
    ap.add_argument(
        "--same-tables",
        action="store_true",
        help="bangfu loads only the roster files LOAD CSV reads (bench/load_csv/), not the activity "
        "tables (visits …) that LOAD CSV has no statements for: the same work on both sides",
    )
    args = ap.parse_args()
    only = args.only.split(",")

    county = county_dir(args.households)
    paths = (
        [county / name for name in sorted({csv for _, csv, _ in statements()})]
        if args.same_tables
        else [county]
    )
    warm = county_dir(2000)
    results: dict = {
        "households": args.households,
        "county": str(county),
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
        "batch_size": args.batch_size,
        "writers": args.writers,
        "csv_rows_per_tx": args.csv_rows,
        "naive_share": args.naive_share,
        "same_tables": args.same_tables,
        "uptime_before": uptime(),
        "methods": {},
    }
    print(results["uptime_before"], flush=True)
    with running_server(
        BENCH / "db-load", heap=args.heap, pagecache=args.pagecache, import_dir=county
    ) as settings:
        graph = Graph.connect(settings)
        try:
            fresh_graph(graph)  # warm-up: JIT and driver, not measured
            api.load_roster(graph, [warm], progress=False, batch_size=args.batch_size, writers=args.writers)
            rounds = [
                (n, m) for n in range(args.rounds) for m in only if m != "naive" or n == args.rounds - 1
            ]
            for round_no, method in rounds:
                fresh_graph(graph)
                before = sum(element_counts(graph))
                up = uptime()
                print(f"\n== {method}, round {round_no + 1}  ({up})", flush=True)
                if method == "bangfu":
                    r = run_bangfu(graph, paths, args.batch_size, args.writers)
                elif method == "load_csv":
                    r = run_load_csv(graph, args.csv_rows)
                elif method == "naive":
                    r = run_naive(graph, county, args.naive_share)
                else:
                    raise SystemExit(f"unknown method {method}")
                nodes, rels = element_counts(graph)
                r["uptime"] = up
                r["nodes"], r["relationships"] = nodes, rels
                r["elements"] = nodes + rels - before
                r["shape"] = shape(graph)
                if method == "naive":
                    r["elements_per_s"] = r["created"] / r["seconds"]
                else:
                    r["elements_per_s"] = r["elements"] / r["seconds"]
                r["round"] = round_no + 1
                results.setdefault("rounds", []).append(
                    {"method": method, "round": round_no + 1, "seconds": r["seconds"]}
                )
                best = results["methods"].get(method)
                if best is None or r["seconds"] < best["seconds"]:
                    results["methods"][method] = r
                print({k: v for k, v in r.items() if k != "shape"}, flush=True)
        finally:
            graph.close()

    m = results["methods"]
    if "bangfu" in m and "load_csv" in m and m["bangfu"]["shape"] != m["load_csv"]["shape"]:
        print(
            "WARNING: bangfu and LOAD CSV built different graphs:",
            m["bangfu"]["shape"],
            m["load_csv"]["shape"],
        )
    if "naive" in m and "bangfu" in m:
        # rate of the whole roster: the same graph's elements over the extrapolated time
        m["naive"]["extrapolated_elements"] = m["bangfu"]["elements"]
        m["naive"]["measured_elements_per_s"] = m["naive"]["elements_per_s"]
        m["naive"]["elements_per_s"] = m["bangfu"]["elements"] / m["naive"]["extrapolated_seconds"]
    print(
        "\nrounds:", ", ".join(f"{x['method']} {x['round']}: {x['seconds']:.1f} s" for x in results["rounds"])
    )
    print("\nmethod      seconds     elements   elements/s   (best round)")
    for name, r in m.items():
        secs = r.get("extrapolated_seconds", r["seconds"])
        note = (
            f"  (measured {r['seconds']:.1f} s on {r['rows']:,} of {r['rows_total']:,} rows, "
            f"{r['created']:,} elements: {r['measured_elements_per_s']:,.0f}/s)"
            if name == "naive"
            else ""
        )
        print(
            f"{name:<10} {secs:9.1f} {r.get('extrapolated_elements', r['elements']):>12,} "
            f"{r['elements_per_s']:>12,.0f}{note}"
        )
    if "bangfu" in m:
        for other in ("naive", "load_csv"):
            if other in m:
                ratio = m["bangfu"]["elements_per_s"] / m[other]["elements_per_s"]
                results[f"bangfu_vs_{other}"] = ratio
                print(f"bangfu / {other}: {ratio:.2f}x")
    results["uptime_after"] = uptime()
    results["load_average_after"] = load_average()
    save(f"load-{args.households}", results)


if __name__ == "__main__":
    main()
