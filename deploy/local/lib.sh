# shellcheck shell=bash
# deploy/local/lib.sh: private PostgreSQL and Redis instances for run.sh and test.sh.
#
# Source it from bash; it is safe under `set -euo pipefail` and changes no shell options.
# Every function reports failure by returning non-zero (never `exit`), and logs to stderr
# with a "[linktor]" prefix; stdout carries only values meant to be captured.
#
#   linktor_ensure_packages                 install PostgreSQL (>= 15) and redis-server when missing
#   linktor_free_port                       print a free TCP port on 127.0.0.1 (unique in a run: LINKTOR_PORT_REGISTRY)
#   linktor_pg_start <datadir> [port]       initdb on first use, start, wait until ready
#   linktor_pg_stop <datadir>               stop (no-op when not running)
#   linktor_pg_destroy <datadir>            stop and delete all of the instance's files
#   linktor_pg_createdb <name>              create a database on the last started instance
#   linktor_pg_connstr [database]           print an Npgsql connection string for it
#   linktor_redis_start <datadir> [port]    start a daemonized redis-server, wait for PONG
#   linktor_redis_stop <datadir>            stop (no-op when not running)
#   linktor_redis_connstr                   print a StackExchange.Redis connection string
#
# Without a port, start reuses the instance's previous port when it is free, else picks one.
# Starting an instance that already runs is a no-op that still exports its details.
#
# After linktor_pg_start these are exported:
#   LINKTOR_PG_HOST (127.0.0.1)  LINKTOR_PG_PORT  LINKTOR_PG_USER (postgres)  LINKTOR_PG_PASSWORD
#   LINKTOR_PG_DATADIR (the real PGDATA, symlinks resolved)  LINKTOR_PG_LOG  LINKTOR_PG_SOCKDIR
#   LINKTOR_PG_BIN (dir of pg_ctl)  LINKTOR_PG_RUNAS (OS user that must run pg_ctl; empty = current)
# After linktor_redis_start:
#   LINKTOR_REDIS_HOST  LINKTOR_REDIS_PORT  LINKTOR_REDIS_PASSWORD  LINKTOR_REDIS_DATADIR  LINKTOR_REDIS_LOG
#
# PostgreSQL layout for a datadir D (the PGDATA itself):
#   D/                  cluster; D/linktor.conf (port, addresses, tuning) is rewritten on each start
#                       and included from postgresql.conf, so a bare `pg_ctl -D D start` works too
#   D.password          superuser password (mode 600)
#   D.log               server log (pg_ctl -l)
#   D.sock/             private Unix socket directory (mode 700)
# initdb/pg_ctl refuse to run as root, so as root they run as the `postgres` OS user. When that user
# cannot reach D's parent (a clone under /root, say), the cluster lives in
# /var/lib/linktor/<hash of D's absolute path>/pg instead and D becomes a symlink to it.
#
# Redis layout for a datadir D: D/redis.conf (mode 600, holds requirepass), D/password (mode 600),
# D/port, D/redis.pid, D/redis.log, D/appendonlydir/, D/dump.rdb.
#
# Tunables (environment): LINKTOR_PG_BIN (force a PostgreSQL bin dir), LINKTOR_START_TIMEOUT
# (seconds to wait for readiness, default 60), LINKTOR_STOP_TIMEOUT (default 60), LINKTOR_PORT_REGISTRY
# (a file recording the ports handed out in this run, so none is handed out twice; see Ports below).

_lk_log() { printf '[linktor] %s\n' "$*" >&2; }
_lk_err() { printf '[linktor] error: %s\n' "$*" >&2; return 1; }

# True when PID is alive (a zombie left for an init that does not reap counts as dead).
_lk_pid_alive() {
  local pid=$1 state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/stat ]]; then
    state=$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$pid/stat" 2>/dev/null || true)
    [[ $state != Z ]] || return 1
  fi
  return 0
}

# Absolute path of $1 without resolving its last component; creates the parent directory.
_lk_abspath() {
  local dir base
  dir=$(dirname -- "$1") base=$(basename -- "$1")
  mkdir -p -- "$dir" || return 1
  dir=$(cd -- "$dir" && pwd -P) || return 1
  printf '%s/%s\n' "${dir%/}" "$base"
}

