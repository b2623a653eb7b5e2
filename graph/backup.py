"""`bangfu db backup` / `bangfu db restore`: a copy of the local server's graph store, and back.

Why the server is stopped: Neo4j Community has no online backup, and copying store files under a
running database gives a copy that may not open. So `backup` stops the local server (saying so),
archives the store of the default database (`data/databases/neo4j` and its transaction logs
`data/transactions/neo4j` under the server's home, see BangfuNeo4j.java) and restarts the server if
it was running. The `system` database (Neo4j's own users and the password) is not part of a backup:
restoring never changes how bangfu logs in, and the password file stays as it is.

The archive is a tar.gz whose first member is `manifest.json`: what made it (Neo4j and schema
versions, time, host) and the size and sha256 of every file. `restore` checks all of it before it
touches anything, extracts into a folder beside the store, checks again, and only then swaps the
folders in by renaming (undone if a rename fails), so a bad archive leaves the store as it was.

`reset` is starting over done safely: a backup first, then the whole data folder (graph, accounts,
audit log and Neo4j's own system database) is removed, and the next start sets the password file's
password in the new system database, as on a first start.

A server named by NEO4J_URI is not ours to stop or copy: its backup is that server's job
(neo4j-admin, the cloud service); `bangfu export roster` exports its data in the roster format.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import io
import json
import os
import shutil
import socket
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from graph import server
from graph.checksum import sha256_of
from graph.errors import BangfuError
from graph.settings import Neo4jSettings

FORMAT = "bangfu-neo4j-store"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "neo4j"  # the default database: the only user database of Neo4j Community
# (folder inside the archive, folder under the server's home)
PARTS = (
    ("databases/neo4j", Path("data") / "databases" / DATABASE),
    ("transactions/neo4j", Path("data") / "transactions" / DATABASE),
)
SKIPPED = {"database_lock"}  # a lock file, recreated by Neo4j; never part of a copy

Echo = Callable[[str], None]


class BackupError(BangfuError):
    """A backup or restore that cannot go ahead; the message says why, in Chinese."""


def default_backup_path(home: Path, reason: str) -> Path:
    """Where a backup taken on the way to something else goes: HOME/backups/REASON-TIMESTAMP.tar.gz."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(home) / "backups" / f"{reason}-{stamp}.tar.gz"


def remote_message(neo: Neo4jSettings) -> str:
    return (
        f"已设置 NEO4J_URI（{neo.uri}）：bangfu 只备份和恢复它自己运行的本地 Neo4j。"
        "远程服务器的备份由该服务器负责（如 neo4j-admin database dump、云服务的备份功能）；"
        "要把图谱数据另存一份，可用 `bangfu export roster 文件夹`（花名册格式，可重新导入）。"
    )


def _minor(version: str) -> str:
    return ".".join(str(version).split(".")[:2])


@dataclass
class BackupReport:
    path: Path
    manifest: dict
    stopped: bool = False  # the server was running and was stopped for the copy
    restarted: bool = False
    bytes: int = 0
    sha256: str = ""  # of the archive file itself (also written to FILE.sha256)


@dataclass
class ResetReport:
    backup: BackupReport | None  # None: there was no store to back up (never started, or already empty)
    stopped: bool = False


@dataclass
class RestoreReport:
    path: Path
    manifest: dict
    stopped: bool = False
    restarted: bool = False
    notes: list[str] = field(default_factory=list)


# -- backup -------------------------------------------------------------------------------------------


def _store_files(home: Path) -> list[tuple[str, Path]]:
    """(name in the archive, file on disk) of every file of the default database's store."""
    files = []
    for inside, rel in PARTS:
        root = home / rel
        if not root.is_dir():
            raise BackupError(
                f"找不到数据库文件夹 {root}：本地 Neo4j 还没有启动过（先运行 bangfu db start），"
                "或者数据目录设置有误。"
            )
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name not in SKIPPED:
                files.append((f"{inside}/{path.relative_to(root).as_posix()}", path))
    return files


