"""The local Neo4j that bangfu runs for itself: install, start, stop, status.

Neo4j Community comes from Maven Central (resolved by Maven from `graph/server/pom.xml`) and runs
embedded behind our launcher, `BangfuNeo4j.java`. The JVM is a child process in its own session,
recorded in a pid file, bound to 127.0.0.1 only, with authentication on and a password generated on
first start into a file only its owner can read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ServerError
from graph.settings import Neo4jSettings

SERVER_SOURCE = Path(__file__).resolve().parent / "server"
READY_MARK = "BANGFU-NEO4J READY"
# What BangfuNeo4j.java keeps under the server's home: the fingerprint of the password it last set in
# the system database (it sets the password only when this differs from the password file), and the
# store of that system database, where Neo4j keeps its users.
PASSWORD_MARKER = "password.applied"
SYSTEM_STORE = Path("data") / "databases" / "system"


# -- installation ----------------------------------------------------------------------------------


def classpath(neo: Neo4jSettings) -> str:
    dist = neo.dist_dir.resolve()
    return f"{dist / 'bangfu-neo4j.jar'}{os.pathsep}{dist / 'lib' / '*'}"


def _install_stamp(neo: Neo4jSettings) -> str:
    """Neo4j's version plus a hash of the launcher's sources: a changed launcher is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(SERVER_SOURCE.rglob("*")):
        if path.is_file() and "target" not in path.parts:
            digest.update(path.read_bytes())
    return f"{neo.version} {digest.hexdigest()[:16]}"


def is_installed(neo: Neo4jSettings) -> bool:
    dist = neo.dist_dir
    stamp = dist / "VERSION"
    return (
        (dist / "bangfu-neo4j.jar").exists()
        and stamp.exists()
        and stamp.read_text().strip() == _install_stamp(neo)
    )


def install(neo: Neo4jSettings, *, quiet: bool = True) -> Path:
    """Resolve Neo4j and build the launcher with Maven; a no-op when already installed."""
    if is_installed(neo):
        return neo.dist_dir
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise ServerError(
                f"找不到 {tool}：本地 Neo4j 需要 JDK 17 或 21 与 Maven。"
                "请先安装（Debian：apt-get install openjdk-17-jdk-headless maven）。"
            )
    dist = neo.dist_dir.resolve()
    build = dist / "build"
    if build.exists():
        shutil.rmtree(build)
    shutil.copytree(SERVER_SOURCE, build, ignore=shutil.ignore_patterns("target"))
    shutil.rmtree(dist / "lib", ignore_errors=True)  # no jars of another version left behind
    (dist / "lib").mkdir(parents=True, exist_ok=True)
    cmd = [
        "mvn",
        "-B",
        "-f",
        str(build / "pom.xml"),
        f"-Dneo4j.version={neo.version}",
        "package",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={dist / 'lib'}",
        "-DincludeScope=runtime",
    ]
    if quiet:
        cmd.insert(1, "-q")
    proc = subprocess.run(cmd, capture_output=quiet, text=True)
    if proc.returncode != 0:
        tail = (proc.stdout or "")[-3000:] + (proc.stderr or "")[-2000:]
        raise ServerError(f"用 Maven 获取 Neo4j {neo.version} 失败（网络或 Maven 仓库不可用？）：\n{tail}")
    shutil.copy2(build / "target" / "bangfu-neo4j-1.jar", dist / "bangfu-neo4j.jar")
    (dist / "VERSION").write_text(_install_stamp(neo) + "\n")
    shutil.rmtree(build, ignore_errors=True)
    return dist


# -- password ---------------------------------------------------------------------------------------


def ensure_password(neo: Neo4jSettings) -> str:
    """The local server's password: generated once, stored with mode 0600."""
    path = neo.password_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.chmod(path, 0o600)
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return password


