"""Compressed answers: HTML, JSON, CSS, JavaScript and SVG go out compressed when the browser accepts
it (zstd, brotli, gzip or deflate: flask-compress picks the first the browser names). A 130 KB saved
query page is 20 KB gzipped and costs about a millisecond to compress; on an office network shared by
a township's staff that is most of the time a page takes to arrive. Spreadsheets, Word files and
pictures are compressed already and are left alone."""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress


def install(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    Compress(app)