_lk_hash() { printf '%s' "$1" | sha256sum | cut -c1-16; }

# linktor_random N: N random characters from the URL-safe alphabet [A-Za-z0-9_-].
linktor_random() {
  local n=${1:-32} out="" chunk
  while ((${#out} < n)); do
    # head reads a fixed amount and tr consumes all of it: no SIGPIPE under pipefail.
    chunk=$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9_-') || return 1
    out+=$chunk
  done
  printf '%s\n' "${out:0:n}"
}

# ---------------------------------------------------------------------------------------------
# Packages

# Print the bin directory of the newest installed PostgreSQL server >= 15.
linktor_pg_bindir() {
  if [[ -n ${LINKTOR_PG_BIN:-} ]]; then
    [[ -x $LINKTOR_PG_BIN/pg_ctl && -x $LINKTOR_PG_BIN/postgres ]] || return 1
    printf '%s\n' "$LINKTOR_PG_BIN"
    return 0
  fi
  local d v best="" bestv=0
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/postgres && -x $d/pg_ctl && -x $d/initdb && -x $d/psql && -x $d/pg_isready ]] || continue
    v=${d#/usr/lib/postgresql/}
    v=${v%%/*}
    v=${v%%.*}
    [[ $v =~ ^[0-9]+$ ]] || continue
    if ((v >= 15 && v > bestv)); then
      best=$d bestv=$v
    fi
  done
  [[ -n $best ]] || return 1
  printf '%s\n' "$best"
}

_lk_have_redis() { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; }

linktor_ensure_packages() {
  local -a missing=() sudo=()
  linktor_pg_bindir >/dev/null 2>&1 || missing+=(postgresql)
  _lk_have_redis || missing+=(redis-server)
  ((${#missing[@]} > 0)) || return 0

  local hint="install them yourself, e.g.: sudo apt-get install --no-install-recommends ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    _lk_err "missing ${missing[*]} (need PostgreSQL >= 15 server binaries and redis-server) and apt-get is not available; $hint"
    return 1
  fi
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      _lk_err "missing ${missing[*]}, not root and no sudo; $hint"
      return 1
    fi
  fi

  _lk_log "installing ${missing[*]} with apt-get (one time)..."
  export DEBIAN_FRONTEND=noninteractive
  local t0=$SECONDS rc=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || rc=$?
  if ((rc == 0)); then
    # Debian's postinst may create and (where services run) start a system cluster/server on the
    # default ports; we never use those.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" || rc=$?
  fi
  if ! linktor_pg_bindir >/dev/null 2>&1 || ! _lk_have_redis; then
    _lk_err "apt-get could not install ${missing[*]} (exit $rc); $hint"
    return 1
  fi
  ((rc == 0)) || _lk_log "warning: apt-get exited $rc, but the binaries are now present; continuing"
  _lk_log "installed ${missing[*]} in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------------------------------------
# Ports

# True when something on this host already uses TCP port $1 (any state, any address).
linktor_port_in_use() {
  local port=$1 hex
  hex=$(printf '%04X' "$port")
  if [[ -r /proc/net/tcp ]] &&
    awk -v h=":$hex" 'FNR > 1 && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }' \
      /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
    return 0
  fi
  # Fallback probe: a listener answers a connect.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    return 0
  fi
  return 1
}

# A port handed out but not bound yet looks free to linktor_port_in_use, so a later pick in the same run
# could hand it out again (cluster.sh once gave api-2, as its HTTP port, the silo port it had just given
# silo-3, which had not bound it yet). When LINKTOR_PORT_REGISTRY names a file (in an existing directory),
# every port handed out (linktor_free_port, and the start functions' ports) is recorded there and not handed
# out again while it is listed: set it to a fresh file once per run (cluster.sh does, for each `start`).
# One run hands out its ports one at a time; runs that pick at the same time need registries of their own.

# True when port $1 is listed in the registry (read with builtins: no process per check).
_lk_port_listed() {
  local reg=${LINKTOR_PORT_REGISTRY:-} all=""
  [[ -n $reg && -f $reg ]] || return 1
  IFS= read -r -d '' all <"$reg" || true
  [[ $'\n'$all == *$'\n'"$1"$'\n'* ]]
}

# Records port $1 in the registry (when there is one and it is not listed yet).
_lk_record_port() {
  local reg=${LINKTOR_PORT_REGISTRY:-}
  [[ -n $reg ]] || return 0
  _lk_port_listed "$1" && return 0
  printf '%s\n' "$1" >>"$reg" || _lk_err "cannot record port $1 in LINKTOR_PORT_REGISTRY ($reg)"
}

# Print a random free port in 20000-60000, avoiding the kernel's ephemeral range where possible
# (an outgoing connection could otherwise take the port between a stop and a restart), and not one
# handed out before in this run (LINKTOR_PORT_REGISTRY).
linktor_free_port() {
  local lo=20000 hi=60000 elo=0 ehi=0 span r p i
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r elo ehi </proc/sys/net/ipv4/ip_local_port_range || true
    if ((elo > lo + 1000 && elo <= hi)); then
      hi=$((elo - 1))
    elif ((ehi >= lo && ehi < hi - 1000 && elo <= lo)); then
      lo=$((ehi + 1))
    fi
  fi
  span=$((hi - lo + 1))
  for ((i = 0; i < 500; i++)); do
    r=$(((${SRANDOM:-0} + (RANDOM << 15) + RANDOM + BASHPID) % span))
    p=$((lo + r))
    if ! _lk_port_listed "$p" && ! linktor_port_in_use "$p"; then
      _lk_record_port "$p" || return 1
      printf '%s\n' "$p"
      return 0
    fi
  done
  _lk_err "no free TCP port found in $lo-$hi"
}

# Port to start on: the requested one, else the previous one when free (and not handed out in this
# run), else a fresh one.
_lk_pick_port() {
  local want=$1 prev=$2
  if [[ -n $want ]]; then
    if ! [[ $want =~ ^[0-9]+$ ]] || ((want < 1 || want > 65535)); then
      _lk_err "invalid port '$want'"
      return 1
    fi
    if linktor_port_in_use "$want"; then
      _lk_err "port $want is already in use"
      return 1
    fi
    # Often one linktor_free_port just handed out (and recorded): taking it is the point.
    _lk_record_port "$want" || return 1
    printf '%s\n' "$want"
  elif [[ $prev =~ ^[0-9]+$ ]] && ! _lk_port_listed "$prev" && ! linktor_port_in_use "$prev"; then
    _lk_record_port "$prev" || return 1
    printf '%s\n' "$prev"
  else
    linktor_free_port
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# Sets LINKTOR_PG_BIN and LINKTOR_PG_RUNAS.
_lk_pg_env() {
  local bin
  bin=$(linktor_pg_bindir) || {
    _lk_err "no PostgreSQL >= 15 server found under /usr/lib/postgresql (run linktor_ensure_packages)"
    return 1
  }
  LINKTOR_PG_BIN=$bin
  if ((EUID == 0)); then
    LINKTOR_PG_RUNAS=postgres
    id -u postgres >/dev/null 2>&1 || {
      _lk_err "running as root, but there is no 'postgres' OS user to run PostgreSQL as"
      return 1
    }
    command -v runuser >/dev/null 2>&1 || {
      _lk_err "running as root, but runuser (util-linux) is missing"
      return 1
    }
  else
    LINKTOR_PG_RUNAS=
  fi
  export LINKTOR_PG_BIN LINKTOR_PG_RUNAS
}

# Run a command as the PostgreSQL OS user (from /, which that user can always enter).
_lk_as_pg() {
  if [[ -n ${LINKTOR_PG_RUNAS:-} ]]; then
    (cd / && runuser -u "$LINKTOR_PG_RUNAS" -- "$@")
  else
    "$@"
  fi
}

_lk_chown_pg() {
  if [[ -n ${LINKTOR_PG_RUNAS:-} ]]; then chown "$LINKTOR_PG_RUNAS:" "$@"; fi
}

# _lk_pg_resolve <datadir> [create]: set _LK_PGDATA to the real PGDATA path.
# Without "create", returns 1 when there is no instance at <datadir>.
_lk_pg_resolve() {
  local d=$1 mode=${2:-} abs parent base
  _LK_PGDATA=
  if [[ -L $d ]]; then
    _LK_PGDATA=$(readlink -m -- "$d")
    [[ $mode == create || -d $_LK_PGDATA ]] || return 1
    return 0
  fi
  if [[ -d $d ]]; then
    _LK_PGDATA=$(cd -- "$d" && pwd -P)
    return 0
  fi
  [[ $mode == create ]] || return 1
  abs=$(_lk_abspath "$d") || return 1
  parent=$(dirname -- "$abs")
  if [[ -n ${LINKTOR_PG_RUNAS:-} ]] && ! (cd / && runuser -u "$LINKTOR_PG_RUNAS" -- test -x "$parent") 2>/dev/null; then
    # The postgres user cannot traverse to our directory: keep the cluster where it can, and
    # leave a symlink behind.
    base=/var/lib/linktor/$(_lk_hash "$abs")
    mkdir -p /var/lib/linktor && chmod 755 /var/lib/linktor || return 1
    mkdir -p "$base" && _lk_chown_pg "$base" && chmod 700 "$base" || return 1
    printf '%s\n' "$abs" >"$base/origin" || return 1
    ln -sfn "$base/pg" "$d" || return 1
    _lk_log "user $LINKTOR_PG_RUNAS cannot reach $parent; PostgreSQL data lives in $base/pg (symlinked from $abs)"
    _LK_PGDATA=$base/pg
    return 0
  fi
  _LK_PGDATA=$abs
}

# Unix socket dir: next to the data dir unless that path is too long for a socket address.
_lk_pg_sockdir() {
  local s=$1.sock
  if ((${#s} + 20 > 107)); then s=/tmp/linktor-pg-$(_lk_hash "$1"); fi
  printf '%s\n' "$s"
}

_lk_pg_running() {
  [[ -f $1/postmaster.pid ]] || return 1
  _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

_lk_pg_conf_port() {
  [[ -f $1/linktor.conf ]] || return 0
  sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$1/linktor.conf" | tail -n 1
}

_lk_pg_export() {
  local R=$1 port=$2
  LINKTOR_PG_HOST=127.0.0.1
  LINKTOR_PG_PORT=$port
  LINKTOR_PG_USER=postgres
  LINKTOR_PG_PASSWORD=$(<"$R.password")
  LINKTOR_PG_DATADIR=$R
  LINKTOR_PG_LOG=$R.log
  LINKTOR_PG_SOCKDIR=$(_lk_pg_sockdir "$R")
  export LINKTOR_PG_HOST LINKTOR_PG_PORT LINKTOR_PG_USER LINKTOR_PG_PASSWORD LINKTOR_PG_DATADIR \
    LINKTOR_PG_LOG LINKTOR_PG_SOCKDIR
}

_lk_pg_wait_ready() {
  local port=$1 deadline=$((SECONDS + ${LINKTOR_START_TIMEOUT:-60}))
  until "$LINKTOR_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
    if ((SECONDS >= deadline)); then
      _lk_err "PostgreSQL on port $port not ready after ${LINKTOR_START_TIMEOUT:-60}s"
      return 1
    fi
    sleep 0.2
  done
}

linktor_pg_start() {
  local d=${1:?usage: linktor_pg_start <datadir> [port]} want=${2:-}
  _lk_pg_env || return 1
  _lk_pg_resolve "$d" create || return 1
  local R=$_LK_PGDATA port sock locale
  local pwfile=$R.password log=$R.log

  if _lk_pg_running "$R"; then
    port=$(sed -n 4p "$R/postmaster.pid")
    _lk_pg_export "$R" "$port" || return 1
    [[ -z $want || $want == "$port" ]] || _lk_log "PostgreSQL ($R) already runs on port $port (not $want)"
    _lk_pg_wait_ready "$port" || return 1
    _lk_log "PostgreSQL already running on 127.0.0.1:$port (data: $R)"
    return 0
  fi

  if [[ ! -s $R/PG_VERSION ]]; then
    mkdir -p "$R" && _lk_chown_pg "$R" && chmod 700 "$R" || return 1
    if [[ ! -s $pwfile ]]; then
      (umask 077 && linktor_random 32 >"$pwfile") || return 1
    fi
    _lk_chown_pg "$pwfile" && chmod 600 "$pwfile" || return 1
    locale=C.UTF-8
    if ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C; fi
    _lk_log "initializing PostgreSQL cluster in $R"
    if ! _lk_as_pg "$LINKTOR_PG_BIN/initdb" -D "$R" -U postgres --auth=scram-sha-256 \
      --pwfile="$pwfile" -E UTF8 --locale="$locale" --no-instructions >"$R.initdb.log" 2>&1; then
      cat "$R.initdb.log" >&2
      _lk_err "initdb failed (log: $R.initdb.log)"
      return 1
    fi
    printf "\n# Local instance settings (port, addresses, tuning), rewritten on every start by deploy/local/lib.sh\ninclude 'linktor.conf'\n" \
      >>"$R/postgresql.conf" || return 1
  fi
  [[ -s $pwfile ]] || {
    _lk_err "$R exists but its password file $pwfile is missing; delete $R to start over"
    return 1
  }

  port=$(_lk_pick_port "$want" "$(_lk_pg_conf_port "$R")") || return 1
  sock=$(_lk_pg_sockdir "$R")
  mkdir -p "$sock" && _lk_chown_pg "$sock" && chmod 700 "$sock" || return 1
  touch "$log" && _lk_chown_pg "$log" && chmod 600 "$log" || return 1
  (
    umask 077
    cat >"$R/linktor.conf" <<EOF
# Written by deploy/local/lib.sh on every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
# dev/test box: many short-lived test databases and pools, little memory pressure.
max_connections = 300
shared_buffers = 256MB
# Durability stays on: tests kill and restart the server.
fsync = on
synchronous_commit = on
full_page_writes = on
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
EOF
  ) || return 1
  _lk_chown_pg "$R/linktor.conf" || return 1

  if ! _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$R" -l "$log" -w -t "${LINKTOR_START_TIMEOUT:-60}" -s start; then
    tail -n 20 "$log" >&2 || true
    _lk_err "PostgreSQL failed to start (log: $log)"
    return 1
  fi
  _lk_pg_export "$R" "$port" || return 1
  _lk_pg_wait_ready "$port" || return 1
  _lk_log "PostgreSQL $("$LINKTOR_PG_BIN/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$port (data: $R)"
}

linktor_pg_stop() {
  local d=${1:?usage: linktor_pg_stop <datadir>}
  [[ -e $d || -L $d ]] || return 0
  _lk_pg_env 2>/dev/null || return 0
  _lk_pg_resolve "$d" || return 0
  local R=$_LK_PGDATA
  _lk_pg_running "$R" || return 0
  _lk_log "stopping PostgreSQL ($R)"
  if ! _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$R" -m fast -w -t "${LINKTOR_STOP_TIMEOUT:-60}" -s stop; then
    _lk_log "fast shutdown did not finish; using immediate shutdown"
    _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$R" -m immediate -w -s stop || return 1
  fi
}

# Stop and delete the cluster, its sidecar files and, when relocated, its /var/lib/linktor dir.
linktor_pg_destroy() {
  local d=${1:?usage: linktor_pg_destroy <datadir>} R sock
  [[ -e $d || -L $d ]] || return 0
  linktor_pg_stop "$d" || return 1
  _lk_pg_resolve "$d" create 2>/dev/null || true
  R=${_LK_PGDATA:-}
  if [[ -n $R ]]; then
    sock=$(_lk_pg_sockdir "$R")
    rm -rf -- "$R" "$R.password" "$R.log" "$R.initdb.log" "$sock"
    if [[ $R == /var/lib/linktor/*/pg ]]; then rm -rf -- "$(dirname -- "$R")"; fi
  fi
  rm -rf -- "$d"
}

linktor_pg_connstr() {
  local db=${1:-postgres}
  [[ -n ${LINKTOR_PG_PORT:-} ]] || {
    _lk_err "linktor_pg_connstr: no PostgreSQL started (call linktor_pg_start first)"
    return 1
  }
  printf 'Host=127.0.0.1;Port=%s;Username=postgres;Password=%s;Database=%s\n' \
    "$LINKTOR_PG_PORT" "$LINKTOR_PG_PASSWORD" "$db"
}

# psql over TCP against the last started instance.
linktor_psql() {
  PGPASSWORD=$LINKTOR_PG_PASSWORD PGCONNECT_TIMEOUT=10 "$LINKTOR_PG_BIN/psql" -X -q \
    -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LINKTOR_PG_PORT" -U postgres "$@"
}

linktor_pg_createdb() {
  local name=${1:?usage: linktor_pg_createdb <name>} exists
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || {
    _lk_err "invalid database name '$name'"
    return 1
  }
  [[ -n ${LINKTOR_PG_PORT:-} ]] || {
    _lk_err "linktor_pg_createdb: no PostgreSQL started"
    return 1
  }
  exists=$(linktor_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") || return 1
  if [[ $exists != 1 ]]; then
    linktor_psql -d postgres -c "CREATE DATABASE \"$name\"" || return 1
    _lk_log "created database $name"
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis

_lk_redis_cli() {
  REDISCLI_AUTH=$LINKTOR_REDIS_PASSWORD redis-cli --no-auth-warning -h 127.0.0.1 -p "$LINKTOR_REDIS_PORT" "$@"
}

_lk_redis_pid() {
  local pid
  [[ -f $1/redis.pid ]] || return 1
  pid=$(<"$1/redis.pid")
  _lk_pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q redis || return 1
  printf '%s\n' "$pid"
}

_lk_redis_export() {
  LINKTOR_REDIS_HOST=127.0.0.1
  LINKTOR_REDIS_PORT=$2
  LINKTOR_REDIS_PASSWORD=$(<"$1/password")
  LINKTOR_REDIS_DATADIR=$1
  LINKTOR_REDIS_LOG=$1/redis.log
  export LINKTOR_REDIS_HOST LINKTOR_REDIS_PORT LINKTOR_REDIS_PASSWORD LINKTOR_REDIS_DATADIR LINKTOR_REDIS_LOG
}

_lk_redis_wait_ready() {
  local deadline=$((SECONDS + ${LINKTOR_START_TIMEOUT:-60})) reply
  while :; do
    reply=$(_lk_redis_cli ping 2>/dev/null || true)
    [[ $reply == PONG ]] && return 0
    if ((SECONDS >= deadline)); then
      _lk_err "Redis on port $LINKTOR_REDIS_PORT not answering PONG after ${LINKTOR_START_TIMEOUT:-60}s (last reply: ${reply:-none}; log: $LINKTOR_REDIS_LOG)"
      return 1
    fi
    sleep 0.1
  done
}

linktor_redis_start() {
  local d=${1:?usage: linktor_redis_start <datadir> [port]} want=${2:-} port pid prev=""
  _lk_have_redis || {
    _lk_err "redis-server/redis-cli not found (run linktor_ensure_packages)"
    return 1
  }
  mkdir -p -- "$d" && chmod 700 "$d" || return 1
  d=$(cd -- "$d" && pwd -P) || return 1
  if [[ ! -s $d/password ]]; then
    (umask 077 && linktor_random 32 >"$d/password") || return 1
  fi
  chmod 600 "$d/password" || return 1

  if pid=$(_lk_redis_pid "$d"); then
    port=$(<"$d/port")
    _lk_redis_export "$d" "$port" || return 1
    [[ -z $want || $want == "$port" ]] || _lk_log "Redis ($d) already runs on port $port (not $want)"
    _lk_redis_wait_ready || return 1
    _lk_log "Redis already running on 127.0.0.1:$port (pid $pid, data: $d)"
    return 0
  fi
  rm -f -- "$d/redis.pid"

  [[ -f $d/port ]] && prev=$(<"$d/port")
  port=$(_lk_pick_port "$want" "$prev") || return 1
  (
    umask 077
    cat >"$d/redis.conf" <<EOF
# Written by deploy/local/lib.sh on every start; edits are overwritten.
bind 127.0.0.1
port $port
protected-mode yes
requirepass $(<"$d/password")
daemonize yes
dir "$d"
pidfile "$d/redis.pid"
logfile "$d/redis.log"
appendonly yes
appendfsync everysec
save 3600 1 300 100 60 10000
EOF
  ) || return 1
  printf '%s\n' "$port" >"$d/port" || return 1
  if ! redis-server "$d/redis.conf"; then
    tail -n 20 "$d/redis.log" >&2 2>/dev/null || true
    _lk_err "redis-server failed to start (log: $d/redis.log)"
    return 1
  fi
  _lk_redis_export "$d" "$port" || return 1
  _lk_redis_wait_ready || return 1
  _lk_log "Redis $(redis-server --version | sed -nE 's/.*v=([0-9.]+).*/\1/p') ready on 127.0.0.1:$port (data: $d)"
}

linktor_redis_stop() {
  local d=${1:?usage: linktor_redis_stop <datadir>} pid deadline
  [[ -d $d ]] || return 0
  d=$(cd -- "$d" && pwd -P) || return 0
  pid=$(_lk_redis_pid "$d") || {
    rm -f -- "$d/redis.pid"
    return 0
  }
  _lk_log "stopping Redis ($d)"
  # SIGTERM = SHUTDOWN: fsyncs the append-only file, writes the RDB snapshot, removes the pidfile.
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + ${LINKTOR_STOP_TIMEOUT:-60}))
  while _lk_pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      _lk_log "Redis (pid $pid) did not stop in ${LINKTOR_STOP_TIMEOUT:-60}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f -- "$d/redis.pid"
}

linktor_redis_connstr() {
  [[ -n ${LINKTOR_REDIS_PORT:-} ]] || {
    _lk_err "linktor_redis_connstr: no Redis started (call linktor_redis_start first)"
    return 1
  }
  printf '127.0.0.1:%s,password=%s,abortConnect=false\n' "$LINKTOR_REDIS_PORT" "$LINKTOR_REDIS_PASSWORD"
}

# ---------------------------------------------------------------------------------------------
# Front end

# linktor_npm_install <dir>: `npm ci` there. When the lock file is refused as out of sync (a
# registry mirror without other platforms' optional packages, such as esbuild's or rollup's, writes
# lock files that `npm ci` rejects), fall back to `npm install --no-save`, which leaves the lock
# file alone.
linktor_npm_install() {
  local dir=${1:?usage: linktor_npm_install <dir>}
  if ! command -v npm >/dev/null 2>&1; then
    local -a sudo=()
    ((EUID == 0)) || sudo=(sudo)
    _lk_log "installing nodejs and npm with apt-get (one time)..."
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm || true
    command -v npm >/dev/null 2>&1 || {
      _lk_err "npm is needed for $dir (install nodejs and npm)"
      return 1
    }
  fi
  if [[ -f $dir/package-lock.json || -f $dir/npm-shrinkwrap.json ]]; then
    (cd -- "$dir" && npm ci --no-audit --no-fund) && return 0
    _lk_log "npm ci failed in $dir; retrying with npm install --no-save"
  fi
  (cd -- "$dir" && npm install --no-audit --no-fund --no-save)
}

# linktor_ensure_chromium: Debian's Chromium for the browser tests (playwright-core drives it;
# test tools' own browser downloads do not work offline). Installs it with apt-get when missing.
linktor_ensure_chromium() {
  [[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]] && return 0
  local -a sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || {
      _lk_err "Chromium is missing and there is no sudo: sudo apt-get install chromium"
      return 1
    }
    sudo=(sudo)
  fi
  _lk_log "installing chromium with apt-get (one time, for the browser tests)..."
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
}
