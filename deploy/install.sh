#!/usr/bin/env bash
# 帮扶图谱 bangfu：离线安装与升级。说明见同目录的 安装说明.md（详细：deploy.md）。
#
#   ./install.sh [--prefix 目录] [--service] [--host 地址] [--port 端口]
#                [--python 路径] [--user 用户] [--heap 大小] [--pagecache 大小]
#
# 不需要网络：Python 依赖只从本目录的 wheels/ 安装（pip --no-index），Neo4j 从 neo4j-dist/ 复制。
# 第一次运行：安装，初始化数据库，创建管理员 admin，显示网址和登录信息。
# 再次运行（新版或同一版安装包）：就地升级。先停止数据库并备份（bangfu db backup），再换上新版本，
# 由 bangfu db init 迁移图模式；数据与账号都保留。
set -euo pipefail
umask 022

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=/opt/bangfu
SERVICE=0
HOST=""
PORT=""
PYTHON=""
SERVICE_USER=bangfu
HEAP=""
PAGECACHE=""
BEGAN=$(date +%s)
STAMP=$(date +%Y%m%d-%H%M%S)

say()  { printf '%s\n' "$*"; }
step() { printf '\n== %s（第 %d 秒）\n' "$*" "$(( $(date +%s) - BEGAN ))"; }
warn() { printf '注意：%s\n' "$*" >&2; }
die()  { printf '\n错误：%s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'EOF'
用法：./install.sh [选项]

  --prefix 目录     安装到哪里（默认 /opt/bangfu）；再次运行时给出同一目录即为升级
  --service         以 root 运行时安装 systemd 服务（bangfu-neo4j、bangfu-web、每日备份），开机自启、
                    出错自动重启；服务以用户 bangfu（或 --user）运行
  --host 地址       网页版监听地址（默认 127.0.0.1，只有本机能访问；办公网共享时用本机内网地址或 0.0.0.0）
  --port 端口       网页版端口（默认 8080）
  --python 路径     指定 Python 解释器（默认在 PATH 中找与安装包相同版本的 python3.X）
  --user 用户       服务运行用户（默认 bangfu，不存在时创建；仅与 --service 一起用）
  --heap 大小       Neo4j 的 JVM 堆（如 2g；默认按内存的 1/8，512m 到 4g 之间）
  --pagecache 大小  Neo4j 的页缓存（同上）
  -h, --help        显示本说明
EOF
}

value() {  # value OPTION "$@": the argument after OPTION, refusing a missing one
  [ $# -ge 2 ] && [ -n "$2" ] || die "选项 $1 需要一个值（见 ./install.sh --help）"
  printf '%s' "$2"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$(value "$@"); shift 2 ;;
    --prefix=*) PREFIX=${1#*=}; shift ;;
    --service) SERVICE=1; shift ;;
    --host) HOST=$(value "$@"); shift 2 ;;
    --host=*) HOST=${1#*=}; shift ;;
    --port) PORT=$(value "$@"); shift 2 ;;
    --port=*) PORT=${1#*=}; shift ;;
    --python) PYTHON=$(value "$@"); shift 2 ;;
    --python=*) PYTHON=${1#*=}; shift ;;
    --user) SERVICE_USER=$(value "$@"); shift 2 ;;
    --user=*) SERVICE_USER=${1#*=}; shift ;;
    --heap) HEAP=$(value "$@"); shift 2 ;;
    --heap=*) HEAP=${1#*=}; shift ;;
    --pagecache) PAGECACHE=$(value "$@"); shift 2 ;;
    --pagecache=*) PAGECACHE=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "不认识的选项：$1（见 ./install.sh --help）" ;;
  esac
done
if [ -n "$PORT" ]; then
  case "$PORT" in *[!0-9]*) die "端口应为数字：$PORT" ;; esac
fi

[ -f "$HERE/BUNDLE-INFO" ] || die "找不到 $HERE/BUNDLE-INFO：请在解压后的安装包目录中运行 install.sh。"
# shellcheck source=/dev/null
. "$HERE/BUNDLE-INFO"
say "帮扶图谱 bangfu $BANGFU_VERSION 离线安装包（Python $PYTHON_VERSION，Neo4j $NEO4J_VERSION，制作于 $BUILT_AT）"

