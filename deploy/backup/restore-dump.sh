#!/usr/bin/env bash
# deploy/backup/restore-dump.sh: restores a dump.sh dump into a fresh, empty database.
#
#   deploy/backup/restore-dump.sh [--connection '<Npgsql connection string>'] [--create] <dump file>
#
# The target: --connection, else $Linktor__Postgres__ConnectionString, else libpq's PG* variables; its Database
# must not hold any table (restoring over a live Linktor would mix two histories; drop it or pick a new name).
# --create makes the database first (connecting to the server's `postgres` database) when it does not exist.
# The restore is one transaction (a failure leaves the database empty), owned by the connecting user
# (--no-owner: connect as the user Linktor will use), then ANALYZEd. Start Linktor on it with the same
# Linktor__Secrets__MasterKey (else the channels' credentials cannot be decrypted), Linktor__Auth__SigningKey and
# Linktor__Platform__AdminKey as before; it applies any newer migrations itself.
set -euo pipefail

# shellcheck source=deploy/backup/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"

bk_args --create -- "$@"
connection=$BK_CONNECTION dump=$BK_PATH
create=0
[[ $BK_FLAGS != *"--create "* ]] || create=1
[[ -f $dump && -r $dump ]] || bk_die "no readable dump at $dump"

bk_connect_from "$connection"
[[ -n ${PGDATABASE:-} ]] || bk_die "the connection names no Database to restore into"
[[ $PGDATABASE =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || bk_die "database name '$PGDATABASE': use letters, digits and _"
psql=$(bk_tool psql)
pg_restore=$(bk_tool pg_restore)
q() { "$psql" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

"$pg_restore" --list "$dump" >/dev/null || bk_die "$dump is not a pg_dump custom-format dump (pg_restore --list failed)"

exists=$(q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'") ||
  bk_die "cannot connect to $(bk_describe) (as ${PGUSER:-$USER})"
if [[ $exists != 1 ]]; then
  ((create)) || bk_die "database $PGDATABASE does not exist on $(bk_describe); pass --create to make it"
  q -d postgres -c "CREATE DATABASE \"$PGDATABASE\"" || bk_die "could not create database $PGDATABASE"
  bk_say "created database $PGDATABASE"
fi

tables=$(q -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") ||
  bk_die "cannot connect to $(bk_describe)"
((tables == 0)) ||
  bk_die "$(bk_describe) already holds $tables tables; restore into an empty database (dropdb it, or choose another Database)"

bk_say "restoring $dump into $(bk_describe)"
started=$SECONDS
"$pg_restore" --dbname="$PGDATABASE" --no-owner --no-privileges --single-transaction --exit-on-error "$dump" ||
  bk_die "pg_restore failed; nothing was restored (one transaction)"
q -c "ANALYZE" || bk_die "restored, but ANALYZE failed"

summary=$(q -F ' ' -c "SELECT (SELECT count(*) FROM tenants), (SELECT count(*) FROM messages), (SELECT count(*) FROM data_protection_keys), (SELECT max(version) FROM schema_migrations)") ||
  bk_die "restored, but it does not look like a Linktor database (no tenants, messages, data_protection_keys or schema_migrations)"
read -r tenants messages keys migration <<<"$summary"
bk_say "done in $((SECONDS - started))s: $tenants tenants, $messages messages, $keys Data Protection keys, migrations up to $migration"
((keys > 0)) || bk_say "warning: no Data Protection keys: channel credentials saved before the dump cannot be decrypted"
