"""The `bangfu` command in tests: run as a user runs it, against the test server, inside the test process.

A real `python -m bangfu` process spends about 1.5 s importing before it does anything (3–5 s on a
busy machine), and the command-line tests call it dozens of times. `bangfu.cli.main` — the very
function the console script calls, with its Chinese error handling and exit codes — is run here with
its own environment, working folder and captured streams, so the test sees the same exit code, stdout
and stderr a user would. An exception that escapes `main` (a traceback a user would see) is not
swallowed: it fails the test. Commands that manage processes (`db start`, `serve`, crash drills) are
still run as real processes by the tests that need them (test_foundation, test_load_crash).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from bangfu.cli import main
from graph import clock

OWN_PREFIXES = ("NEO4J_", "BANGFU_")


@dataclass(frozen=True)
class Completed:
    """What a finished `bangfu` run left: the shape of subprocess.CompletedProcess tests read."""

    returncode: int
    stdout: str
    stderr: str


def server_env(neo4j_settings, home: Path | None = None, **extra: str) -> dict[str, str]:
    """bangfu's own variables for a run against the test server (NEO4J_URI and its password; its key
    folder; `home` for exports, audit and rejects), plus `extra`."""
    neo = neo4j_settings.neo4j
    env = {"NEO4J_URI": neo.local_uri, "NEO4J_PASSWORD": neo.password_file.read_text().strip()}
    if home is not None:
        env["BANGFU_HOME"] = str(home)
    if os.environ.get("BANGFU_KEY_DIR"):  # the session database's key (tests/conftest.py, graph/pii.py)
        env["BANGFU_KEY_DIR"] = os.environ["BANGFU_KEY_DIR"]
    env.update(extra)
    return env


def run_bangfu(*args, env: dict[str, str], cwd: Path, input: str | bytes | None = None) -> Completed:
    """`bangfu ARGS…` in `cwd` with exactly the NEO4J_*/BANGFU_* variables of `env` (the test
    process's own are hidden for the run and put back after)."""
    overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith(OWN_PREFIXES)}
    overrides[clock.TODAY_VARIABLE] = os.environ.get(clock.TODAY_VARIABLE)  # the test clock stays
    overrides.update(env)
    with contextlib.chdir(cwd), CliRunner().isolation(input=input, env=overrides) as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return Completed(
            code,
            out.getvalue().decode("utf-8", "replace"),
            err.getvalue().decode("utf-8", "replace"),
        )
