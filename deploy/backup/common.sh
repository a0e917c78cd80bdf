# shellcheck shell=bash
# deploy/backup/common.sh: what the backup and restore scripts share (sourced, not run).
#
#   bk_say / bk_die                     "[backup]" messages on stderr; bk_die exits 1
#   bk_tool <name>                      print the path of a PostgreSQL client tool (pg_dump, pg_restore, psql, ...)
#   bk_connect <npgsql connection string>
#                                       export libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE from
#                                       the string Linktor itself uses (Linktor__Postgres__ConnectionString)
#   bk_server_tool <name>               print the path of a server-side tool (pg_ctl, pg_controldata, postgres)
#   bk_as_pg <command...>               run a command as the PostgreSQL OS user (root: `postgres`; else yourself)
#   bk_usage                            print the calling script's usage (its header's first two paragraphs), exit 2
#   bk_args [--flag...] -- "$@"         parse [-c|--connection S] [the flags named] <one path>: sets BK_CONNECTION,
#                                       BK_PATH and BK_FLAGS (the flags given, each followed by a space)
#   bk_new_dir <dir>                    die unless <dir> is absent or an empty folder
#
# Tools are found in $LINKTOR_PG_BIN, else on PATH, else in the newest /usr/lib/postgresql/<version>/bin
# (deploy/local/lib.sh's linktor_pg_bindir). pg_dump must be at least the server's major version.

BK_ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)
# shellcheck source=deploy/local/lib.sh
source "$BK_ROOT/deploy/local/lib.sh"

bk_say() { printf '[backup] %s\n' "$*" >&2; }
bk_die() {
  bk_say "error: $*"
  exit 1
}

bk_usage() {
  awk 'NR == 1 { next } !/^#/ || (/^#$/ && ++blank == 2) { exit } { sub(/^# ?/, ""); print }' "$0" >&2
  exit 2
}

bk_args() {
  local -a allowed=()
  while (($#)) && [[ $1 != -- ]]; do
    allowed+=("$1")
    shift
  done
  (($#)) || bk_usage
  shift
  BK_CONNECTION="" BK_PATH="" BK_FLAGS=""
  while (($#)); do
    case $1 in
    -c | --connection)
      (($# >= 2)) || bk_usage
      BK_CONNECTION=$2
      shift 2
      ;;
    -*)
      [[ " ${allowed[*]} " == *" $1 "* ]] || bk_usage
      BK_FLAGS+="$1 "
      shift
      ;;
    *)
      [[ -z $BK_PATH ]] || bk_usage
      BK_PATH=$1
      shift
      ;;
    esac
  done
  [[ -n $BK_PATH ]] || bk_usage
}

bk_new_dir() {
  if [[ -e $1 ]]; then
    [[ -d $1 && -z $(ls -A -- "$1") ]] || bk_die "$1 exists and is not empty; give a new folder"
  fi
}

bk_tool() {
  local name=$1 dir
  if [[ -n ${LINKTOR_PG_BIN:-} && -x $LINKTOR_PG_BIN/$name ]]; then
    printf '%s\n' "$LINKTOR_PG_BIN/$name"
  elif command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
  elif dir=$(linktor_pg_bindir 2>/dev/null) && [[ -x $dir/$name ]]; then
    printf '%s\n' "$dir/$name"
  else
    bk_die "$name not found: install the PostgreSQL client tools (Debian: postgresql-client-15 or newer) or set LINKTOR_PG_BIN"
  fi
}

# Server binaries are not on PATH on Debian (only the wrappers of the client tools are).
bk_server_tool() {
  local name=$1 dir
  if [[ -n ${LINKTOR_PG_BIN:-} && -x $LINKTOR_PG_BIN/$name ]]; then
    printf '%s\n' "$LINKTOR_PG_BIN/$name"
  elif dir=$(linktor_pg_bindir 2>/dev/null) && [[ -x $dir/$name ]]; then
    printf '%s\n' "$dir/$name"
  elif command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
  else
    bk_die "$name not found: install the PostgreSQL server (Debian: postgresql-15 or newer) or set LINKTOR_PG_BIN"
  fi
}

# initdb, pg_ctl and postgres refuse to run as root; as root they run as the `postgres` OS user, which must also own
# the data directory.
bk_pg_user() {
  if ((EUID == 0)); then
    id -u postgres >/dev/null 2>&1 || bk_die "running as root, but there is no 'postgres' OS user to run PostgreSQL as"
    printf 'postgres\n'
  fi
}

bk_as_pg() {
  local user
  user=$(bk_pg_user)
  if [[ -n $user ]]; then
    (cd / && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}

# Npgsql's keys (case and spaces ignored) to libpq's environment. Values may not contain ';'.
bk_connect() {
  local connection=$1 part key value
  local -a parts
  IFS=';' read -r -a parts <<<"$connection"
  for part in "${parts[@]}"; do
    [[ $part == *=* ]] || continue
    key=${part%%=*}
    value=${part#*=}
    key=$(printf '%s' "$key" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
    value=$(printf '%s' "$value" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//')
    case $key in
    host | server) export PGHOST=$value ;;
    port) export PGPORT=$value ;;
    username | user | userid | uid) export PGUSER=$value ;;
    password | pwd) export PGPASSWORD=$value ;;
    database | db) export PGDATABASE=$value ;;
    sslmode) export PGSSLMODE=$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]') ;;
    *) ;; # pool sizes, timeouts and the like mean nothing to the tools
    esac
  done
  [[ -n ${PGHOST:-} ]] || bk_die "the connection string names no Host"
}

# The connection to use: --connection, else Linktor__Postgres__ConnectionString, else libpq's own PG* variables.
bk_connect_from() {
  local connection=$1
  if [[ -z $connection && -n ${Linktor__Postgres__ConnectionString:-} ]]; then
    connection=$Linktor__Postgres__ConnectionString
  fi
  if [[ -n $connection ]]; then
    bk_connect "$connection"
  elif [[ -z ${PGHOST:-} && -z ${PGSERVICE:-} ]]; then
    bk_die "no database given: pass --connection 'Host=...;Port=...;Username=...;Password=...;Database=...', or set Linktor__Postgres__ConnectionString or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE"
  fi
}

# Where a backup goes to or comes from, as "host:port/database" (never the password).
bk_describe() { printf '%s:%s/%s' "${PGHOST:-localhost}" "${PGPORT:-5432}" "${PGDATABASE:-${PGUSER:-postgres}}"; }