def backup(
    neo: Neo4jSettings,
    target: Path,
    *,
    schema_version: int | None = None,
    audit_head: dict | None = None,
    overwrite: bool = False,
    echo: Echo = print,
    stop_timeout: float = 120.0,
) -> BackupReport:
    """Archive the local store into `target` (tar.gz). Stops and restarts a running server.

    `schema_version` is read by the caller from the running graph before the stop (None: unknown),
    and so is `audit_head`, the audit chain's head (graph/audit_chain.py) the archive's log ends with.
    """
    if neo.is_external:
        raise BackupError(remote_message(neo))
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} 已存在；换一个文件名，或加 --overwrite 覆盖。")
    if target.is_dir():
        raise BackupError(f"{target} 是一个文件夹；请给出备份文件的文件名（如 备份.tar.gz）。")
    home = neo.data_dir.resolve()
    report = BackupReport(target, {})
    was_running = server.running_pid(neo) is not None
    if was_running:
        echo("Neo4j 社区版不支持在线备份：先停止本地 Neo4j，复制完成后再启动。")
        server.stop(neo, stop_timeout)
        report.stopped = True
    try:
        files = _store_files(home)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "database": DATABASE,
            "neo4j_version": neo.version,
            "schema_version": schema_version,
            "audit_head": audit_head,
            "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "host": socket.gethostname(),
            "user": getpass.getuser(),
            "source": str(home),
            "files": {name: {"size": path.stat().st_size, "sha256": sha256_of(path)} for name, path in files},
        }
        report.manifest = manifest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        try:
            with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o644
                tar.addfile(info, io.BytesIO(data))
                for name, path in files:
                    tar.add(path, arcname=f"store/{name}", recursive=False)
            os.chmod(
                tmp, 0o600
            )  # the store holds personal data (numbers sealed, names and the rest in clear)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        if was_running:
            server.start(neo)
            report.restarted = True
    report.bytes = target.stat().st_size
    report.sha256 = sha256_of(target)
    Path(f"{target}.sha256").write_text(f"{report.sha256}  {target.name}\n", encoding="utf-8")
    return report


# -- restore ------------------------------------------------------------------------------------------


def _why(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "文件被截断"
    if isinstance(exc, (zlib.error, tarfile.ReadError)):
        return "不是有效的 tar.gz 压缩文件，或压缩数据出错"
    if isinstance(exc, (UnicodeDecodeError, json.JSONDecodeError)):
        return "清单无法读取"
    if isinstance(exc, OSError):
        return f"读写出错：{exc.strerror or exc}"
    return f"读取出错：{type(exc).__name__}"


def _corrupt(path: Path, why: str) -> BackupError:
    return BackupError(f"备份文件 {path} 已损坏或不完整（{why}），未做任何恢复，现有数据保持不变。")


def read_manifest(path: Path) -> dict:
    """The archive's manifest, checked for format; raises BackupError in Chinese."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}。")
    try:
        with tarfile.open(path, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"{path} 不是 bangfu 的数据库备份（缺少 {MANIFEST}）。")
            manifest = json.loads(tar.extractfile(first).read().decode("utf-8"))
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _corrupt(path, _why(exc)) from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupError(f"{path} 不是 bangfu 的数据库备份（清单格式不对）。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} 的备份格式版本为 {manifest.get('format_version')}，"
            f"本版 bangfu 只能恢复第 {FORMAT_VERSION} 版；请用制作它的 bangfu 版本恢复。"
        )
    return manifest


def check_compatible(manifest: dict, neo: Neo4jSettings, code_schema_version: int) -> list[str]:
    """Refuse an archive this installation cannot open; notes for what the user should do after."""
    made_with = str(manifest.get("neo4j_version", ""))
    if _minor(made_with) != _minor(neo.version):
        raise BackupError(
            f"备份由 Neo4j {made_with or '（未知版本）'} 制作，本机为 Neo4j {neo.version}："
            "数据库文件格式不同，不能直接恢复。请用相同版本的 Neo4j 恢复，"
            "或在原环境用 `bangfu export roster` 导出花名册后在此导入。"
        )
    notes = []
    schema = manifest.get("schema_version")
    if isinstance(schema, int) and schema > code_schema_version:
        raise BackupError(
            f"备份的图模式版本为 {schema}，高于本版 bangfu 的 {code_schema_version}："
            "它来自更新的 bangfu，请升级 bangfu 后再恢复。"
        )
    if schema is None or (isinstance(schema, int) and schema < code_schema_version):
        notes.append("备份的图模式版本较旧或未知：恢复后请运行 `bangfu db init` 补齐索引与约束。")
    return notes


def _safe_member(member: tarfile.TarInfo) -> str | None:
    """The store-relative name of a regular file or folder inside `store/`; None for anything else."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts or not name.parts or name.parts[0] != "store":
        return None
    if not (member.isfile() or member.isdir()):
        return None
    return "/".join(name.parts[1:])


def _extract(path: Path, manifest: dict, into: Path) -> None:
    """Extract the store files into `into` and verify each against the manifest."""
    expected = manifest["files"]
    seen = set()
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                rel = _safe_member(member)
                if rel is None:
                    raise BackupError(f"备份文件 {path} 中有不应出现的条目“{member.name}”，已拒绝恢复。")
                if member.isdir():
                    continue
                if rel not in expected:
                    raise BackupError(f"备份文件 {path} 中的 {rel} 不在清单中，已拒绝恢复。")
                dest = into / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with tar.extractfile(member) as src, open(dest, "wb") as out:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                want = expected[rel]
                if size != want.get("size") or digest.hexdigest() != want.get("sha256"):
                    raise _corrupt(path, f"{rel} 的校验值不符")
                seen.add(rel)
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise _corrupt(path, _why(exc)) from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise _corrupt(path, f"缺少 {len(missing)} 个文件，如 {missing[0]}")
    for inside, _ in PARTS:
        (into / inside).mkdir(parents=True, exist_ok=True)


def _swap(home: Path, staged: Path, old: Path) -> None:
    """Move the current store folders to `old` and the staged ones into place; undo on failure."""
    moved: list[tuple[Path, Path]] = []
    try:
        for inside, rel in PARTS:
            live = home / rel
            if live.exists():
                keep = old / inside
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.rename(live, keep)
                moved.append((keep, live))
            live.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staged / inside, live)
            moved.append((live, staged / inside))
    except BaseException:
        for src, dst in reversed(moved):
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.rename(src, dst)
        raise


