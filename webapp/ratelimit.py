"""Login rate limiting: a few failures per account and address, then a pause.

Kept in the process's memory on purpose: it guards one running server against guessing, resets on
restart, and holds no data worth keeping (the audit log in Neo4j keeps every failed login).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class LoginLimiter:
    def __init__(self, max_failures: int = 5, window_s: float = 300.0):
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _keys(self, username: str, remote_addr: str) -> tuple[str, str]:
        return f"user:{username.lower()}", f"addr:{remote_addr}"

    def _prune(self, q: deque, now: float) -> None:
        while q and now - q[0] > self.window_s:
            q.popleft()

    def retry_after(self, username: str, remote_addr: str) -> float:
        """Seconds to wait before another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            wait = 0.0
            for key in self._keys(username, remote_addr):
                q = self._failures[key]
                self._prune(q, now)
                limit = self.max_failures if key.startswith("user:") else self.max_failures * 4
                if len(q) >= limit:
                    wait = max(wait, self.window_s - (now - q[0]))
            return wait

    def failed(self, username: str, remote_addr: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in self._keys(username, remote_addr):
                self._failures[key].append(now)

    def succeeded(self, username: str, remote_addr: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(username, remote_addr)[0], None)
