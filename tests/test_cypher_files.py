"""Every `.cypher` file parses on the real server, is used by some code, and every name code asks for exists.

Cypher lives in files, so a typo in one surfaces only when its page or command runs, and a file whose
caller was deleted lingers unnoticed. Here the server plans every statement (EXPLAIN runs nothing), and
the code is read with `ast`: the names given to `cypher.load`/`cypher.statements` and every string that
names a file under `cypher/` (a constant tuple such as the schema's migrations), with an f-string's
placeholders read as wildcards (`rules/{rule.id}` covers `rules/*`). The shipped saved queries are found
by folder scan, not by name, so `queries/` counts as used as a whole.
"""

from __future__ import annotations

import ast
import fnmatch

import pytest

import cypher
from tests.helpers.graphs import REPO

CODE_PACKAGES = ("bangfu", "graph", "loaders", "webapp")
FOLDERS = sorted(p.name for p in cypher.CYPHER_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))
SCANNED_FOLDERS = ("queries",)  # graph/queries/catalogue.py lists the folder


def cypher_names() -> list[str]:
    return sorted(
        str(p.relative_to(cypher.CYPHER_DIR).with_suffix("")) for p in cypher.CYPHER_DIR.rglob("*.cypher")
    )


def _pattern(node: ast.AST) -> str | None:
    """A name or glob from a string constant or an f-string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "*" for part in node.values)
    return None


def _looks_like_cypher_name(text: str) -> bool:
    folder, _, rest = text.partition("/")
    return folder in FOLDERS and bool(rest) and all(c.isalnum() or c in "_/*" for c in rest)


def requested_names() -> dict[str, list[str]]:
    """Each cypher name or glob the code mentions, with where (`file:line`)."""
    found: dict[str, list[str]] = {}
    for package in CODE_PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            f_string_parts = {
                id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values
            }
            for node in ast.walk(tree):
                candidates: list[ast.AST] = []
                if isinstance(node, ast.Call) and _is_cypher_call(node.func) and node.args:
                    candidates.append(node.args[0])
                elif isinstance(node, (ast.Constant, ast.JoinedStr)) and id(node) not in f_string_parts:
                    candidates.append(node)
                for candidate in candidates:
                    pattern = _pattern(candidate)
                    if pattern and _looks_like_cypher_name(pattern):
                        where = f"{path.relative_to(REPO)}:{candidate.lineno}"
                        found.setdefault(pattern, []).append(where)
    return found


def _is_cypher_call(func: ast.AST) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("load", "statements")
        and isinstance(func.value, ast.Name)
        and func.value.id == "cypher"
    )


def test_every_requested_name_exists():
    names = set(cypher_names())
    missing = {
        pattern: where for pattern, where in requested_names().items() if not fnmatch.filter(names, pattern)
    }
    assert not missing, f"代码引用了不存在的 .cypher 文件: {missing}"


def step_names() -> list[str]:
    """The roster load's statements are named by the tables' steps (graph/roster/), not by literals
    (a step's first way, FirstWrite, included)."""
    from graph.tables import ALL_STEPS

    names = [f"load/{step.cypher}" for step in ALL_STEPS]
    for first_write in (step.first_write for step in ALL_STEPS if step.first_write):
        names += [f"load/{first_write.cypher}", f"load/{first_write.earlier}", f"load/{first_write.settle}"]
    return names


def test_every_step_has_its_statement():
    names = set(cypher_names())
    assert not [name for name in step_names() if name not in names]


def test_every_cypher_file_is_used():
    # `load/{step.cypher}` (loaders/write.py) would cover all of load/; the registry says which exist
    patterns = [p for p in requested_names() if p != "load/*"] + step_names()
    unused = [
        name
        for name in cypher_names()
        if name.split("/")[0] not in SCANNED_FOLDERS
        and not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    ]
    assert not unused, f"没有代码使用这些 .cypher 文件（删掉，或在代码里引用）: {unused}"


def test_the_scan_sees_the_ways_code_names_cypher():
    """Guards the scan itself: a literal call, an f-string and a constant tuple must all be found."""
    found = requested_names()
    assert "schema/schema" in found  # cypher.statements("schema/schema")
    assert "rules/*" in found  # cypher.load(f"rules/{self.id}")
    assert any(name.startswith("schema/migrate") for name in found)  # MIGRATIONS = (...)


def _statements() -> list[tuple[str, int, str]]:
    return [
        (name, index, text) for name in cypher_names() for index, text in enumerate(cypher.statements(name))
    ]


@pytest.mark.slow  # about 200 files planned one by one; the tests that run them plan them too
@pytest.mark.parametrize("name", cypher_names())
def test_every_cypher_file_parses(session_graph, name):
    """EXPLAIN plans a statement without running it; missing parameters are only a notification."""
    statements = cypher.statements(name)
    assert statements, f"{name}.cypher 是空的"
    for text in statements:
        if name.startswith("schema/") and text.lstrip().upper().startswith(("CREATE ", "DROP ")):
            continue  # schema commands cannot be explained; init_schema runs them before every test
        session_graph.run_admin("EXPLAIN " + text)
