"""Rosters in tests: a table of the sample read with English keys and written back (to make a changed
month or a township's file), and the `bangfu` command run as a user runs it against the test server."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from graph.tables import TABLES_BY_NAME
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
    """A function that runs `bangfu ARGS…` in a subprocess against the test server (its own settings
    file, with `settings_text` added at the top level), returning the CompletedProcess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    cfg = tmp_path / "bangfu.toml"
    cfg.write_text(
        f'home = "{tmp_path / "home"}"\n{settings_text}\n[neo4j]\n'
        f'data_dir = "{neo4j_settings.neo4j.data_dir}"\n'
        f'dist_dir = "{neo4j_settings.neo4j.dist_dir}"\n'
        f"bolt_port = {neo4j_settings.neo4j.bolt_port}\n",
        encoding="utf-8",
    )
    env["BANGFU_CONFIG"] = str(cfg)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "bangfu", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=300,
        )

    return run