# -- what this machine must already have ------------------------------------------------------------

GUIDE="各系统的安装方法见本目录的 安装说明.md（“先装好 Python 与 Java”一节）。"

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || die \
  "本安装包只适用于 Linux x86_64，本机为 $(uname -s) $(uname -m)。鲲鹏、飞腾等 ARM 机器暂不支持。"

glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}' || true)
if [ -n "$glibc" ]; then
  [ "$(printf '%s\n%s\n' "$GLIBC_MIN" "$glibc" | sort -V | head -1)" = "$GLIBC_MIN" ] || die \
    "本机 C 库 glibc $glibc 低于安装包要求的 $GLIBC_MIN（CentOS 7 等过旧的系统）。请换用较新的系统（银河麒麟 V10、统信 UOS 20、CentOS/Rocky 8 及以上、Debian 10 及以上）。"
fi

py_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
PY=""
FOUND=""
if [ -n "$PYTHON" ]; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "找不到 --python 指定的解释器：$PYTHON"
  candidates=$PYTHON
else
  candidates="python$PYTHON_VERSION python3 /usr/local/bin/python$PYTHON_VERSION /usr/bin/python$PYTHON_VERSION"
fi
for candidate in $candidates; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  v=$(py_version "$path") || continue
  if [ "$v" = "$PYTHON_VERSION" ]; then PY=$path; break; fi
  FOUND="$FOUND $path（$v）"
done
if [ -z "$PY" ]; then
  newer=""
  for found in $FOUND; do
    v=${found##*（}; v=${v%）}
    [ "$(printf '%s\n%s\n' "$PYTHON_VERSION" "$v" | sort -V | head -1)" = "$PYTHON_VERSION" ] && newer=$v
  done
  if [ -n "$newer" ]; then
    die "本安装包中编译好的依赖只适用于 Python $PYTHON_VERSION，本机找到的是 Python $newer。
请另装 Python $PYTHON_VERSION（可与现有版本并存，再用 --python 指定），或在联网的机器上为 $newer 制作安装包：
  make bundle BUNDLE_PYTHON=$newer
$GUIDE"
  fi
  die "需要 Python $PYTHON_VERSION（含 venv 模块），本机${FOUND:- 没有找到 python3}。请先安装，例如：
  Debian 12：                 apt-get install python3 python3-venv
  统信 UOS / 银河麒麟（用 apt 的版本）：apt-get install python3.11 python3.11-venv
  银河麒麟 V10 / 统信 UOS（用 yum/dnf 的版本）、CentOS Stream / Rocky / AlmaLinux 8、9：dnf install python3.11
源里没有 Python $PYTHON_VERSION 时，请向系统厂商获取，或按 安装说明.md 从源码编译。装好后重新运行本脚本
（Python 不在 PATH 中时用 --python 指定）。$GUIDE"
fi
"$PY" -c 'import venv' 2>/dev/null || die "$PY 缺少 venv 模块。Debian / 统信 UOS：apt-get install python3-venv（或 python$PYTHON_VERSION-venv）。$GUIDE"

JAVA=$(command -v java 2>/dev/null || true)
if [ -z "$JAVA" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA=$JAVA_HOME/bin/java; fi
JAVA_HINT="请安装 Java 17 或 21（只需运行环境 JRE），例如：
  Debian 12：                          apt-get install openjdk-17-jre-headless
  统信 UOS / 银河麒麟（用 apt 的版本）：apt-get install openjdk-17-jre-headless
  银河麒麟 V10 / 统信 UOS（用 yum/dnf 的版本）、CentOS / Rocky / AlmaLinux 8、9：dnf install java-17-openjdk-headless
装好后重新运行本脚本。$GUIDE"
[ -n "$JAVA" ] || die "找不到 java：本地 Neo4j 需要 Java 17 或 21。
$JAVA_HINT"
jv=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' || true)
case "$jv" in
  1.*) java_major=$(printf '%s' "$jv" | cut -d. -f2) ;;
  *) java_major=$(printf '%s' "$jv" | sed 's/[^0-9].*//') ;;