def forget_applied_password(neo: Neo4jSettings) -> bool:
    """Make the next start set the password file's password in the system database again.

    Needed whenever the system database is new (its user keeps Neo4j's default password) while the
    marker says the password was already set: the data folder was deleted or replaced by hand, or
    `bangfu db reset` emptied it. True when there was a marker to forget.
    """
    marker = neo.data_dir / PASSWORD_MARKER
    existed = marker.exists()
    marker.unlink(missing_ok=True)
    return existed


def _system_store_missing(neo: Neo4jSettings) -> bool:
    store = neo.data_dir / SYSTEM_STORE
    return not store.is_dir() or not any(store.iterdir())


def _password_accepted(neo: Neo4jSettings) -> bool:
    """Whether the running local server accepts the password file (one login attempt)."""
    from graph.connection import Graph
    from graph.errors import AuthenticationFailed

    try:
        with Graph.connect(neo, max_retry_time=5.0):
            return True
    except AuthenticationFailed:
        return False


# -- process management -----------------------------------------------------------------------------


def pid_file(neo: Neo4jSettings) -> Path:
    return neo.data_dir / "neo4j.pid"


def console_log(neo: Neo4jSettings) -> Path:
    return neo.data_dir / "logs" / "console.log"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def running_pid(neo: Neo4jSettings) -> int | None:
    """The pid of our server if it runs; a stale pid file is removed."""
    path = pid_file(neo)
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    if _alive(pid) and _is_our_launcher(pid):
        return pid
    path.unlink(missing_ok=True)
    return None


