#!/usr/bin/env bash
# shellcheck disable=SC2317  # on_signal and cleanup run from traps
# run.sh: run Linktor on this machine.
#
# Installs PostgreSQL and Redis when missing (apt-get), starts private instances of both with their
# data under .linktor/, builds the solution and runs the API in the foreground. Ctrl-C (or SIGTERM)
# stops the app, then Redis and PostgreSQL; the next ./run.sh finds all data where it was.
#
#   .linktor/pg/           PostgreSQL cluster (pg.log, pg.password beside it; a symlink into
#                          /var/lib/linktor/ when run as root from a directory `postgres` cannot enter)
#   .linktor/redis/        Redis data, redis.log
#   .linktor/secrets.env   generated on first run (mode 600): platform admin key, signing key,
#                          demo admin password. A variable already set in the environment wins.
#
# Environment overrides:
#   LINKTOR_URLS       listen URLs (default http://localhost:5080), passed as ASPNETCORE_URLS
#   LINKTOR_SOLUTION   solution to build (default Linktor.Orleans.sln)
#   LINKTOR_APP_CMD    command line that replaces the app launch (run as `exec $LINKTOR_APP_CMD` by
#                      bash, with the app's environment); e.g. LINKTOR_APP_CMD='sleep 1000' checks the
#                      provisioning without the app, and tests can start something of their own.
#   LINKTOR_SKIP_BUILD=1  do not build (use what is in bin/Release)
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
cd "$ROOT"
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

STATE=$ROOT/.linktor
SECRETS=$STATE/secrets.env
SOLUTION=${LINKTOR_SOLUTION:-Linktor.Orleans.sln}
CLIENT_APP=$ROOT/api/Linktor.Api/ClientApp
# One process: the API with the silo co-hosted (api/Linktor.SingleNode).
APP_DLL=$ROOT/api/Linktor.SingleNode/bin/Release/net10.0/Linktor.SingleNode.dll

say() { printf '[linktor] %s\n' "$*" >&2; }

# --- signals and cleanup ----------------------------------------------------------------------
app_pid=
signalled=0
on_signal() {
  local again=$signalled
  signalled=$1
  if [[ -n $app_pid ]] && _lk_pid_alive "$app_pid"; then
    if ((again)); then
      say "second signal: killing Linktor"
      kill -KILL "$app_pid" 2>/dev/null || true
    else
      say "stopping Linktor (Ctrl-C again to kill it)..."
      # SIGTERM, whatever the signal was: the host shuts down gracefully on it, and a background
      # child of a script ignores SIGINT.
      kill -TERM "$app_pid" 2>/dev/null || true
    fi
  else
    exit "$signalled"
  fi
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

cleanup() {
  local rc=$?
  trap - INT TERM HUP
  if [[ -n $app_pid ]] && _lk_pid_alive "$app_pid"; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  linktor_redis_stop "$STATE/redis" || true
  linktor_pg_stop "$STATE/pg" || true
  if ((rc == 0)); then say "stopped; data kept in ${STATE}"; fi
  exit "$rc"
}
trap cleanup EXIT

# --- secrets ----------------------------------------------------------------------------------
# The value for a secret key when secrets.env lacks it: the environment's, else a random one.
new_secret() {
  case $1 in
  Linktor__Platform__AdminKey) printf '%s\n' "${Linktor__Platform__AdminKey:-lkp_$(linktor_random 40)}" ;;
  Linktor__Auth__SigningKey) printf '%s\n' "${Linktor__Auth__SigningKey:-$(linktor_random 64)}" ;;
  Linktor__Seed__AdminPassword) printf '%s\n' "${Linktor__Seed__AdminPassword:-$(linktor_random 16)}" ;;
  Linktor__Secrets__MasterKey) printf '%s\n' "${Linktor__Secrets__MasterKey:-$(head -c 32 /dev/urandom | base64 -w0)}" ;;
  esac
}

