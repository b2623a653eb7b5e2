"""Third-party browser assets, served by bangfu itself (never a CDN).

vis-network (Apache-2.0 OR MIT) is the copy pyvis ships in its package, so one pinned Python
dependency brings it and nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

bp = Blueprint("assets", __name__, url_prefix="/vendor")

VIS_VERSION = "vis-9.1.2"


def pyvis_lib_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib"


VENDORED = {
    "vis-network.min.js": lambda: pyvis_lib_dir() / VIS_VERSION / "vis-network.min.js",
    "vis-network.css": lambda: pyvis_lib_dir() / VIS_VERSION / "vis-network.css",
}


@bp.route("/<name>")
def vendored(name: str):
    locate = VENDORED.get(name)
    if locate is None:
        abort(404)
    path = locate()
    return send_from_directory(path.parent, path.name, max_age=86400)