esac
[ -n "$java_major" ] || die "无法识别 $JAVA 的版本（$("$JAVA" -version 2>&1 | head -1)）。
$JAVA_HINT"
[ "$java_major" -ge 17 ] || die "本机的 Java 是 $jv（$JAVA），太旧：Neo4j $NEO4J_VERSION 需要 Java 17 或 21。
$JAVA_HINT"
case "$java_major" in 17|21) ;; *) warn "Java $jv 未经测试（Neo4j $NEO4J_VERSION 支持 17 与 21）；继续安装。" ;; esac
JAVA_DIR=$(dirname "$JAVA")   # /usr/bin when it comes from PATH: a later `alternatives` switch applies

# -- where, and as whom -----------------------------------------------------------------------------

mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
UPGRADE=0
[ -L "$PREFIX/current" ] && UPGRADE=1
if [ "$UPGRADE" = 0 ] && [ -n "$(ls -A "$PREFIX" 2>/dev/null)" ] && [ ! -f "$PREFIX/bangfu.toml" ]; then
  die "$PREFIX 不是空目录，也不是 bangfu 的安装目录：请换一个 --prefix。"
fi
UNIT_DIR=/etc/systemd/system
if [ "$SERVICE" = 0 ] && [ -f "$UNIT_DIR/bangfu-web.service" ] && grep -q "^WorkingDirectory=$PREFIX\$" "$UNIT_DIR/bangfu-web.service"; then
  SERVICE=1
  SERVICE_USER=$(sed -n 's/^User=//p' "$UNIT_DIR/bangfu-web.service" | head -1)
  say "$PREFIX 已作为 systemd 服务安装（用户 $SERVICE_USER）：按服务方式升级。"
fi
if [ "$SERVICE" = 1 ]; then
  [ "$(id -u)" = 0 ] || die "--service 需要以 root 运行（sudo ./install.sh --service …）。"
  [ -d /run/systemd/system ] || die "本机没有运行 systemd，不能安装服务：去掉 --service，用 bangfu db start 与 bangfu serve 启动。"
  if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
    nologin=$(command -v nologin 2>/dev/null || echo /bin/false)
    useradd --system --user-group --home-dir "$PREFIX" --no-create-home --shell "$nologin" "$SERVICE_USER"
    say "已创建系统用户 $SERVICE_USER（运行服务用，不能登录）。"
  fi
  OWNER=$SERVICE_USER
else
  OWNER=$(id -un)
fi
GROUP=$(id -gn "$OWNER")

bangfu() {  # the installed command, as the user the data belongs to
  if [ "$OWNER" != "$(id -un)" ]; then
    (cd "$PREFIX" && runuser -u "$OWNER" -- "$PREFIX/bin/bangfu" "$@")
  else
    (cd "$PREFIX" && "$PREFIX/bin/bangfu" "$@")
  fi
}

# -- the bundle is whole ----------------------------------------------------------------------------

if command -v sha256sum >/dev/null 2>&1; then
  step "校验安装包"
  (cd "$HERE" && sha256sum --quiet -c SHA256SUMS) || die "安装包不完整或已损坏（见上面列出的文件）：请重新拷贝安装包。"
  say "完整。"
fi

# -- the new version, beside the running one --------------------------------------------------------

step "$([ "$UPGRADE" = 1 ] && echo 升级 || echo 安装)到 $PREFIX（$([ "$SERVICE" = 1 ] && echo "systemd 服务，用户 $OWNER" || echo "用户 $OWNER")）"
RELEASE="$PREFIX/releases/$BANGFU_VERSION-$STAMP"
mkdir -p "$PREFIX/releases" "$PREFIX/bin" "$PREFIX/var/backups" "$PREFIX/systemd"
say "正在建立 Python 虚拟环境（只用安装包中的 wheel，不联网）……"
"$PY" -m venv --without-pip "$RELEASE" || { rm -rf "$RELEASE"; die "用 $PY 建立虚拟环境失败。Debian / 统信 UOS：apt-get install python3-venv。$GUIDE"; }
PIP_WHEEL=$(ls "$HERE"/wheels/pip-*.whl 2>/dev/null | head -1 || true)
[ -n "$PIP_WHEEL" ] || die "安装包中没有 pip 的 wheel。"
if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$RELEASE/bin/python" "$PIP_WHEEL/pip" install --quiet --no-index \
      --find-links "$HERE/wheels" pip bangfu; then
  rm -rf "$RELEASE"
  die "从安装包安装 Python 依赖失败（见上面 pip 的输出）；原有安装未改动。"
