"""The test session's Neo4j, started in the background as soon as collection shows a test needs it.

Starting Neo4j takes some 20 seconds, most of it the JVM warming up; the tests that need no database
(parsers, the demo generator, the report extractor) run meanwhile, and the first test that needs the
server waits for it. The store lives in memory (/dev/shm) where the machine has it: the test data is
thrown away anyway, and a disk's fsync on every commit is time the tests would only wait for.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from graph import server
from graph.settings import Settings
from tests.helpers.graphs import test_settings

SHM = Path("/dev/shm")


def scratch_dir(prefix: str) -> Path:
    """A throw-away folder in memory when the machine has /dev/shm, else in the system's temp folder."""
    where = SHM if SHM.is_dir() and shutil.disk_usage(SHM).free > 2 << 30 else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


class BackgroundServer:
    """One Neo4j for a test session: `begin()` starts it on a thread, `ready()` waits for it."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def begin(self) -> None:
        if self._thread is not None:
            return
        self.settings = test_settings(scratch_dir("bangfu-test-neo4j-"))
        self._thread = threading.Thread(target=self._start, name="neo4j-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            server.start(self.settings.neo4j)
        except BaseException as exc:  # handed to the first test that needs the server
            self._error = exc

    def ready(self) -> Settings:
        self.begin()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.settings

    def end(self) -> None:
        if self._thread is None:
            return
        self._thread.join()
        try:
            if self._error is None:
                server.stop(self.settings.neo4j)
        finally:
            shutil.rmtree(self.settings.neo4j.data_dir, ignore_errors=True)
