#!/usr/bin/env bash
# deploy/backup/basebackup.sh: a base backup of a running PostgreSQL (pg_basebackup), for point-in-time restore.
#
#   deploy/backup/basebackup.sh [--connection '<Npgsql connection string>'] <backup dir>
#
# The server: --connection (the string Linktor uses; its user needs the REPLICATION attribute, as a superuser has,
# and pg_hba.conf must allow it a `replication` connection), else $Linktor__Postgres__ConnectionString, else libpq's
# PG* variables. The server must archive its WAL (wal-archiving.conf): the backup plus every archived segment from its
# start on is what restore-pitr.sh restores to any moment after the backup ended.
# Writes <backup dir> (new or empty): the whole cluster (every database) as plain files, with the WAL that makes it
# consistent on its own (-X stream), checked with pg_verifybackup. The server keeps running and serving.
set -euo pipefail

# shellcheck source=deploy/backup/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"

bk_args -- "$@"
connection=$BK_CONNECTION dir=$BK_PATH
bk_new_dir "$dir"

bk_connect_from "$connection"
psql=$(bk_tool psql)
pg_basebackup=$(bk_tool pg_basebackup)
pg_verifybackup=$(bk_tool pg_verifybackup)

# Without archiving, the backup restores only to the moment it ended: say so before spending the time.
archiving=$("$psql" -X -q -tA -d "${PGDATABASE:-postgres}" -c "SELECT current_setting('archive_mode')") ||
  bk_die "cannot connect to $(bk_describe)"
if [[ $archiving == off ]]; then
  bk_say "warning: archive_mode is off on $(bk_describe): this backup restores only to the moment it ends (see deploy/backup/wal-archiving.conf)"
fi

label="linktor $(date -u +%Y-%m-%dT%H:%M:%SZ)"
bk_say "base backup of $(bk_describe) to $dir ($("$pg_basebackup" --version))"
started=$SECONDS
mkdir -p -- "$dir"
chmod 700 -- "$dir"
# fast checkpoint: start now rather than at the next scheduled checkpoint.
if ! "$pg_basebackup" --pgdata="$dir" --format=plain --wal-method=stream --checkpoint=fast --label="$label" --no-password; then
  rm -rf -- "${dir:?}"/* 2>/dev/null || true
  bk_die "pg_basebackup failed (nothing kept in $dir)"
fi
"$pg_verifybackup" --quiet "$dir" || bk_die "pg_verifybackup found $dir incomplete or damaged; take another"

start_wal=$(sed -nE 's/^START WAL LOCATION: .*\(file ([0-9A-F]+)\).*/\1/p' "$dir/backup_label")
start_time=$(sed -nE 's/^START TIME: (.*)$/\1/p' "$dir/backup_label")
bk_say "done in $((SECONDS - started))s: $dir, $(du -sh -- "$dir" | cut -f1), started $start_time at WAL segment $start_wal"
bk_say "restore-pitr.sh needs this backup and the archived WAL from $start_wal on; older segments serve only older backups"