fi
"$RELEASE/bin/bangfu" --help >/dev/null || { rm -rf "$RELEASE"; die "新安装的 bangfu 无法运行；原有安装未改动。"; }

cat > "$PREFIX/bin/bangfu" <<EOF
#!/bin/sh
# bangfu 的入口（install.sh 生成）：设置文件与 Java 的位置，然后运行当前版本。
BANGFU_CONFIG="\${BANGFU_CONFIG:-$PREFIX/bangfu.toml}"
PATH="$JAVA_DIR:\$PATH"
export BANGFU_CONFIG PATH
exec "$PREFIX/current/bin/bangfu" "\$@"
EOF
chmod 755 "$PREFIX/bin/bangfu"
sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@USER@|$OWNER|g" "$HERE/bangfu-backup.sh" > "$PREFIX/bin/bangfu-backup"
chmod 755 "$PREFIX/bin/bangfu-backup"
for template in "$HERE"/systemd/*.in; do
  sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@USER@|$OWNER|g" -e "s|@GROUP@|$GROUP|g" "$template" \
    > "$PREFIX/systemd/$(basename "$template" .in)"
done
cp "$HERE/安装说明.md" "$HERE/deploy.md" "$PREFIX/" 2>/dev/null || true

if [ ! -f "$PREFIX/bangfu.toml" ]; then
  mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
  auto=$(( mem_mb / 8 )); [ "$auto" -lt 512 ] && auto=512; [ "$auto" -gt 4096 ] && auto=4096
  cat > "$PREFIX/bangfu.toml" <<EOF
# bangfu 的设置（install.sh 第一次安装时写入，升级时保留；各项见 deploy.md 与 README 的“设置”）。
home = "$PREFIX/var"        # 数据库、日志、备份、首个管理员的登录信息都在这里

[neo4j]
bolt_port = 7687
heap = "${HEAP:-${auto}m}"           # Neo4j 的 JVM 堆（本机内存 ${mem_mb} MB）
pagecache = "${PAGECACHE:-${auto}m}"
EOF
elif [ -n "$HEAP$PAGECACHE" ]; then
  warn "已有 $PREFIX/bangfu.toml，--heap / --pagecache 未生效：请直接修改该文件的 [neo4j] 一节。"
fi
if [ ! -f "$PREFIX/bangfu.env" ] || [ -n "$HOST$PORT" ]; then
  old_host=127.0.0.1; old_port=8080
  if [ -f "$PREFIX/bangfu.env" ]; then
    old_host=$(sed -n 's/^BANGFU_WEB_HOST=//p' "$PREFIX/bangfu.env"); old_port=$(sed -n 's/^BANGFU_WEB_PORT=//p' "$PREFIX/bangfu.env")
  fi
  cat > "$PREFIX/bangfu.env" <<EOF
# 网页版的监听地址与端口（install.sh 写入；systemd 服务读取，改后 systemctl restart bangfu-web）
BANGFU_WEB_HOST=${HOST:-$old_host}
BANGFU_WEB_PORT=${PORT:-$old_port}
EOF
fi
WEB_HOST=$(sed -n 's/^BANGFU_WEB_HOST=//p' "$PREFIX/bangfu.env")
WEB_PORT=$(sed -n 's/^BANGFU_WEB_PORT=//p' "$PREFIX/bangfu.env")

# -- stop, back up, switch ----------------------------------------------------------------------------

WAS_RUNNING=0
WEB_WAS_ACTIVE=0
if [ "$UPGRADE" = 1 ]; then
  step "停止数据库并备份"
  if [ "$SERVICE" = 1 ] && [ -f "$UNIT_DIR/bangfu-neo4j.service" ]; then
    systemctl is-active --quiet bangfu-web.service && WEB_WAS_ACTIVE=1
    systemctl stop bangfu-web.service bangfu-neo4j.service
  elif bangfu db status >/dev/null 2>&1; then
    WAS_RUNNING=1
    bangfu db stop
  fi
  if [ -d "$PREFIX/var/neo4j/data/databases/neo4j" ]; then
    bangfu db backup "$PREFIX/var/backups/before-upgrade-$STAMP.tar.gz"
  else
    say "数据库还没有数据文件，无需备份。"
  fi
  if pgrep -f "$PREFIX/current/bin/bangfu serve" >/dev/null 2>&1; then
    warn "网页版（bangfu serve）仍在运行旧版本：升级完成后请停止并重新启动它。"
  fi
fi

rm -rf "$PREFIX/var/neo4j-dist.new"
cp -a "$HERE/neo4j-dist" "$PREFIX/var/neo4j-dist.new"
rm -rf "$PREFIX/var/neo4j-dist"
mv "$PREFIX/var/neo4j-dist.new" "$PREFIX/var/neo4j-dist"
ln -sfn "releases/$(basename "$RELEASE")" "$PREFIX/current.new"
mv -Tf "$PREFIX/current.new" "$PREFIX/current"
if [ "$SERVICE" = 1 ]; then
  chown -R "$OWNER:$GROUP" "$PREFIX/var"
  chmod 750 "$PREFIX/var"
fi

# -- start, migrate, first admin ----------------------------------------------------------------------

step "启动数据库、初始化（迁移）图模式"
if [ "$SERVICE" = 1 ]; then
  cp "$PREFIX"/systemd/bangfu-*.service "$PREFIX"/systemd/bangfu-*.timer "$UNIT_DIR/"
  systemctl daemon-reload
  systemctl enable --quiet bangfu-neo4j.service bangfu-web.service bangfu-backup.timer
  systemctl start bangfu-neo4j.service
else
  bangfu db start
fi
bangfu db init
bangfu user first-admin
if [ "$SERVICE" = 1 ]; then
  systemctl restart bangfu-web.service
  systemctl start bangfu-backup.timer
elif [ "$WAS_RUNNING" = 0 ]; then
  bangfu db stop >/dev/null
fi

# old releases: keep the one just installed and the one before it (to go back by hand)
current=$(readlink "$PREFIX/current")
ls -1dt "$PREFIX"/releases/*/ 2>/dev/null | tail -n +3 | while read -r old; do
  [ "releases/$(basename "$old")" = "$current" ] || rm -rf "$old"
