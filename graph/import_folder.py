"""The folder `bangfu export admin-import` writes and `bangfu db import` reads: the CSV and header
files of Neo4j's bulk importer and `import.json`, the manifest that lists them.

The writer (loaders/admin_import.py) and the reader (graph/bulk_import.py) meet here, in the lower
layer, so that running the importer needs nothing of the loaders.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.errors import BangfuError

MANIFEST = "import.json"
ARGS_FILE = "import.args"
FORMAT = "bangfu-admin-import"
ARRAY_DELIMITER = "\x1f"  # U+001F: in no name, file name or label; the importer takes "U+001F"
ARRAY_DELIMITER_ARG = "U+001F"


class ImportFolderError(BangfuError):
    """The output folder, or the folder given to the importer, is not usable (a Chinese message)."""


def importer_options(manifest: dict, base: Path | None = None) -> list[str]:
    """The importer's options for the files of a manifest (paths under `base`, or relative)."""

    def path(p: str) -> str:
        return str(base / p) if base is not None else p

    opts = [f"--array-delimiter={manifest['array_delimiter']}"]
    if manifest["multiline_fields"]:
        opts.append("--multiline-fields=true")
    for group in manifest["nodes"]:
        opts.append(f"--nodes={path(group['header'])},{path(group['data'])}")
    for group in manifest["relationships"]:
        opts.append(f"--relationships={group['type']}={path(group['header'])},{path(group['data'])}")
    return opts


def write_manifest(out: Path, manifest: dict) -> None:
    """`import.json`, and `import.args` for running neo4j-admin by hand on another server."""
    (out / MANIFEST).write_text(
        json.dumps({"format": FORMAT, **manifest}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out / ARGS_FILE).write_text("\n".join(importer_options(manifest)) + "\n", encoding="utf-8")


def read_manifest(out: Path) -> dict:
    path = Path(out) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFolderError(
            f"{out} 中没有 {MANIFEST}：请先用 bangfu export admin-import 生成导入文件。"
        ) from None
    except ValueError:
        raise ImportFolderError(f"{path} 已损坏（不是有效的 JSON）：请重新导出。") from None
    if manifest.get("format") != FORMAT:
        raise ImportFolderError(f"{path} 不是 bangfu export admin-import 生成的清单。")
    for group in manifest["nodes"] + manifest["relationships"]:
        for key in ("header", "data"):
            if not (Path(out) / group[key]).is_file():
                raise ImportFolderError(f"导入文件缺失：{Path(out) / group[key]}（请重新导出）。")
    return manifest
