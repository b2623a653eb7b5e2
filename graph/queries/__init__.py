"""Saved queries (保存的查询): catalogue, parameters, the read-only runner, masking and exports.

    from graph.queries import QueryRunner
    result = QueryRunner(graph, settings).run("township_first_secretaries", {"township": "孙红乡"})

See graph/queries/header.py for the file format and docs/saved-queries.md for the whole story.
"""

from graph.queries.catalogue import Catalogue, load_catalogue
from graph.queries.errors import (
    NotReadOnly,
    ParameterError,
    QueryDefinitionError,
    QueryFailed,
    QueryTimeout,
    UnknownQuery,
)
from graph.queries.header import Param, SavedQuery, parse_query_file
from graph.queries.result import GNode, GPath, GRel, QueryResult
from graph.queries.runner import QueryRunner

__all__ = [
    "Catalogue",
    "load_catalogue",
    "NotReadOnly",
    "ParameterError",
    "QueryDefinitionError",
    "QueryFailed",
    "QueryTimeout",
    "UnknownQuery",
    "Param",
    "SavedQuery",
    "parse_query_file",
    "GNode",
    "GPath",
    "GRel",
    "QueryResult",
    "QueryRunner",
]
