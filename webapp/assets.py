"""Browser assets, served by bangfu itself (never a CDN), with content hashes and long cache lifetimes.

vis-network (Apache-2.0 OR MIT) is the copy pyvis ships in its package, so one pinned Python
dependency brings it and nothing is fetched at run time.

Every URL of an asset carries the first 12 hex digits of the sha256 of its content
(`/static/app.css?v=3f2a…`, `/vendor/vis-network.min.js?v=…`: `url_for` adds it, templates need
nothing). A request with the current hash gets `Cache-Control: private, max-age=31536000, immutable`:
browsers keep the file for a year without asking again, and a new version (an upgrade changes the
content, hence the hash, hence the URL) is fetched at once. A request without the hash, or with an
old one, gets the file with `no-cache` (revalidated each time).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, request, send_from_directory

bp = Blueprint("assets", __name__, url_prefix="/vendor")

VIS_VERSION = "vis-9.1.2"
YEAR_S = 365 * 24 * 3600


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
    return send_from_directory(path.parent, path.name, max_age=0)


class ContentHashes:
    """sha256 prefixes of asset files, computed once per file (the files do not change while the app
    runs: an upgrade restarts it)."""

    def __init__(self):
        self._known: dict[Path, str] = {}

    def of(self, path: Path) -> str | None:
        digest = self._known.get(path)
        if digest is None:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            except OSError:
                return None
            self._known[path] = digest
        return digest


def _asset_path(app: Flask, endpoint: str, values: dict) -> Path | None:
    if endpoint == "static" and "filename" in values and app.static_folder:
        path = (Path(app.static_folder) / values["filename"]).resolve()
        return path if path.is_relative_to(Path(app.static_folder).resolve()) else None
    if endpoint == "assets.vendored" and values.get("name") in VENDORED:
        return VENDORED[values["name"]]()
    return None


def install(app: Flask) -> None:
    hashes = ContentHashes()

    @app.url_defaults
    def _content_hash(endpoint: str, values: dict) -> None:
        if endpoint in ("static", "assets.vendored") and "v" not in values:
            path = _asset_path(app, endpoint, values)
            digest = hashes.of(path) if path else None
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache_lifetime(response: Response) -> Response:
        if request.endpoint not in ("static", "assets.vendored") or response.status_code != 200:
            return response
        path = _asset_path(app, request.endpoint, request.view_args or {})
        if path is not None and request.args.get("v") and request.args.get("v") == hashes.of(path):
            response.cache_control.no_cache = None
            response.cache_control.private = True  # the browser's cache: the response sets the session cookie
            response.cache_control.max_age = YEAR_S
            response.cache_control.immutable = True
            response.expires = time.time() + YEAR_S
        else:
            response.cache_control.max_age = 0
            response.cache_control.no_cache = True
        return response