done

# -- what to do now -----------------------------------------------------------------------------------

printf '\n== %s完成（用时 %d 秒）\n' "$([ "$UPGRADE" = 1 ] && echo 升级 || echo 安装)" "$(( $(date +%s) - BEGAN ))"
case "$WEB_HOST" in
  0.0.0.0|::) addresses=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v '^$' | grep -v ':' || true)
              url="http://${addresses%%$'\n'*}:$WEB_PORT/" ;;
  *) url="http://$WEB_HOST:$WEB_PORT/" ;;
esac
[ "$url" = "http://:$WEB_PORT/" ] && url="http://127.0.0.1:$WEB_PORT/"
say "网址：$url"
if [ -r "$PREFIX/var/first-admin.txt" ]; then
  say "首个管理员（也保存在 $PREFIX/var/first-admin.txt，登录后请改密码）："
  sed 's/^/  /' "$PREFIX/var/first-admin.txt"
fi
if [ "$SERVICE" = 1 ]; then
  say "服务：systemctl status bangfu-neo4j bangfu-web（开机自启，出错自动重启；每天 02:30 备份到 $PREFIX/var/backups/）"
  say "日志：journalctl -u bangfu-web；数据库日志在 $PREFIX/var/neo4j/logs/"
else
  say "启动：$PREFIX/bin/bangfu db start && $PREFIX/bin/bangfu serve --host $WEB_HOST --port $WEB_PORT"
  say "停止：Ctrl+C 停止网页版，然后 $PREFIX/bin/bangfu db stop"
fi
[ "$UPGRADE" = 1 ] && [ -f "$PREFIX/var/backups/before-upgrade-$STAMP.tar.gz" ] && \
  say "升级前的备份：$PREFIX/var/backups/before-upgrade-$STAMP.tar.gz"
say "加密密钥：$PREFIX/var/keys/pii.key（身份证号与电话以它加密，不在数据库备份里）。"
say "警告：丢失密钥即永久丢失这些号码。请立即备份并与数据库备份分开保管："
say "  $PREFIX/bin/bangfu keys backup /安全位置/bangfu-密钥.json"
say "命令行：$PREFIX/bin/bangfu --help（可把 $PREFIX/bin 加入 PATH）"