def _is_our_launcher(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return b"bangfu.BangfuNeo4j" in fh.read()
    except OSError:
        return True  # no /proc: trust the pid file


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bytes(size: str) -> int:
    size = size.strip().lower()
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if size and size[-1] in units:
        return int(float(size[:-1]) * units[size[-1]])
    return int(size)


@dataclass
class StartResult:
    pid: int
    uri: str
    seconds: float
    notes: list[str] = field(default_factory=list)  # what start noticed and repaired, in Chinese


MISMATCH_NOTE = (
    "数据文件夹 {data} {why}，与密码文件 {password} 不再匹配（新的数据库仍是 Neo4j 的默认密码，"
    "用密码文件登录会被拒绝，多次失败后账号会被暂时锁定）。已按密码文件为它重新设置登录密码，"
    "无需其他操作。要有意清空数据库，请用 `bangfu db reset`（会先备份）。"
)


def start(
    neo: Neo4jSettings, *, install_if_needed: bool = True, import_dir: Path | None = None
) -> StartResult:
    """Start the local server. `import_dir` (benchmarks only) lets LOAD CSV read file:/// URLs there.

    The password file is the source of truth for the server's login. A data folder that no longer
    matches it (deleted by hand, so Neo4j made a new one with its default password; or copied from
    another installation) is noticed and the password set again; `notes` says so.
    """
    notes: list[str] = []
    result = _start(neo, install_if_needed=install_if_needed, import_dir=import_dir, notes=notes)
    if not _password_accepted(neo):
        _terminate(result.pid, 120)
        pid_file(neo).unlink(missing_ok=True)
        forget_applied_password(neo)
        first = result.seconds
        result = _start(neo, install_if_needed=False, import_dir=import_dir, notes=notes)
        result.seconds += first
        if not _password_accepted(neo):
            stop(neo)
            raise ServerError(
                f"本地 Neo4j 不接受密码文件 {neo.password_file} 中的密码，重新设置也未成功，已停止。"
                f"请查看日志 {console_log(neo)}；如需从头开始，运行 `bangfu db reset`。"
            )
        notes.append(
            MISMATCH_NOTE.format(
                data=neo.data_dir.resolve() / "data", why="来自别处或被替换过", password=neo.password_file
            )
        )
    result.notes = notes
    return result


def _start(
    neo: Neo4jSettings, *, install_if_needed: bool, import_dir: Path | None, notes: list[str]
) -> StartResult:
    if neo.is_external:
        raise ServerError(f"已设置 NEO4J_URI（{neo.uri}），bangfu 使用该服务器，不启动本地 Neo4j。")
    existing = running_pid(neo)
    if existing:
        raise ServerError(f"本地 Neo4j 已在运行（进程 {existing}，{neo.local_uri}），不能重复启动。")
    if port_in_use(neo.bolt_port):
        raise ServerError(
            f"端口 {neo.bolt_port} 已被其他程序占用，Neo4j 无法监听。"
            "请关闭占用该端口的程序，或在 bangfu.toml 的 [neo4j] 中设置 bolt_port"
            "（或环境变量 BANGFU_BOLT_PORT）换一个端口。"
        )
    if install_if_needed:
        install(neo)
    elif not is_installed(neo):
        raise ServerError("本地 Neo4j 尚未安装，请运行 `bangfu db install`。")
    ensure_password(neo)
    data = neo.data_dir.resolve()
    if _system_store_missing(neo) and forget_applied_password(neo):
        notes.append(
            MISMATCH_NOTE.format(
                data=data / "data", why="已不存在（可能被手动删除）", password=neo.password_file
            )
        )
    (data / "logs").mkdir(parents=True, exist_ok=True)
    log_path = console_log(neo)
    cmd = [
        "java",
        f"-Xms{neo.heap}",
        f"-Xmx{neo.heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8",
        *neo.jvm_options,
        "-cp",
        classpath(neo),
        "bangfu.BangfuNeo4j",
        "--home",
        str(data),
        "--address",
        "127.0.0.1",
        "--port",
        str(neo.bolt_port),
        "--password-file",
        str(neo.password_file.resolve()),
        "--pagecache",
        str(_bytes(neo.pagecache)),
    ]
    if import_dir is not None:
        cmd += ["--import-dir", str(Path(import_dir).resolve())]
    if neo.server_config:
        config_file = data / "bangfu-neo4j.properties"
        config_file.write_text("".join(f"{line}\n" for line in neo.server_config), encoding="utf-8")
        cmd += ["--config-file", str(config_file)]
    began = time.monotonic()
    with open(log_path, "ab") as log:
        offset = log.tell()
        proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=data,
        )
    pid_file(neo).write_text(f"{proc.pid}\n")
    deadline = began + neo.start_timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file(neo).unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j 启动失败（退出码 {proc.returncode}）。"
                f"日志 {log_path} 的末尾：\n{_tail(log_path, offset)}"
            )
        if READY_MARK in _tail(log_path, offset, 200_000):
            return StartResult(proc.pid, neo.local_uri, time.monotonic() - began)
        time.sleep(0.25)
    _terminate(proc.pid, 30)
    pid_file(neo).unlink(missing_ok=True)
    raise ServerError(
        f"Neo4j 在 {neo.start_timeout_s:.0f} 秒内未就绪，已停止。日志 {log_path}：\n{_tail(log_path, offset)}"
    )


def _tail(path: Path, offset: int = 0, limit: int = 3000) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return ""
    return data[-limit:].decode("utf-8", "replace")


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM (clean shutdown of the store), then SIGKILL after `timeout`. True if it was clean."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return True
        except ChildProcessError:
            if not _alive(pid):
                return True
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return False


def stop(neo: Neo4jSettings, timeout: float = 120.0) -> bool:
    """Stop the local server. Returns False when none was running."""
    pid = running_pid(neo)
    if pid is None:
        return False
    clean = _terminate(pid, timeout)
    pid_file(neo).unlink(missing_ok=True)
    if not clean:
        raise ServerError(
            f"Neo4j（进程 {pid}）在 {timeout:.0f} 秒内未正常退出，已强制结束。下次启动时会自动恢复。"
        )
    return True


@dataclass
class Status:
    external: bool
    uri: str
    running: bool
    pid: int | None
    data_dir: Path | None
    installed: bool
    version: str


def status(neo: Neo4jSettings) -> Status:
    if neo.is_external:
        return Status(True, neo.uri, False, None, None, True, "")
    pid = running_pid(neo)
    return Status(False, neo.local_uri, pid is not None, pid, neo.data_dir, is_installed(neo), neo.version)
