"""Compressed answers: HTML, JSON, CSS, JavaScript and SVG go out gzipped when the browser accepts it
(flask-compress). Pages of rows (gaps, a saved query's table: 80–130 KB of HTML at 100,000 households)
shrink several times; on an office network shared by a township's staff the transfer is most of the
time such a page takes to arrive. Only
gzip: every browser and tool reads it, and brotli or zstd would save a few more kilobytes of pages that
are small already. Spreadsheets, Word files and pictures are compressed already and are left alone;
answers under 1 KB too."""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress


def install(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    Compress(app)
