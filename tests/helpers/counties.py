"""Counties that test modules only read, each loaded once per test session and shared.

Most test modules read the sample county and change nothing in it; loading it again for each of them
was most of the fast loop's time. A county is built in layers (the sample roster; then the search
index and the web accounts; then the entity pages' planted row), so a module that needs a layer more
than the one loaded gets only that layer added. Modules that write use the `graph` fixture (an empty
database) or wipe it themselves, never a shared county.

Whether the loaded county is still the one we loaded is told by its `Load` nodes (each load has an id
of its own, so a wipe and a reload by another module is noticed) and the database's node and
relationship counts. When a module that used a shared county ends, the whole graph (audit events
aside) is compared with what it was after loading: a module that changed it makes the next one load
afresh, and is named in the session's summary (`sharing_report`), so that it can be moved to a
database of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from graph import search
from graph.connection import Graph
from loaders.api import load_roster
from tests.helpers.graphs import fresh
from tests.helpers.web import PASSWORD, add_users, fingerprint
from webapp import users


def _roster(folder: str) -> Callable[[Graph, Path], None]:
    def load(graph: Graph, sample: Path) -> None:
        report = load_roster(graph, [sample / folder], progress=False)
        assert report.ok and report.written, [p.render() for p in report.validation.errors[:5]]

    return load


def _web(graph: Graph, sample: Path) -> None:
    search.refresh(graph)
    add_users(graph)
    for name, role in (("viewer2", "viewer"), ("analyst2", "analyst")):  # a second of each who reads
        users.add_user(graph, name, role, PASSWORD.format(name))


def _planted_help_pair(graph: Graph, sample: Path) -> None:
    from tests.helpers.entity_sample import plant_past_helper

    plant_past_helper(graph)


class Layer(NamedTuple):
    base: str | None  # the county it is built on
    build: Callable[[Graph, Path], None]  # what it adds
    about: str  # said by its fixture, `<name>_county` (tests/conftest.py)


LAYERS: dict[str, Layer] = {
    "sample": Layer(None, _roster("roster"), "The sample roster, loaded (as of 2026-11-22)."),
    "sample_web": Layer(
        "sample", _web, "The sample with its search index and viewer1, analyst1, admin1, viewer2, analyst2."
    ),
    "entity": Layer(
        "sample_web",
        _planted_help_pair,
        "sample_web with the entity pages' planted past help pair (tests/helpers/entity_sample.py).",
    ),
    "activity": Layer(None, _roster("activity/roster"), "The activity sample (activity-tables.md), loaded."),
    "activity_web": Layer("activity", _web, "The activity sample with its search index and the accounts."),
    "monitoring": Layer(
        None, _roster("monitoring/roster"), "The monitoring sample (the activity county with both tables)."
    ),
    "monitoring_web": Layer("monitoring", _web, "The monitoring sample with its search index and accounts."),
}
# the order modules run in: each county after the one it is built on (conftest.py sorts by it)
ORDER = tuple(LAYERS)


def chain(name: str) -> list[str]:
    """The layers of a county, from the bottom."""
    names = []
    while name is not None:
        names.append(name)
        name = LAYERS[name].base
    return names[::-1]


@dataclass
class Counties:
    graph: Graph
    sample: Path
    layers: list[str] = field(default_factory=list)  # what the database holds now, bottom first
    stamp: tuple | None = None
    clean: dict | None = None  # the whole graph's fingerprint after the last layer
    loads: int = 0
    dirtied_by: list[str] = field(default_factory=list)

    def _stamp(self) -> tuple:
        row = self.graph.read(
            "MATCH (l:Load) WITH collect(l.load_id) AS loads "
            "RETURN loads, COUNT { MATCH (n) WHERE NOT n:AuditEvent AND NOT n:AuditChain } AS nodes, "
            "COUNT { MATCH ()-[r]->() } AS relationships"
        )[0]
        return tuple(sorted(row["loads"])), row["nodes"], row["relationships"]

    def get(self, name: str) -> Graph:
        wanted = chain(name)
        if not (self.layers and self._stamp() == self.stamp and wanted[: len(self.layers)] == self.layers):
            fresh(self.graph)
            self.layers = []
        for layer in wanted[len(self.layers) :]:
            LAYERS[layer].build(self.graph, self.sample)
            self.layers.append(layer)
            self.loads += 1
        self.stamp = self._stamp()
        self.clean = fingerprint(self.graph)
        return self.graph

    @contextlib.contextmanager
    def reading(self, name: str, reader: str) -> Iterator[Graph]:
        """The county for a module that only reads it; afterwards, whether it really did."""
        graph = self.get(name)
        yield graph
        if self.layers and self._stamp() == self.stamp and fingerprint(self.graph) == self.clean:
            return
        if self.layers:
            self.dirtied_by.append(reader)
        self.layers = []

    def sharing_report(self) -> str:
        text = f"共享样例县：装载 {self.loads} 层"
        if self.dirtied_by:
            text += "；改动了共享县的模块（下一个模块重新装载）：" + "、".join(self.dirtied_by)
        return text
