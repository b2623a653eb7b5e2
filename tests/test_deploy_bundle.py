"""The offline bundle (issue 21, docs/deploy.md): built by `deploy/build_bundle.py` (what `make bundle`
runs, with the network), then installed into a fresh prefix inside a network namespace that has only
its loopback, so anything the install would fetch from PyPI or Maven Central fails. There the test
starts Neo4j and the web app the way a machine without systemd does (`bangfu db start`, `bangfu serve`),
loads the sample roster, logs in over loopback, and installs the same bundle a second time over the
first: the upgrade backs up first and keeps the data and the accounts.

One bundle is built per module. Wall time on the project's machine (2 shared cores): 5 minutes when
quiet, 10 when busy, about one for the build (pip's cache warm), the rest the two installs and the
servers. The bundle size, install and upgrade times are printed (pytest -s); docs/deploy.md keeps them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.graphs import REPO, SAMPLE

pytestmark = [pytest.mark.slow, pytest.mark.server]  # builds the bundle, installs it offline, runs its server

UNSHARE, NSENTER, IP = shutil.which("unshare"), shutil.which("nsenter"), shutil.which("ip")
WEB_PORT = 8080  # free: the namespace has its own loopback
ANALYST = ("fenxi01", "Fenxi-2024-offline")


def _namespace_unavailable() -> str | None:
    if not (UNSHARE and NSENTER and IP):
        return "需要 util-linux 的 unshare、nsenter 与 iproute2 的 ip 才能在断网的网络命名空间中安装"
    probe = subprocess.run([UNSHARE, "-n", IP, "link", "set", "lo", "up"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"不能建立网络命名空间（unshare -n 需要 root 或用户命名空间）：{probe.stderr.strip()}"
    return None


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, float]:
    """The archive `make bundle` writes, built once for the module (uses the network)."""
    reason = _namespace_unavailable()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("dist")
    began = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "build_bundle.py"), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - began
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    archives = list(out.glob("bangfu-offline-*-linux-x86_64.tar.gz"))
    assert len(archives) == 1, archives
    print(
        f"\n[bundle] {archives[0].name}: {archives[0].stat().st_size / 1e6:.1f} MB, built in {seconds:.0f} s"
    )
    print(proc.stdout[-1200:])
    return archives[0], seconds


@pytest.fixture(scope="module")
def unpacked(bundle, tmp_path_factory) -> Path:
    into = tmp_path_factory.mktemp("bundle")
    with tarfile.open(bundle[0]) as tar:
        tar.extractall(into, filter="data")
    (folder,) = into.iterdir()
    return folder


@dataclass
class Offline:
    """A network namespace with only `lo`, kept alive by a sleeping process; commands join it."""

    holder: subprocess.Popen

    def command(self, *args) -> list[str]:
        return [NSENTER, f"--net=/proc/{self.holder.pid}/ns/net", *map(str, args)]

    def run(self, *args, timeout: float = 900, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        proc = subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout, **kwargs)
        if check:
            assert proc.returncode == 0, f"{args}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        return proc


@pytest.fixture(scope="module")
def offline() -> Offline:
    holder = subprocess.Popen(
        [UNSHARE, "-n", "sh", "-c", f"{IP} link set lo up && echo up && exec sleep 100000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "up"
        yield Offline(holder)
    finally:
        holder.kill()
        holder.wait()


# -- helpers ------------------------------------------------------------------------------------------


def _install(offline: Offline, unpacked: Path, prefix: Path) -> tuple[float, str]:
    began = time.monotonic()
    proc = offline.run(
        "bash", unpacked / "install.sh", "--prefix", prefix, "--heap", "1g", "--pagecache", "512m"
    )
    return time.monotonic() - began, proc.stdout + proc.stderr


def _nodes(offline: Offline, bangfu: Path) -> int:
    out = offline.run(bangfu, "db", "status").stdout
    return int(re.search(r"节点数：(\d+)", out).group(1))


def _users(offline: Offline, bangfu: Path) -> list[str]:
    return sorted(
        line.split()[0] for line in offline.run(bangfu, "user", "list").stdout.splitlines() if line.strip()
    )


def _admin_login(prefix: Path) -> tuple[str, str]:
    text = (prefix / "var" / "first-admin.txt").read_text(encoding="utf-8")
    return re.search(r"用户名：(\S+)", text).group(1), re.search(r"密码：(\S+)", text).group(1)


# Runs inside the namespace: GET the login page, log in, GET the overview; prints a JSON summary.
BROWSE = r"""
import http.cookiejar, json, re, sys, time, urllib.parse, urllib.request
base, user, password = sys.argv[1:4]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
deadline = time.monotonic() + 120
while True:
    try:
        login = web.open(base + "/login", timeout=10).read().decode()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.5)
