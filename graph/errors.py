"""Errors that reach a person: each carries a Chinese message that says what happened and what to do.

The CLI prints `message` and exits with `exit_code`; the web app turns them into a friendly page.
Nothing that subclasses BangfuError should ever be shown as a traceback.
"""


class BangfuError(Exception):
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(BangfuError):
    exit_code = 2


class DatabaseUnavailable(BangfuError):
    """The server cannot be reached (stopped, wrong address, network)."""


class AuthenticationFailed(BangfuError):
    """The server answered but refused the user name or password."""


class ServerError(BangfuError):
    """Starting, stopping or installing the local Neo4j went wrong."""


class QueryTimeout(BangfuError):
    """A query stopped by its time limit (a saved query, a rule, the web app's figures)."""
