"""Rosters in tests: a table of the sample read with English keys and written back (to make a changed
month or a township's file), and the `bangfu` command run as a user runs it against the test server."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.tables import TABLES_BY_NAME
from tests.helpers.cli import run_bangfu
from tests.helpers.graphs import REPO


def read_table(folder: Path, table: str) -> tuple[list[str], list[dict]]:
    """A table's header and rows, keyed by the English column names (sample files have Chinese)."""
    english = {c.zh: c.name for c in TABLES_BY_NAME[table].columns}
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [english.get(h, h) for h in reader.fieldnames]
        return header, [{english.get(k, k): v for k, v in row.items()} for row in reader]


def write_table(folder: Path, table: str, header: list[str], rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)


def bangfu_runner(neo4j_settings, tmp_path: Path, settings_text: str = ""):
    """A function that runs `bangfu ARGS…` against the test server (tests/helpers/cli.py) with its own
    settings file (`settings_text` added at the top level), returning what the run left."""
    cfg = tmp_path / "bangfu.toml"
    cfg.write_text(
        f'home = "{tmp_path / "home"}"\n{settings_text}\n[neo4j]\n'
        f'data_dir = "{neo4j_settings.neo4j.data_dir}"\n'
        f'dist_dir = "{neo4j_settings.neo4j.dist_dir}"\n'
        f"bolt_port = {neo4j_settings.neo4j.bolt_port}\n",
        encoding="utf-8",
    )
    env = {"BANGFU_CONFIG": str(cfg)}

    def run(*args):
        return run_bangfu(*args, env=env, cwd=REPO)

    return run
