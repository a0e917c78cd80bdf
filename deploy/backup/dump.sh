#!/usr/bin/env bash
# deploy/backup/dump.sh: a logical dump of a Linktor database (pg_dump's custom format, every table).
#
#   deploy/backup/dump.sh [--connection '<Npgsql connection string>'] <dump file>
#
# The database: --connection (the string Linktor uses), else $Linktor__Postgres__ConnectionString, else libpq's
# PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE. The dump is a consistent snapshot taken while Linktor runs; it holds
# every table: messages and conversations, the Orleans tables (grain state, reminders), schema_migrations, and
# data_protection_keys, the key ring that makes the channels' encrypted credentials readable (it is itself
# encrypted with Linktor:Secrets:MasterKey, which is not in the database: keep it with your secrets).
# Writes <dump file> (mode 600; it holds every tenant's data) via a temporary file, so a failed dump
# leaves no half file behind, then lists it to check that it reads back. Restore it with restore-dump.sh.
set -euo pipefail

# shellcheck source=deploy/backup/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"

bk_args -- "$@"
connection=$BK_CONNECTION out=$BK_PATH
[[ ! -e $out ]] || bk_die "$out exists; give a new file name (a dump never overwrites another)"

bk_connect_from "$connection"
pg_dump=$(bk_tool pg_dump)
pg_restore=$(bk_tool pg_restore)
mkdir -p -- "$(dirname -- "$out")"
tmp=$out.partial
trap 'rm -f -- "$tmp"' EXIT

bk_say "dumping $(bk_describe) to $out ($("$pg_dump" --version))"
started=$SECONDS
# --no-owner/--no-privileges are left to the restore; the dump keeps everything. Large objects are not used.
(umask 077 && "$pg_dump" --format=custom --compress=6 --file="$tmp") ||
  bk_die "pg_dump failed (nothing written to $out)"

# Read it back: a dump that cannot be listed cannot be restored.
listing=$("$pg_restore" --list "$tmp") || bk_die "the dump does not read back (pg_restore --list failed)"
tables=$(grep -c ' TABLE DATA ' <<<"$listing" || true)
for required in schema_migrations data_protection_keys messages OrleansQuery OrleansStorage OrleansRemindersTable; do
  grep -Eiq " TABLE DATA [^ ]+ \"?$required\"? " <<<"$listing" ||
    bk_die "the dump has no data for table $required: is $(bk_describe) a Linktor database (started once, so that its migrations ran)?"
done
mv -- "$tmp" "$out"
trap - EXIT
bk_say "done in $((SECONDS - started))s: $out, $(du -h -- "$out" | cut -f1), $tables tables with data"
bk_say "keep with it (not in the dump): Linktor__Secrets__MasterKey, Linktor__Auth__SigningKey, Linktor__Platform__AdminKey, and the media store"
