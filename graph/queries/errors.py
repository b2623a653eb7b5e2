"""Errors of saved queries; every one carries a Chinese message for people (no tracebacks)."""

from graph.errors import BangfuError, QueryTimeout, UsageError  # noqa: F401 (QueryTimeout: one class)


class QueryDefinitionError(BangfuError):
    """A saved-query file is malformed: the message names the file and the line."""

    def __init__(self, path, line: int | None, message: str):
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        super().__init__(f"{where}：{message}")
        self.path = path
        self.line = line


class UnknownQuery(UsageError):
    pass


class ParameterError(UsageError):
    """A parameter value that cannot be used; the message names the parameter."""


class NotReadOnly(BangfuError):
    """A query that could change the database; refused before it runs."""

    exit_code = 2


class QueryFailed(BangfuError):
    """Neo4j rejected the query (syntax, types, …)."""
