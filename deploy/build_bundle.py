"""`make bundle`: one archive that installs bangfu on a machine with no network (docs/deploy.md).

    .venv/bin/python deploy/build_bundle.py [--out dist] [--python-version 3.11] [--glibc 2.28]

Organisation departments work on closed government intranets: PyPI and Maven Central are out of
reach there, so everything but Python and a Java runtime travels in the archive:

- wheels/     the project's wheel and a wheel of every dependency for Linux x86_64 and the chosen
              CPython (3.11 by default), and pip itself; the CJK font (Noto Sans SC) is inside the
              pylopdf-fonts-zh-cn wheel and the browser assets (vis-network) inside pyvis's, so the
              wheels are checked to hold them;
- neo4j-dist/ the Neo4j Community jars and the launcher `bangfu db install` built with Maven;
- install.sh, 安装说明.md, systemd/ (unit templates), nginx/ (the TLS reverse proxy) and
  bangfu-backup.sh from this folder, and docs/deploy.md;
- BUNDLE-INFO (versions, for install.sh) and SHA256SUMS (install.sh checks the copy is whole).

Why the wheels are fetched the way they are: dependency versions are pinned to the ones installed in
the build's virtual environment (what the tests ran with); wheels are chosen for the oldest C library
the target systems have (glibc 2.28: Kylin V10, UOS 20, CentOS/Rocky 8, Debian 10), not for the build
machine's; a dependency published only as source (jieba) is built into a wheel here, and must come
out pure Python, or the archive would only work on machines like this one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import server  # noqa: E402
from graph.settings import load_settings  # noqa: E402
from webapp.assets import VIS_VERSION  # noqa: E402

DEFAULT_PYTHON = "3.11"
DEFAULT_GLIBC = "2.28"
# what goes into the archive as it is (mode kept): path in the repository, name in the archive
SHIPPED = (
    ("deploy/install.sh", "install.sh"),
    ("deploy/bangfu-backup.sh", "bangfu-backup.sh"),
    ("deploy/安装说明.md", "安装说明.md"),
    ("deploy/systemd", "systemd"),
    ("deploy/nginx", "nginx"),
    ("docs/deploy.md", "deploy.md"),
)
# what the offline install must find inside the wheels: (wheel name prefix, file, what it is); the
# paths are the ones graph/export/fonts.py and webapp/assets.py open
REQUIRED_INSIDE = (
    ("pylopdf_fonts_zh_cn-", "pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf", "中文字体 Noto Sans SC"),
    ("pyvis-", f"pyvis/templates/lib/{VIS_VERSION}/vis-network.min.js", "网页关系图脚本 vis-network"),
    ("bangfu-", "webapp/static/app.css", "网页样式"),
)


def log(text: str) -> None:
    print(text, flush=True)


def pip(*args: str, cwd: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    log("$ pip " + " ".join(args))
    subprocess.run(cmd, check=True, cwd=cwd)


def project() -> dict:
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


def manylinux_platforms(glibc: str) -> list[str]:
    """Every manylinux tag a system with this C library runs, newest first (pip does not expand them)."""
    major, minor = (int(part) for part in glibc.split("."))
    if major != 2:
        raise SystemExit(f"glibc {glibc}？只支持 2.x")
    tags = [f"manylinux_2_{m}_x86_64" for m in range(minor, 4, -1)]
    legacy = {17: "manylinux2014_x86_64", 12: "manylinux2010_x86_64", 5: "manylinux1_x86_64"}
    return tags + [tag for m, tag in legacy.items() if m <= minor]


def project_wheel(wheels: Path, work: Path) -> Path:
    """Build the project's wheel from a copy of its packages (setuptools leaves build/ and egg-info
    behind in the folder it builds from; the working tree stays clean)."""
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "target", "*.egg-info")
    for pattern in project()["tool"]["setuptools"]["packages"]["find"]["include"]:
        for path in sorted(REPO.glob(pattern.split(".")[0])):
            if path.is_dir() and (path / "__init__.py").exists():
                shutil.copytree(path, src / path.name, ignore=ignore)
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(src))
    built = sorted(wheels.glob("bangfu-*.whl"))
    if len(built) != 1:
        raise SystemExit(f"项目 wheel 构建结果不对：{built}")
    return built[0]


def constraints(work: Path) -> Path:
    """The versions installed in the build's environment, as pip constraints."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [
        line
        for line in out.splitlines()
        if "==" in line and " @ " not in line and not line.lower().startswith("bangfu==")
    ]
    path = work / "constraints.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def source_only(own: Path, pins: Path, work: Path) -> list[str]:
    """Dependencies the resolver would take as a source archive (no wheel on PyPI): name==version."""
    report = work / "report.json"
    pip(
        "install",
        "--quiet",
        "--dry-run",
        "--ignore-installed",
        "--report",
        str(report),
        "-c",
        str(pins),
        str(own),
    )
    items = json.loads(report.read_text())["install"]
    return [
        f"{i['metadata']['name']}=={i['metadata']['version']}"
        for i in items
        if not i["download_info"]["url"].endswith(".whl")
    ]


def build_pure_wheels(requirements: list[str], wheels: Path, pins: Path) -> None:
    for requirement in requirements:
        before = set(wheels.glob("*.whl"))
        pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), "-c", str(pins), requirement)
        for wheel in set(wheels.glob("*.whl")) - before:
            if not wheel.name.endswith("-none-any.whl"):
                raise SystemExit(
                    f"{requirement} 在 PyPI 上只有源码包，在本机编出的 {wheel.name} 含编译代码，"
                    "只能在与本机相同的系统上使用；安装包不能这样制作。"
                )


