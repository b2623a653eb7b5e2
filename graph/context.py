"""The object every command receives: settings, and a Graph opened on first use."""

from __future__ import annotations

import click

from graph.connection import Graph
from graph.settings import Settings


class AppContext:
    """What every command needs: the settings, and a Graph opened on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph.connect(self.settings)
        return self._graph

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()


pass_app = click.make_pass_decorator(AppContext)
