"""Reading Cypher text without running it: comments, string literals and quoted names told apart
from the statement itself, and the `$parameters` a statement uses.

The saved queries' headers (graph/queries/header.py), the catalogue and the read-only check
(graph/queries/readonly.py) all need this, and none of them should parse Cypher its own way.
"""

from __future__ import annotations

import re

PARAM_USE_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\$`([^`]+)`")


def strip_comments_and_strings(text: str) -> str:
    """Cypher with comments, string literals and quoted names blanked (same length, same lines)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" and c != "`" else 1
            j = min(j + 1, n)
            out.append(
                c + "".join(ch if ch == "\n" else " " for ch in text[i + 1 : j - 1]) + c
                if j - i >= 2
                else text[i:j]
            )
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_comments_and_strings_keep_ticks(text: str) -> str:
    """Comments and string literals blanked, `quoted names` kept (they can be column aliases)."""
    blank = strip_comments_and_strings(text)
    out = list(blank)
    for m in re.finditer(r"`[^`\n]*`", text):
        if blank[m.start()] == "`":
            out[m.start() : m.end()] = text[m.start() : m.end()]
    return "".join(out)


def used_params(body: str) -> dict[str, int]:
    """`$name` uses outside comments and strings → the (0-based) line of their first use."""
    clean = strip_comments_and_strings(body)
    found: dict[str, int] = {}
    for m in PARAM_USE_RE.finditer(clean):
        name = m.group(1) or m.group(2)
        found.setdefault(name, clean.count("\n", 0, m.start()))
    # $`quoted` names were blanked; look for them in the original text at the same spots
    for m in re.finditer(r"\$`([^`]+)`", body):
        if clean[m.start()] == "$":
            found.setdefault(m.group(1), body.count("\n", 0, m.start()))
    return found
