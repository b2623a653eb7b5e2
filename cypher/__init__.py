"""The project's Cypher, one `.cypher` file per statement, shipped as package data.

Keeping Cypher in files (never assembled from strings) lets the CLI, the web app and the tests
run the very same text, and lets a reviewer read it as Cypher.
"""

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> str:
    """Text of `cypher/<name>.cypher`; `name` may contain a sub-folder (`rules/first_secretary`)."""
    path = CYPHER_DIR / f"{name}.cypher"
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """A file holding several statements separated by `;` at line ends, comments (`//`) dropped."""
    text = "\n".join(line for line in load(name).splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in text.split(";\n") if s.strip().rstrip(";").strip()]