ensure_secrets() {
  local key value
  (umask 077 && touch "$SECRETS")
  chmod 600 "$SECRETS"
  for key in Linktor__Platform__AdminKey Linktor__Auth__SigningKey Linktor__Seed__AdminPassword Linktor__Secrets__MasterKey; do
    if ! grep -q "^$key=" "$SECRETS"; then
      value=$(new_secret "$key")
      printf '%s=%s\n' "$key" "$value" >>"$SECRETS"
    fi
  done
  # Export KEY=VALUE lines (not sourced: values are taken literally); the environment wins.
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    if [[ -z ${!key:-} ]]; then export "$key=$value"; fi
  done <"$SECRETS"
}

# --- provision --------------------------------------------------------------------------------
mkdir -p "$STATE"
linktor_ensure_packages
linktor_pg_start "$STATE/pg"
linktor_pg_createdb linktor
linktor_redis_start "$STATE/redis"
ensure_secrets

# --- build ------------------------------------------------------------------------------------
if [[ ${LINKTOR_SKIP_BUILD:-} != 1 ]]; then
  if [[ -f $CLIENT_APP/package.json ]]; then
    say "building the front end (${CLIENT_APP#"$ROOT"/})..."
    linktor_npm_install "$CLIENT_APP"
    (cd "$CLIENT_APP" && npm run build)
  fi
  say "building $SOLUTION (Release)..."
  if ! dotnet build "$SOLUTION" -c Release -v q -nologo; then
    say "error: build failed"
    exit 1
  fi
fi

# --- run --------------------------------------------------------------------------------------
export ASPNETCORE_URLS=${LINKTOR_URLS:-http://localhost:5080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
# Production writes JSON log lines (for a collector); on a terminal, text reads better.
export Logging__Console__FormatterName=${Logging__Console__FormatterName:-simple}
Linktor__Postgres__ConnectionString=$(linktor_pg_connstr linktor)
Linktor__Redis__ConnectionString=$(linktor_redis_connstr)
export Linktor__Postgres__ConnectionString Linktor__Redis__ConnectionString
export Linktor__Hosting__Mode=SingleNode
export Linktor__Seed__Demo=true
export Linktor__Media__Path=${Linktor__Media__Path:-$STATE/media}

if [[ -n ${LINKTOR_APP_CMD:-} ]]; then
  app_cmd=(bash -c "exec $LINKTOR_APP_CMD")
else
  [[ -f $APP_DLL ]] || {
    say "error: $APP_DLL not found (did the build produce it?)"
    exit 1
  }
  app_cmd=(dotnet "$APP_DLL")
fi

rel_state=${STATE#"$ROOT"/}
cat <<EOF

  Linktor
  ───────────────────────────────────────────────────────────────
  URL                  ${ASPNETCORE_URLS}
  Demo login           admin@demo.local / ${Linktor__Seed__AdminPassword}
  Platform admin key   ${Linktor__Platform__AdminKey}
  Data                 ${STATE}
                         PostgreSQL 127.0.0.1:${LINKTOR_PG_PORT} (database linktor; data ${LINKTOR_PG_DATADIR}, log ${LINKTOR_PG_LOG})
                         Redis      127.0.0.1:${LINKTOR_REDIS_PORT} (log ${LINKTOR_REDIS_LOG})
  Secrets              ${rel_state}/secrets.env
  Stop                 Ctrl-C (data is kept)
  ───────────────────────────────────────────────────────────────

EOF

# In the background so that signals reach our handler at once; stdin stays the terminal's.
"${app_cmd[@]}" <&0 &
app_pid=$!
app_rc=0
while :; do
  wait "$app_pid" && app_rc=0 || app_rc=$?
  if ! _lk_pid_alive "$app_pid"; then break; fi
done
app_pid=
if ((signalled)); then
  exit 0 # stopped on request
fi
if ((app_rc != 0)); then say "Linktor exited with code $app_rc"; fi
exit "$app_rc"
