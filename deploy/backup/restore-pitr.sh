#!/usr/bin/env bash
# deploy/backup/restore-pitr.sh: point-in-time restore from a base backup and the WAL archive.
#
#   deploy/backup/restore-pitr.sh --base <backup dir> --archive <wal archive dir> --pgdata <new data dir>
#                                 [--target-time '<timestamp with time zone>'] [--start [--port N] [--log FILE]]
#
# Copies the base backup (basebackup.sh) into <new data dir> (absent or empty), sets restore_command to copy segments
# from the archive, the recovery target (--target-time, e.g. '2026-12-04 02:10:00+00': every transaction committed
# by then and none after; without it, everything the archive holds) with recovery_target_action = 'promote', and
# creates recovery.signal (PostgreSQL 12+). --start then starts the server on it (as the `postgres` OS user when
# run as root; --port overrides the port of the copied configuration, --log defaults to <new data dir>.log) and
# waits until recovery has ended and the server has been promoted: it then takes writes on a new timeline.
# Without --start, start it yourself (pg_ctl -D <new data dir> start); recovery runs first.
# The restored server keeps the backed-up configuration, archive_command included: point that at a fresh
# folder when the old server still archives to the same one, and take a new base backup once it runs.
set -euo pipefail

# shellcheck source=deploy/backup/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"

base="" archive="" pgdata="" target="" start=0 port="" log=""
while (($#)); do
  (($# >= 2)) || [[ $1 == --start || $1 == -h || $1 == --help ]] || bk_usage
  case $1 in
  --base) base=$2 && shift 2 ;;
  --archive) archive=$2 && shift 2 ;;
  --pgdata) pgdata=$2 && shift 2 ;;
  --target-time) target=$2 && shift 2 ;;
  --port) port=$2 && shift 2 ;;
  --log) log=$2 && shift 2 ;;
  --start) start=1 && shift ;;
  *) bk_usage ;;
  esac
done
[[ -n $base && -n $archive && -n $pgdata ]] || bk_usage
[[ -f $base/PG_VERSION && -f $base/backup_label ]] ||
  bk_die "$base is not a base backup (no PG_VERSION and backup_label; basebackup.sh makes one)"
[[ -d $archive ]] || bk_die "no WAL archive folder at $archive"
bk_new_dir "$pgdata"
[[ -z $port || $port =~ ^[0-9]+$ ]] || bk_die "invalid port '$port'"
archive=$(cd -- "$archive" && pwd -P)
# Both end up inside single quotes in postgresql.auto.conf.
[[ $archive != *"'"* && $target != *"'"* ]] || bk_die "the archive path and target time may not contain a quote"
user=$(bk_pg_user)
if [[ -n $user ]] && ! runuser -u "$user" -- test -r "$archive" -a -x "$archive"; then
  bk_die "the server's OS user ($user) cannot read $archive"
fi

mkdir -p -- "$pgdata"
pgdata=$(cd -- "$pgdata" && pwd -P)
bk_say "laying down $base in $pgdata"
cp -a -- "$base/." "$pgdata/"
# A backup's own recovery settings (from an earlier restore) must not mix with these.
rm -f -- "$pgdata/standby.signal" "$pgdata/postmaster.pid" "$pgdata/postmaster.opts"
{
  printf '\n# Added by deploy/backup/restore-pitr.sh on %s: archive recovery (ignored once recovery.signal is gone).\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf "restore_command = 'cp \"%s/%%f\" \"%%p\"'\n" "$archive"
  if [[ -n $target ]]; then
    printf "recovery_target_time = '%s'\n" "$target"
    printf "recovery_target_inclusive = on\n"
  fi
  printf "recovery_target_action = 'promote'\n"
} >>"$pgdata/postgresql.auto.conf"
touch "$pgdata/recovery.signal"
chmod 700 "$pgdata"
if [[ -n $user ]]; then chown -R "$user:" "$pgdata"; fi
bk_say "recovery configured: restore_command from $archive, target ${target:-the end of the archive}"

((start)) || {
  bk_say "start the server on $pgdata to run the recovery (pg_ctl -D $pgdata -l $pgdata.log start)"
  exit 0
}

pg_ctl=$(bk_server_tool pg_ctl)
pg_controldata=$(bk_server_tool pg_controldata)
log=${log:-$pgdata.log}
touch "$log"
if [[ -n $user ]]; then chown "$user:" "$log"; fi
opts=()
[[ -z $port ]] || opts=(-o "-p $port")
bk_say "starting PostgreSQL on $pgdata (log: $log)"
# pg_ctl waits until the server accepts connections (a hot standby does once it is consistent) or a minute has
# passed; a long recovery may still be running then, which the wait below watches.
if ! bk_as_pg "$pg_ctl" -D "$pgdata" -l "$log" "${opts[@]}" -w -t 60 start >/dev/null; then
  if ! bk_as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    tail -n 20 "$log" >&2 || true
    bk_die "PostgreSQL did not start (log: $log)"
  fi
fi

# Recovery ends with the promotion: recovery.signal goes and the control file says "in production".
deadline=$((SECONDS + ${LINKTOR_RESTORE_TIMEOUT:-3600}))
until [[ ! -e $pgdata/recovery.signal ]] &&
  bk_as_pg "$pg_controldata" -D "$pgdata" 2>/dev/null | grep -Eq '^Database cluster state: +in production'; do
  if ! bk_as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    tail -n 20 "$log" >&2 || true
    bk_die "PostgreSQL stopped during recovery (log: $log); a target time before the base backup ended, or after the last archived segment, cannot be reached"
  fi
  ((SECONDS < deadline)) || bk_die "recovery still running after ${LINKTOR_RESTORE_TIMEOUT:-3600}s (log: $log)"
  sleep 0.5
done
summary=$(grep -E 'recovery stopping|last completed transaction|archive recovery complete|selected new timeline' "$log" |
  tail -n 3 | sed -E 's/^.* (LOG|INFO): +//' | paste -sd ';' - || true)
bk_say "recovery done, the server takes writes${summary:+ ($summary)}"
