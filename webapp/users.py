"""Accounts of the web app, kept in Neo4j as (:AppUser) nodes, with three roles.

viewer: dashboards, gaps, entity pages, saved queries, masked personal data.
analyst: also ad-hoc read-only Cypher and exports.
admin: also users, roster uploads and unmasked exports.
Passwords are stored only as werkzeug hashes (scrypt).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

import cypher
from graph.connection import Graph
from graph.errors import BangfuError, UsageError

ROLES = ("viewer", "analyst", "admin")
ROLE_NAMES = {"viewer": "查看员", "analyst": "分析员", "admin": "管理员"}
MIN_PASSWORD_LENGTH = 10
# A hash to compare against when the user does not exist, so timing does not reveal user names.
_DUMMY_HASH = generate_password_hash("bangfu-no-such-user")


@dataclass(frozen=True)
class User:
    username: str
    role: str
    session_epoch: int = 0  # raised by logout and password changes: older session cookies stop working

    def can(self, role: str) -> bool:
        """True when this user's role is `role` or above it."""
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsageError(
            f"角色只能是 {' / '.join(ROLES)}（{'、'.join(ROLE_NAMES.values())}），不能是 {role!r}。"
        )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符。")


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def add_user(graph: Graph, username: str, role: str, password: str) -> None:
    _check_role(role)
    _check_password(password)
    username = username.strip()
    if not username or len(username) > 64:
        raise UsageError("用户名不能为空，且不超过 64 个字符。")
    if graph.read(cypher.load("app/user_get"), {"username": username}):
        raise BangfuError(f"用户 {username} 已存在。")
    graph.write(
        cypher.load("app/user_create"),
        {"username": username, "password_hash": generate_password_hash(password), "role": role},
    )


def set_password(graph: Graph, username: str, password: str) -> None:
    _check_password(password)
    rows, _ = graph.write_returning(
        cypher.load("app/user_set_password"),
        {"username": username, "password_hash": generate_password_hash(password)},
    )
    if not rows:
        raise BangfuError(f"没有用户 {username}。")


def set_role(graph: Graph, username: str, role: str, disabled: bool = False) -> None:
    _check_role(role)
    rows, _ = graph.write_returning(
        cypher.load("app/user_set_role"), {"username": username, "role": role, "disabled": disabled}
    )
    if not rows:
        raise BangfuError(f"没有用户 {username}。")


def end_sessions(graph: Graph, username: str) -> None:
    """Every session of the account ends (the session cookie is signed, not stored: a cookie copied
    before logout would otherwise stay valid until it expires)."""
    graph.write(cypher.load("app/user_end_sessions"), {"username": username})


COMMAND_LINE = "命令行"  # who did what the command line did (its records hold the system's login name)


def actor_name(graph: Graph, user: str | None, accounts: set[str] | None = None) -> str:
    """Who a record says did something, as a page says it: a web account by its name, anything else
    (the system login of a `bangfu` command, such as root) as 命令行."""
    if not user:
        return ""
    if accounts is None:
        accounts = {u["username"] for u in list_users(graph)}
    return user if user in accounts else COMMAND_LINE


def list_users(graph: Graph) -> list[dict]:
    return graph.read(cypher.load("app/user_list"))


def authenticate(graph: Graph, username: str, password: str) -> User | None:
    rows = graph.read(cypher.load("app/user_get"), {"username": username})
    if not rows:
        check_password_hash(_DUMMY_HASH, password)
        return None
    row = rows[0]
    if not check_password_hash(row["password_hash"], password) or row.get("disabled"):
        return None
    return User(row["username"], row["role"], row["session_epoch"])


def get_user(graph: Graph, username: str) -> User | None:
    rows = graph.read(cypher.load("app/user_get"), {"username": username})
    if not rows or rows[0].get("disabled"):
        return None
    return User(rows[0]["username"], rows[0]["role"], rows[0]["session_epoch"])


def ensure_first_admin(graph: Graph) -> tuple[str, str] | None:
    """Create `admin` with a generated password when no admin exists; returns (name, password) then."""
    if graph.read(cypher.load("app/user_count_admins"))[0]["admins"]:
        return None
    password = generate_password()
    if get_user(graph, "admin") is None and not graph.read(
        cypher.load("app/user_get"), {"username": "admin"}
    ):
        add_user(graph, "admin", "admin", password)
    else:
        set_role(graph, "admin", "admin")
        set_password(graph, "admin", password)
    return "admin", password
