"""Exported files are sent from memory and never left on disk.

Exports (pictures, workbooks) are written by library code into a private temporary folder; the
file is read back and the folder removed when the block ends, also when the export fails. An
export may hold unmasked personal data (an admin's), so no copy may stay behind in /tmp. Exports
are bounded (row and node limits), so holding one in memory is cheap.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Iterator

from flask import send_file

# The one rule for downloads (docs/security.md): every file the web app hands out (the Excel of 责任缺口,
# 变动 and 整改台账, the 通报, query results, pictures) needs this role; a viewer reads the same on screen.
DOWNLOAD_ROLE = "analyst"


@contextlib.contextmanager
def temp_export(name: str) -> Iterator[Path]:
    """A path `name` in a new private folder (mode 0700), removed with the folder on exit."""
    with tempfile.TemporaryDirectory(prefix="bangfu-export-") as folder:
        yield Path(folder) / name


def send_bytes(data: bytes, download_name: str):
    """`data` as an attachment called `download_name` (the type guessed from its suffix)."""
    return send_file(io.BytesIO(data), as_attachment=True, download_name=download_name)
