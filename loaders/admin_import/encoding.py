"""Values as the bulk importer reads them: each property's importer type, and its CSV field.

Why typed: the importer types a column from its header (`size:long`, `start:date`, `files:string[]`),
so the graph gets the types `bangfu load`'s Cypher sets. Text is always quoted, so that an empty
string stays one, while an empty field is no property at all.
"""

from __future__ import annotations

import datetime as dt

from graph.import_folder import ARRAY_DELIMITER
from graph.roster.model import GRAPH_TYPES
from graph.tables import TABLES

# Importer types of the properties that are not strings (graph-model.md); extras are always text.
# A roster column's from its kind, a property a table derives from its declaration, and the Load node's.
TYPES = {
    **{c.property: GRAPH_TYPES[c.kind] for t in TABLES for c in t.columns if c.kind in GRAPH_TYPES},
    **{d.name: d.graph_type for t in TABLES for d in t.derived if d.graph_type != "string"},
    "rejected_rows": "long",
    "started_at": "datetime",
    "finished_at": "datetime",
    "files": "string[]",
    "checksums": "string[]",
}


class Text:
    """Quoted text (so that an empty string stays one; an empty field is no property at all).
    `multiline` records whether any text held a line break: the importer must then be told
    (`--multiline-fields`), which is slower, so it is only asked for when needed."""

    multiline = False

    def __call__(self, value) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        if "\n" in value or "\r" in value:
            Text.multiline = True
        return '"' + value.replace('"', '""') + '"'


text = Text()


def long(value) -> str:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {value!r}")
    return str(value)


def double(value) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return repr(float(value))


def boolean(value) -> str:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {value!r}")
    return "true" if value else "false"


def date(value) -> str:
    if type(value) is not dt.date:
        raise TypeError(f"expected a date, got {value!r}")
    return value.isoformat()


def datetime(value) -> str:
    return value.isoformat()


def array(value) -> str:
    return text(ARRAY_DELIMITER.join(value))


FORMATTERS = {
    "string": text,
    "long": long,
    "double": double,
    "boolean": boolean,
    "date": date,
    "datetime": datetime,
    "string[]": array,
}


def formatter(name: str):
    """The encoder of a property's values."""
    return FORMATTERS[TYPES.get(name, "string")]


def header_name(name: str) -> str:
    """A property's header field: `name` for text, `name:type` otherwise (quoted where CSV needs it)."""
    kind = TYPES.get(name, "string")
    field = name if kind == "string" else f"{name}:{kind}"
    return '"' + field.replace('"', '""') + '"' if any(c in field for c in ',"\n\r') else field


def reencode(columns: list[str], texts: list[str]) -> list[str]:
    """Re-encode fields read back as text: ids and strings quoted, other types as they were."""
    return [
        ("" if t == "" else text(t) if TYPES.get(c, "string") == "string" else t)
        for c, t in zip(columns, texts)
    ]
