"""Where a request finds the app's shared objects (no module globals: they live on the app)."""

from __future__ import annotations

from flask import current_app

from graph.connection import Graph
from graph.settings import Settings


def graph() -> Graph:
    return current_app.extensions["bangfu_graph"]


def settings() -> Settings:
    return current_app.extensions["bangfu_settings"]