def download_wheels(own: Path, wheels: Path, pins: Path, python: str, glibc: str) -> None:
    abi = "cp" + python.replace(".", "")
    args = [
        "download",
        "--quiet",
        "--dest",
        str(wheels),
        "--only-binary=:all:",
        "--python-version",
        python,
        "--implementation",
        "cp",
        "--abi",
        abi,
    ]
    for platform in manylinux_platforms(glibc):
        args += ["--platform", platform]
    pip(*args, "--find-links", str(wheels), "-c", str(pins), str(own), "pip")


def check_contents(wheels: Path) -> dict[str, str]:
    """Each asset the offline install needs, found inside its wheel: {what: wheel:path (size)}."""
    found = {}
    for prefix, inside, what in REQUIRED_INSIDE:
        matches = sorted(wheels.glob(f"{prefix}*.whl"))
        if not matches:
            raise SystemExit(f"安装包缺少 {what}（找不到 {prefix}*.whl）")
        with zipfile.ZipFile(matches[-1]) as whl:
            try:
                size = whl.getinfo(inside).file_size
            except KeyError:
                raise SystemExit(f"{matches[-1].name} 中没有 {what}（{inside}）") from None
        found[what] = f"{matches[-1].name}:{inside}（{mb(size)}）"
    return found


def copy_neo4j(stage: Path) -> str:
    settings = load_settings()
    neo = settings.neo4j
    dist = server.install(neo)  # a no-op when `make neo4j` already built it
    target = stage / "neo4j-dist"
    target.mkdir()
    shutil.copy2(dist / "VERSION", target / "VERSION")
    shutil.copy2(dist / "bangfu-neo4j.jar", target / "bangfu-neo4j.jar")
    shutil.copytree(dist / "lib", target / "lib")
    return neo.version


def git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return head + ("+修改" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "未知"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(stage: Path) -> None:
    lines = [
        f"{sha256(p)}  {p.relative_to(stage).as_posix()}" for p in sorted(stage.rglob("*")) if p.is_file()
    ]
    (stage / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def size_of(path: Path) -> int:
    return (
        path.stat().st_size
        if path.is_file()
        else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    )


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the archive goes (dist/)")
    parser.add_argument(
        "--python-version", default=DEFAULT_PYTHON, help="the CPython (X.Y) of the target machines (3.11)"
    )
    parser.add_argument(
        "--glibc", default=DEFAULT_GLIBC, help="the oldest glibc of the target machines (2.28)"
    )
    args = parser.parse_args(argv)
    began = time.monotonic()

    version = project()["project"]["version"]
    suffix = "" if args.python_version == DEFAULT_PYTHON else f"-py{args.python_version.replace('.', '')}"
    name = f"bangfu-offline-{version}-linux-x86_64{suffix}"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=args.out) as tmp:
        work = Path(tmp)
        stage = work / name
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        own = project_wheel(wheels, work)
        pins = constraints(work)
        build_pure_wheels(source_only(own, pins, work), wheels, pins)
        download_wheels(own, wheels, pins, args.python_version, args.glibc)
        assets = check_contents(wheels)
        neo4j_version = copy_neo4j(stage)
        for source, inside in SHIPPED:
            src = REPO / source
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, stage / inside)
        info = {
            "BANGFU_VERSION": version,
            "PYTHON_VERSION": args.python_version,
            "PLATFORM": "linux-x86_64",
            "GLIBC_MIN": args.glibc,
            "NEO4J_VERSION": neo4j_version,
            "BUILT_AT": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "GIT_COMMIT": git_commit(),
        }
        (stage / "BUNDLE-INFO").write_text("".join(f"{k}='{v}'\n" for k, v in info.items()), encoding="utf-8")
        write_checksums(stage)

        parts = {"wheels": size_of(wheels), "neo4j-dist": size_of(stage / "neo4j-dist")}
        all_wheels = sorted(wheels.glob("*.whl"), key=lambda p: p.stat().st_size, reverse=True)
        biggest = "，".join(f"{p.name.split('-')[0]} {mb(p.stat().st_size)}" for p in all_wheels[:5])
        archive = args.out / f"{name}.tar.gz"
        partial = args.out / f".{name}.tar.gz.part"
        log(f"正在压缩 {archive.name} ……")
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(stage, arcname=name)
        os.replace(partial, archive)
    digest = sha256(archive)
    Path(f"{archive}.sha256").write_text(f"{digest}  {archive.name}\n", encoding="utf-8")

    total = sum(parts.values())
    log(f"\n安装包：{archive}")
    log(f"大小：{mb(archive.stat().st_size)}（压缩前 {mb(total)}；用时 {time.monotonic() - began:.0f} 秒）")
    log(f"  Python wheel：{mb(parts['wheels'])}（{len(all_wheels)} 个；最大的：{biggest}）")
    log(f"  Neo4j {neo4j_version} jar 与启动器：{mb(parts['neo4j-dist'])}")
    for what, where in assets.items():
        log(f"  {what}：{where}")
    log(f"sha256 {digest}（另存于 {archive}.sha256）")
    return archive


if __name__ == "__main__":
    main()