def restore(
    neo: Neo4jSettings,
    source: Path,
    *,
    stop: bool = False,
    code_schema_version: int,
    echo: Echo = print,
    stop_timeout: float = 120.0,
) -> RestoreReport:
    """Replace the local store by the archive's. Refuses while the server runs unless `stop`."""
    if neo.is_external:
        raise BackupError(remote_message(neo))
    source = Path(source)
    manifest = read_manifest(source)
    notes = check_compatible(manifest, neo, code_schema_version)
    report = RestoreReport(source, manifest, notes=notes)
    pid = server.running_pid(neo)
    if pid is not None and not stop:
        raise BackupError(
            f"本地 Neo4j 正在运行（进程 {pid}）：恢复会替换整个数据库，必须先停止它。"
            "请先运行 `bangfu db stop`，或加 --stop 让 bangfu 停止、恢复后再启动。"
        )
    home = neo.data_dir.resolve()
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))  # beside the store: same file system
    try:
        echo(f"正在校验并解压备份（{manifest.get('created_at', '时间未知')} 制作）……")
        _extract(source, manifest, work / "new")
        if pid is not None:
            echo(f"正在停止本地 Neo4j（进程 {pid}）……")
            server.stop(neo, stop_timeout)
            report.stopped = True
        _swap(home, work / "new", work / "old")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if report.stopped:  # restarted whether the swap happened or was undone
            server.start(neo)
            report.restarted = True
    return report


# -- reset --------------------------------------------------------------------------------------------


def has_store(neo: Neo4jSettings) -> bool:
    """Whether the local server has a default database on disk (it has been started at least once)."""
    home = neo.data_dir.resolve()
    return all((home / rel).is_dir() for _, rel in PARTS)


def reset(
    neo: Neo4jSettings,
    backup_target: Path,
    *,
    schema_version: int | None = None,
    echo: Echo = print,
    stop_timeout: float = 120.0,
) -> ResetReport:
    """Back the store up into `backup_target`, then remove the server's whole data folder.

    Leaves the server stopped; the caller starts it (a new, empty database with the same password).
    A failed backup leaves everything as it was.
    """
    if neo.is_external:
        raise BackupError(
            f"已设置 NEO4J_URI（{neo.uri}）：bangfu 只清空它自己运行的本地 Neo4j，不会清空远程服务器。"
        )
    report = ResetReport(None)
    if server.running_pid(neo) is not None:
        echo("正在停止本地 Neo4j……")
        server.stop(neo, stop_timeout)
        report.stopped = True
    if has_store(neo):
        try:
            report.backup = backup(neo, backup_target, schema_version=schema_version, echo=echo)
        except BaseException:
            if report.stopped:  # nothing was removed: leave the server as it was
                server.start(neo)
            raise
    home = neo.data_dir.resolve()
    data = home / "data"
    if data.exists():
        trash = Path(tempfile.mkdtemp(prefix=".reset-", dir=home))
        os.rename(data, trash / "data")  # one rename: the store is either whole or gone
        shutil.rmtree(trash, ignore_errors=True)
    server.forget_applied_password(neo)
    return report
