"""The layers import one way only: cypher ← graph ← loaders ← webapp ← bangfu (the command line).

A lower layer never imports a higher one, not even inside a function: when it needs something a
higher layer knows, that thing moves down, or the higher layer passes it in (docs: README, layout).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAYERS = ("cypher", "graph", "loaders", "webapp", "bangfu")


def _imports(path: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_layer_imports_a_higher_one():
    wrong = []
    for rank, layer in enumerate(LAYERS):
        higher = set(LAYERS[rank + 1 :])
        for path in sorted((REPO / layer).rglob("*.py")):
            for imported in sorted(_imports(path) & higher):
                wrong.append(f"{path.relative_to(REPO)} imports {imported}")
    assert not wrong, "imports that point up the layers:\n" + "\n".join(wrong)


def test_the_check_itself_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from webapp import users\n    import loaders.api\n", encoding="utf-8")
    assert _imports(module) == {"webapp", "loaders"}
