"""No circles in the code's imports: within each package (graph, loaders, webapp), no module imports
itself through others — not at the top, not inside a function, not under TYPE_CHECKING. A circle is
cut at its seam: a lower module both sides use, or a value passed in (README, layout).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "loaders", "webapp")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path, modules: set[str]) -> set[str]:
    """The modules of `modules` that the module at `path` imports, anywhere in it. `from a import b`
    imports the module a.b when there is one, else a; either runs the package a first."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    # importing a.b.c runs the packages a and a.b first (their __init__), unless they are the
    # importer's own (already running)
    own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
    for target in list(found):
        parts = target.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return {m for m in found if m in modules and m not in own}


def import_graph(root: Path, package: str) -> nx.DiGraph:
    paths = sorted((root / package).rglob("*.py"))
    modules = {module_name(root, p) for p in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for path in paths:
        for imported in imports_of(root, path, modules):
            graph.add_edge(module_name(root, path), imported)
    return graph


def circles(root: Path, package: str) -> list[list[str]]:
    """Each group of modules that import one another in a circle (a strongly connected component),
    with one circle through it."""
    graph = import_graph(root, package)
    found = []
    for group in nx.strongly_connected_components(graph):
        if len(group) > 1:
            cycle = nx.find_cycle(graph.subgraph(group))
            found.append(sorted(group) + [" → ".join([u for u, _ in cycle] + [cycle[0][0]])])
    return sorted(found)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circles(package):
    found = circles(REPO, package)
    assert not found, "modules importing one another in a circle:\n" + "\n".join(map(str, found))


def test_the_check_sees_a_circle(tmp_path):
    """A made-up package whose circle hides in a function and under TYPE_CHECKING, and a relative
    import: the check must see both circles."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.sub import c\n")
    (pkg / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import x\nfrom . import d\n"
    )
    (pkg / "sub" / "d.py").write_text("from .c import y\n")
    (pkg / "e.py").write_text("import pkg.a\n")  # imports into a circle, is not part of one
    found = circles(tmp_path, "pkg")
    assert [group[:-1] for group in found] == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.sub.d"]]
    assert import_graph(tmp_path, "pkg").has_edge("pkg.sub.d", "pkg.sub.c")


def test_the_check_sees_a_circle_through_a_package(tmp_path):
    """Importing a module of a package runs the package's __init__ first: a circle through it counts."""
    pkg = tmp_path / "pkg"
    (pkg / "ledger").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "settings.py").write_text("def f():\n    from pkg.ledger.kinds import K\n")
    (pkg / "ledger" / "__init__.py").write_text("from pkg.ledger.record import r\n")
    (pkg / "ledger" / "kinds.py").write_text("K = 1\n")
    (pkg / "ledger" / "record.py").write_text("from pkg import settings\nfrom pkg.ledger import kinds\n")
    found = circles(tmp_path, "pkg")
    assert [group[:-1] for group in found] == [["pkg.ledger", "pkg.ledger.record", "pkg.settings"]]