token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
form = urllib.parse.urlencode({"csrf_token": token, "username": user, "password": password}).encode()
after = web.open(base + "/login", data=form, timeout=60)
overview = after.read().decode()
vendor = web.open(base + "/vendor/vis-network.min.js", timeout=10)
print(json.dumps({"login_page": "登录帮扶图谱" in login, "landed": after.geturl(),
                  "logged_in": "退出" in overview, "vendor_status": vendor.status,
                  "vendor_bytes": len(vendor.read())}, ensure_ascii=False))
"""


def _browse(offline: Offline, python: Path, user: str, password: str) -> dict:
    out = offline.run(
        python, "-c", BROWSE, f"http://127.0.0.1:{WEB_PORT}", user, password, timeout=300
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Serving:
    """`bangfu serve` inside the namespace, stopped on exit."""

    def __init__(self, offline: Offline, bangfu: Path, log: Path):
        self.log = open(log, "ab")
        self.proc = subprocess.Popen(
            offline.command(bangfu, "serve", "--host", "127.0.0.1", "--port", WEB_PORT),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# -- tests --------------------------------------------------------------------------------------------


def test_offline_install_serve_load_and_upgrade(bundle, unpacked, offline, tmp_path):
    prefix = tmp_path / "bangfu"
    bangfu = prefix / "bin" / "bangfu"
    python = prefix / "current" / "bin" / "python"

    # the namespace really is offline (PyPI, Maven Central, anything but loopback)
    probe = offline.run(
        sys.executable,
        "-c",
        "import socket; socket.create_connection(('151.101.0.223', 443), 5)",
        check=False,
    )
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower(), probe.stderr

    try:
        install_s, out = _install(offline, unpacked, prefix)
        assert "安装完成" in out and "网址：http://127.0.0.1:8080/" in out, out
        admin = _admin_login(prefix)
        assert admin[0] == "admin" and admin[1] in out, out  # the login is printed
        units = sorted((prefix / "systemd").iterdir())
        assert [u.name for u in units] == [
            "bangfu-backup.service",
            "bangfu-backup.timer",
            "bangfu-neo4j.service",
            "bangfu-web.service",
        ]
        assert not any(
            re.search(r"@[A-Z]+@", u.read_text()) for u in [*units, prefix / "bin" / "bangfu-backup"]
        )
        if shutil.which("systemd-analyze"):
            verify = subprocess.run(
                ["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True
            )
            assert verify.returncode == 0 and not verify.stderr.strip(), verify.stderr
        # the font and the launcher come from the bundle, not from the network or the system
        font = offline.run(python, "-m", "graph.export.fonts").stdout
        assert str(prefix) in font and "NotoSansSC" in font, font
        status = offline.run(bangfu, "db", "status", check=False)
        assert status.returncode == 3, status.stdout  # install leaves Neo4j as it found it: stopped

        offline.run(bangfu, "db", "start", timeout=400)
        load_began = time.monotonic()
        offline.run(bangfu, "load", SAMPLE / "roster")
        load_s = time.monotonic() - load_began
        offline.run(bangfu, "user", "add", ANALYST[0], "--role", "analyst", "--password", ANALYST[1])
        with Serving(offline, bangfu, tmp_path / "serve-1.log"):
            seen = _browse(offline, python, *admin)
        assert seen["login_page"] and seen["logged_in"] and seen["landed"].endswith("/"), seen
        assert seen["vendor_status"] == 200 and seen["vendor_bytes"] > 100_000, seen
        nodes, users = _nodes(offline, bangfu), _users(offline, bangfu)  # after the login's audit event
        assert nodes > 100 and users == sorted(["admin", ANALYST[0]])

        # second install over the first, Neo4j still running: backup, new release, migrate, same data
        upgrade_s, out = _install(offline, unpacked, prefix)
        assert "升级完成" in out, out
        backups = list((prefix / "var" / "backups").glob("before-upgrade-*.tar.gz"))
        assert len(backups) == 1 and backups[0].stat().st_size > 10_000, backups
        assert offline.run(bangfu, "db", "status", check=False).returncode == 0  # running, as before
        assert _nodes(offline, bangfu) == nodes
        assert _users(offline, bangfu) == users
        assert _admin_login(prefix) == admin
        assert len(list((prefix / "releases").iterdir())) == 2
        with Serving(offline, bangfu, tmp_path / "serve-2.log"):
            assert _browse(offline, python, *ANALYST)["logged_in"]
            assert _browse(offline, python, *admin)["logged_in"]
        # the scheduled backup, run as cron would (no systemd here), keeping only the newest archive
        offline.run(bangfu, "db", "stop")
        for _ in range(2):
            offline.run(prefix / "bin" / "bangfu-backup", env={**os.environ, "KEEP": "1"})
            time.sleep(1.1)  # archive names have a resolution of one second
        kept = sorted((prefix / "var" / "backups").glob("bangfu-*"))
        assert [p.suffix for p in kept] == [".gz", ".sha256"], kept
    finally:
        if bangfu.exists():
            offline.run(bangfu, "db", "stop", check=False)

    print(
        f"\n[deploy] bundle {bundle[0].stat().st_size / 1e6:.1f} MB (built in {bundle[1]:.0f} s); "
        f"offline install {install_s:.0f} s; sample load {load_s:.0f} s; upgrade {upgrade_s:.0f} s"
    )


def _fake_bin(tmp_path: Path, missing: str, extra: dict[str, str]) -> str:
    """A PATH holding everything of /usr/bin and /bin except `missing`, plus small scripts `extra`."""
    fake = tmp_path / "bin"
    fake.mkdir(parents=True)
    for folder in ("/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            if name != missing and not (fake / name).exists():
                (fake / name).symlink_to(Path(folder) / name)
    for name, text in extra.items():
        (fake / name).unlink(missing_ok=True)
        (fake / name).write_text(text)
        (fake / name).chmod(0o755)
    return str(fake)


def _refusal(unpacked: Path, tmp_path: Path, path: str, *args) -> str:
    proc = subprocess.run(
        ["bash", str(unpacked / "install.sh"), "--prefix", str(tmp_path / "p"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**{k: v for k, v in os.environ.items() if k != "JAVA_HOME"}, "PATH": path},
    )
    assert proc.returncode != 0, proc.stdout
    assert not (tmp_path / "p").exists() or not any((tmp_path / "p").iterdir())  # nothing installed
    return proc.stderr


def _script(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_install_refuses_old_or_other_python_in_chinese(unpacked, tmp_path):
    old = _script(tmp_path / "old", "python3.9", "#!/bin/sh\necho 3.9\n")
    message = _refusal(unpacked, tmp_path, os.environ["PATH"], "--python", str(old))
    assert (
        "需要 Python 3.11" in message and "python3-venv" in message and "dnf install python3.11" in message
    ), message
    assert "安装说明.md" in message

    newer = _script(tmp_path / "newer", "python3.13", "#!/bin/sh\necho 3.13\n")
    message = _refusal(unpacked, tmp_path, os.environ["PATH"], "--python", str(newer))
    assert "只适用于 Python 3.11" in message and "make bundle BUNDLE_PYTHON=3.13" in message, message


def test_install_refuses_missing_or_old_java_in_chinese(unpacked, tmp_path):
    python = sys.executable  # a Python 3.11 that needs nothing from PATH
    message = _refusal(unpacked, tmp_path, _fake_bin(tmp_path / "a", "java", {}), "--python", python)
    assert "找不到 java" in message and "openjdk-17-jre-headless" in message, message
    assert "java-17-openjdk-headless" in message and "安装说明.md" in message, message

    java11 = "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n"
    message = _refusal(
        unpacked, tmp_path, _fake_bin(tmp_path / "b", "java", {"java": java11}), "--python", python
    )
    assert "11.0.21" in message and "太旧" in message and "Java 17 或 21" in message, message


def test_service_needs_systemd(unpacked, tmp_path):
    if Path("/run/systemd/system").is_dir():
        pytest.skip("本机运行着 systemd：这里只验证没有 systemd 时 --service 的拒绝")
    message = _refusal(unpacked, tmp_path, os.environ["PATH"], "--python", sys.executable, "--service")
    assert "没有运行 systemd" in message or "需要以 root 运行" in message, message
