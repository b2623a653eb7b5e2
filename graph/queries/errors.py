"""Errors of saved queries; every one carries a Chinese message for people (no tracebacks)."""

from graph.errors import BangfuError, QueryTimeout, UsageError  # noqa: F401 (QueryTimeout: one class)


class QueryDefinitionError(BangfuError):
    """A saved-query file is malformed: the message names the file and the line."""

    def __init__(self, path, line: int | None, message: str):
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        super().__init__(f"{where}：{message}")
        self.path = path
        self.line = line
        self.reason = message


class UnknownQuery(UsageError):
    pass


class ParameterError(UsageError):
    """A parameter value that cannot be used; the message names the parameter."""


class NotReadOnly(BangfuError):
    """A query that could change the database; refused before it runs. `line` (1-based, when the text
    check knows it) is where the refused clause starts, for an editor to point at."""

    exit_code = 2

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class QueryFailed(BangfuError):
    """Neo4j rejected the query (syntax, types, …); `line`/`column` when Neo4j said where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column
