"""Benchmark: the explorer (关系图), from an expand click to a settled drawing with 2,000 nodes on screen.

    .venv/bin/python bench/bench_explorer.py [--households 10000] [--runs 3]

On a generated county (bench/benchlib.county_dir, loaded once into var/bench/db-explorer): a saved
view of 1,500 nodes (people, villages, units …, and one policy program) is opened in headless
Chromium at 1366×768 as an analyst; the program is selected and its "政策享受 ← N" button clicked,
which adds the per-click limit (500) of its households: 2,000 nodes on screen. Measured: the wall
time from the click to `#graph[data-settled='1'][data-nodes='2000']` (the JSON request, styling by
the rules, drawing and the layout of the new nodes around the fixed old ones), per run, after one
warm-up run; and the expand request alone. Results are printed and saved under var/bench/results/.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import BENCH, REPO, county_dir, load_average, machine, running_server, save, uptime  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from graph import search  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from tests.helpers.browser import chromium_missing, launch_browser, live_server  # noqa: E402

BASE_NODES = 1500
USER, PASSWORD = "bench-explorer", "bench-explorer-password"


def _prepare(graph: Graph, roster: Path) -> None:
    from loaders.api import load_roster
    from webapp import users

    if not graph.read("MATCH (h:Household) RETURN count(h) AS n")[0]["n"]:
        t = time.perf_counter()
        init_schema(graph)
        report = load_roster(graph, [roster], progress=False)
        if not report.written:
            raise SystemExit(f"loading {roster} failed: {report.validation.errors[:3]}")
        search.refresh(graph)
        print(f"loaded {roster} in {time.perf_counter() - t:.1f} s", flush=True)
    if users.get_user(graph, USER) is None:
        users.add_user(graph, USER, "analyst", PASSWORD)


def _screen(graph: Graph) -> tuple[str, list[str], int]:
    """The program with most households, and 1,499 other nodes that are none of its households."""
    program = graph.read(
        "MATCH (p:Program)<-[r:RECEIVES]-() RETURN elementId(p) AS id, count(r) AS n ORDER BY n DESC LIMIT 1"
    )[0]
    if program["n"] < 500:
        raise SystemExit(f"the largest program has only {program['n']} households: generate a bigger county")
    others = graph.read(
        "MATCH (n) WHERE n:Person OR n:Village OR n:Unit OR n:PartyOrg OR n:Township OR n:Enterprise "
        "RETURN elementId(n) AS id LIMIT $k",
        {"k": BASE_NODES - 1},
    )
    if len(others) < BASE_NODES - 1:
        raise SystemExit("not enough nodes for the base view: generate a bigger county")
    return program["id"], [o["id"] for o in others], program["n"]


def page_state(page) -> list:
    return page.evaluate(
        "() => [document.getElementById('graph').dataset.settled,"
        " document.getElementById('graph').dataset.nodes,"
        " document.getElementById('explorer-status').textContent]"
    )


def _login(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--pagecache", default="1g")
    args = ap.parse_args(argv)
    reason = chromium_missing()
    if reason:
        print(f"skip: {reason}")
        return 1
    roster = county_dir(args.households)
    data_dir = BENCH / f"db-explorer-{args.households}"
    fresh = not data_dir.exists()
    result = {
        "bench": "explorer_expand",
        "households": args.households,
        "machine": machine(),
        "uptime_before": uptime(),
    }
    with running_server(data_dir, heap=args.heap, pagecache=args.pagecache, fresh=fresh) as settings:
        graph = Graph.connect(settings)
        try:
            _prepare(graph, roster)
            program, others, households = _screen(graph)
            from webapp import create_app

            home = BENCH / "explorer-home"
            app = create_app(dataclasses.replace(settings, home=home), graph=graph)
            client = app.test_client()
            _login(client)
            token = re.search(r'data-csrf="([^"]+)"', client.get("/explorer").get_data(as_text=True)).group(1)
            nodes = [
                {"id": i, "x": (k % 40) * 60.0, "y": (k // 40) * 60.0}
                for k, i in enumerate([program] + others)
            ]
            view = client.post(
                "/explorer/views",
                json={"name": "bench 1500", "nodes": nodes},
                headers={"X-CSRFToken": token, "Accept": "application/json"},
            ).get_json()
            t = time.perf_counter()
            client.get(f"/explorer/expand?id={program}&type=RECEIVES&dir=in&have={BASE_NODES}")
            result["expand_request_s"] = round(time.perf_counter() - t, 3)
            t = time.perf_counter()
            opened = client.get(f"/explorer/views/{view['view_id']}", headers={"Accept": "application/json"})
            result["view_request_s"] = round(time.perf_counter() - t, 3)
            print(
                f"expand request {result['expand_request_s']} s; view request {result['view_request_s']} s "
                f"({opened.status_code}, {len(opened.get_json().get('nodes', []))} nodes)",
                flush=True,
            )
            runs = []
            with live_server(app) as base, launch_browser() as browser:
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.goto(base + "/login?next=/explorer")  # not the overview: its figures are not measured
                page.fill("input[name=username]", USER)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]", no_wait_after=True)
                page.wait_for_url(base + "/explorer", timeout=180_000)
                for run in range(args.runs + 1):  # the first run warms caches up; not counted
                    page.goto(base + view["link"])
                    page.wait_for_selector("#graph[data-settled='1']", timeout=120_000)
                    shown = page.get_attribute("#graph", "data-nodes")
                    if shown != str(BASE_NODES):
                        status = page.locator("#explorer-status").inner_text()
                        raise SystemExit(
                            f"the view opened with {shown} nodes, not {BASE_NODES}: {status} {errors}"
                        )
                    page.evaluate(f"window.bangfuExplorer.select('{program}')")
                    button = page.locator("#expand-buttons button[data-type=RECEIVES][data-dir=in]")
                    button.wait_for(timeout=60_000)
                    t = time.perf_counter()
                    button.click()
                    try:
                        # 500 relationships; a household that received the program in two years is one node
                        page.wait_for_selector(
                            f"#graph[data-settled='1']:not([data-nodes='{BASE_NODES}'])", timeout=180_000
                        )
                    except Exception:
                        page.screenshot(path="/tmp/explorer-bench-expand.png")
                        raise SystemExit(f"not settled at 2,000 nodes: {page_state(page)} {errors}") from None
                    elapsed = time.perf_counter() - t
                    result["nodes_on_screen"] = int(page.get_attribute("#graph", "data-nodes"))
                    print(
                        f"run {run}: {elapsed:.2f} s to {result['nodes_on_screen']} nodes settled", flush=True
                    )
                    if run:
                        runs.append(round(elapsed, 3))
                context.close()
            result.update(
                {
                    "program_households": households,
                    "runs_s": runs,
                    "median_s": round(statistics.median(runs), 3),
                    "load_average_after": load_average(),
                    "uptime_after": uptime(),
                }
            )
            print(
                f"expand click → settled drawing with 2,000 nodes: median {result['median_s']:.2f} s "
                f"(runs {runs}); the expand request alone {result['expand_request_s']:.2f} s",
                flush=True,
            )
            save("explorer", result)
        finally:
            graph.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
