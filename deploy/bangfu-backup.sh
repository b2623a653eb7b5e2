#!/bin/sh
# 帮扶图谱 bangfu 的定时整库备份（install.sh 安装为 @PREFIX@/bin/bangfu-backup；说明见 deploy.md）。
#
# 用 bangfu db backup 备份到 @PREFIX@/var/backups/bangfu-日期-时间.tar.gz，只保留最近 KEEP 份（默认 14）。
# systemd 服务方式：由 bangfu-backup.timer 每天运行。没有 systemd 时写进 root 或安装用户的 crontab：
#   30 2 * * *  @PREFIX@/bin/bangfu-backup
# Neo4j 社区版不能在线备份：备份期间数据库停止（几秒到几分钟），网页版暂时查不了数据。
set -eu
PREFIX="@PREFIX@"
OWNER="@USER@"
KEEP="${KEEP:-14}"
DIR="$PREFIX/var/backups"
FILE="$DIR/bangfu-$(date +%Y%m%d-%H%M%S).tar.gz"
UNIT=bangfu-neo4j.service

as_owner() {
  if [ "$(id -u)" = 0 ] && [ "$OWNER" != root ]; then
    runuser -u "$OWNER" -- "$@"
  else
    "$@"
  fi
}

cd "$PREFIX"
if [ "$(id -u)" = 0 ] && [ -d /run/systemd/system ] && systemctl is-active --quiet "$UNIT"; then
  # the database belongs to systemd: systemd stops and starts it, so it stays supervised
  # the audit log's head, written outside the database while it still runs (docs/backup.md)
  as_owner "$PREFIX/bin/bangfu" audit anchor --backup "$FILE" || echo "注意：未能记下审计日志链头。" >&2
  systemctl stop "$UNIT"
  trap 'systemctl start "$UNIT"' EXIT
  as_owner "$PREFIX/bin/bangfu" db backup "$FILE"
else
  # bangfu stops a running local server for the copy and starts it again by itself
  as_owner "$PREFIX/bin/bangfu" db backup "$FILE"
fi

# keep the newest KEEP archives (names sort by time)
ls -1 "$DIR"/bangfu-*.tar.gz 2>/dev/null | sort -r | tail -n +"$((KEEP + 1))" | while read -r old; do
  rm -f "$old" "$old.sha256" "$old.audit"
done
