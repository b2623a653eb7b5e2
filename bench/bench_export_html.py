"""Benchmark: open the HTML export of a 2,000-node network in headless Chromium until it is drawn.

    .venv/bin/python bench/bench_export_html.py [--nodes 2000] [--runs 5]

Measures the export itself (layout + HTML), the file's size, and for each run the time from
`page.goto` to the first complete drawing (vis-network's afterDrawing; physics is off, so that
drawing is the settled one — checked by reading positions again 0.5 s later), network blocked.
Target: under 2 s to a settled drawing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from graph.export import export_subgraph  # noqa: E402
from graph.export.synthetic import synthetic_region  # noqa: E402
from tests.helpers.browser import blocked_page, chromium_missing, launch_browser  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    reason = chromium_missing()
    if reason:
        print(f"skip: {reason}")
        return 1
    sub = synthetic_region(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "network.html"
        t0 = time.perf_counter()
        report = export_subgraph(sub, "html", path, max_nodes=max(args.nodes * 2, 1500))
        export_s = time.perf_counter() - t0
        assert not report.rolled_up
        opens, in_page = [], []
        with launch_browser() as browser:
            for _ in range(args.runs + 1):  # first run warms the browser up; not counted
                bp = blocked_page(browser)
                page = bp.page
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function(
                    "window.bangfu && window.bangfu.drawn === true", timeout=60_000, polling=10
                )
                elapsed = time.perf_counter() - t
                drawn_at = page.evaluate("bangfu.drawnAt")
                before = page.evaluate("JSON.stringify(bangfu.network.getPositions())")
                page.wait_for_timeout(500)
                after = page.evaluate("JSON.stringify(bangfu.network.getPositions())")
                count = page.evaluate("bangfu.nodes.length")
                assert before == after, "the drawing moved after it was drawn"
                assert count == report.nodes and not bp.blocked
                opens.append(elapsed)
                in_page.append(drawn_at / 1000)
                page.context.close()
        opens, in_page = opens[1:], in_page[1:]
    print(f"command: .venv/bin/python bench/bench_export_html.py --nodes {args.nodes} --runs {args.runs}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}"
    )
    print(f"graph: {report.nodes} nodes, {report.relationships} relationships")
    print(f"export (layout + HTML): {export_s:.2f} s; file size {report.bytes / 2**20:.2f} MiB")
    print(
        f"open → settled drawing (goto to afterDrawing), {len(opens)} runs: "
        f"median {statistics.median(opens):.2f} s, max {max(opens):.2f} s; "
        f"in-page (navigation start → drawn) median {statistics.median(in_page):.2f} s"
    )
    print(f"target < 2 s: {'met' if max(opens) < 2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
