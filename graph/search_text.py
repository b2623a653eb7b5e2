"""A node's search text: its name, codes, full pinyin and initials, lower-case (graph/search.py says
how search uses it). Its own module, below the table declarations, because the loaders write it with
every node (graph/roster/writes.py) and search refreshes it; pypinyin computes the pinyin.
"""

from __future__ import annotations

import functools
import itertools

from pypinyin import Style, pinyin

MAX_READINGS = 8


@functools.lru_cache(maxsize=65536)  # names repeat a lot in a county (and pypinyin is the cost)
def pinyin_forms(name: str) -> tuple[str, ...]:
    """Full pinyin and initials of a name, for each combination of readings (bounded)."""
    if not name:
        return ()
    full = pinyin(name, style=Style.NORMAL, heteronym=True, errors="default")
    forms: set[str] = set()
    for combo in itertools.islice(itertools.product(*full), MAX_READINGS):
        forms.add("".join(combo).lower())
        forms.add("".join(s[0] for s in combo if s).lower())
    return tuple(sorted(forms))


def search_text(name: str | None, *codes: str | None) -> str:
    parts = [p for p in (name, *codes) if p]
    parts += pinyin_forms(name or "")
    return " ".join(parts).lower()


def search_properties(name: str | None, key: str) -> dict:
    """What a node needs to be found: the loaders write these with the node itself."""
    return {"search_text": search_text(name, key), "search_name": name or ""}
