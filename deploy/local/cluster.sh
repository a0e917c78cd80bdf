#!/usr/bin/env bash
# deploy/local/cluster.sh: a Linktor cluster of real processes on this machine's loopback.
#
#   deploy/local/cluster.sh start [--silos N] [--apis M]   start N silos (default 3) and M API nodes (default 2)
#   deploy/local/cluster.sh add silo|api                   start one more silo or API node
#   deploy/local/cluster.sh status                          list the nodes: name, pid, state, URLs
#   deploy/local/cluster.sh stop                            SIGTERM every node (then PostgreSQL/Redis if it started them)
#
# Every node listens on free 127.0.0.1 ports and advertises 127.0.0.1. Silos form the cluster through
# Redis membership; API nodes are Orleans clients with the SignalR Redis backplane. `start` waits until
# every node's /health/ready answers 200 and prints one line per node:
#
#   silo-1 pid=4242 http=http://127.0.0.1:41001 silo=127.0.0.1:41002 gateway=127.0.0.1:41003
#   api-1  pid=4250 http=http://127.0.0.1:41010
#
# Workspace ($LINKTOR_CLUSTER_DIR, default .linktor/cluster): nodes (one line per node, as above),
# <node>.log, <node>.pid, secrets.env, ports (every port handed out since `start`, one a line, none twice),
# tls/ (the cluster's own CA, ca.pem and ca.key, and each node's certificate, <node>.pem and <node>.key, made by
# deploy/local/cluster-certs.sh: the silo and gateway ports take only connections that present one of them),
# and pg/ and redis/ when this script provisions them.
#
# Environment:
#   LINKTOR_CLUSTER_POSTGRES   Npgsql connection string to use; unset: a private PostgreSQL in the workspace
#   LINKTOR_CLUSTER_REDIS      StackExchange.Redis connection string; unset: a private Redis in the workspace
#   LINKTOR_CLUSTER_ID         Orleans cluster id (default linktor-local)
#   LINKTOR_CONFIGURATION      build configuration whose output runs (default Release)
#   LINKTOR_SKIP_BUILD=1       do not build, run what is in bin/
#   Linktor__Platform__AdminKey, Linktor__Auth__SigningKey, Linktor__Secrets__MasterKey
#                              else generated once into secrets.env
#   Linktor__ClusterTls__Enabled=false   no TLS on the cluster's ports (development only; every node warns)
#   Any other Linktor__* variable is passed on to every node.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DIR=${LINKTOR_CLUSTER_DIR:-$ROOT/.linktor/cluster}
CONFIG=${LINKTOR_CONFIGURATION:-Release}
SILO_DLL=$ROOT/silo/Linktor.Silo/bin/$CONFIG/net10.0/Linktor.Silo.dll
API_DLL=$ROOT/api/Linktor.Api/bin/$CONFIG/net10.0/Linktor.Api.dll
NODES=$DIR/nodes
# Every port this script hands out (backing services, and each node's HTTP, silo and gateway ports) is recorded
# here, so that none is handed out twice: a node binds its ports only seconds after it was given them, and until
# then they look free (lib.sh, LINKTOR_PORT_REGISTRY). `start` begins a fresh one; `add` goes on with it.
LINKTOR_PORT_REGISTRY=$DIR/ports

say() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# --- backing services and secrets ------------------------------------------------------------------
backing_services() {
  mkdir -p "$DIR"
  if [[ -z ${LINKTOR_CLUSTER_POSTGRES:-} || -z ${LINKTOR_CLUSTER_REDIS:-} ]]; then
    linktor_ensure_packages
  fi
  if [[ -z ${LINKTOR_CLUSTER_POSTGRES:-} ]]; then
    linktor_pg_start "$DIR/pg" >&2
    linktor_pg_createdb linktor >&2
    LINKTOR_CLUSTER_POSTGRES="$(linktor_pg_connstr linktor);Maximum Pool Size=50"
    touch "$DIR/pg.owned"
  fi
  if [[ -z ${LINKTOR_CLUSTER_REDIS:-} ]]; then
    linktor_redis_start "$DIR/redis" >&2
    LINKTOR_CLUSTER_REDIS=$(linktor_redis_connstr)
    touch "$DIR/redis.owned"
  fi
  printf 'LINKTOR_CLUSTER_POSTGRES=%q\nLINKTOR_CLUSTER_REDIS=%q\n' "$LINKTOR_CLUSTER_POSTGRES" "$LINKTOR_CLUSTER_REDIS" >"$DIR/backing.env"

  if [[ ! -s $DIR/secrets.env ]]; then
    (
      umask 077
      printf 'Linktor__Platform__AdminKey=%s\nLinktor__Auth__SigningKey=%s\nLinktor__Secrets__MasterKey=%s\n' \
        "${Linktor__Platform__AdminKey:-lkp_$(linktor_random 32)}" "${Linktor__Auth__SigningKey:-$(linktor_random 48)}" \
        "${Linktor__Secrets__MasterKey:-$(head -c 32 /dev/urandom | base64 -w0)}" >"$DIR/secrets.env"
    )
  fi
}

load_state() {
  [[ -f $DIR/backing.env ]] || die "no cluster in $DIR (run: $0 start)"
  # shellcheck disable=SC1091
  source "$DIR/backing.env"
}

build() {
  [[ ${LINKTOR_SKIP_BUILD:-0} == 1 && -f $SILO_DLL && -f $API_DLL ]] && return 0
  say "building silo and API ($CONFIG)..."
  dotnet build "$ROOT/silo/Linktor.Silo/Linktor.Silo.csproj" -c "$CONFIG" -v q -nologo >"$DIR/build.log" 2>&1 &&
    dotnet build "$ROOT/api/Linktor.Api/Linktor.Api.csproj" -c "$CONFIG" -v q -nologo >>"$DIR/build.log" 2>&1 ||
    die "build failed (log: $DIR/build.log)"
}

# --- nodes -----------------------------------------------------------------------------------------
next_index() { # next_index silo|api: 1 + the highest index used so far
  local kind=$1 n=0 i
  if [[ -f $NODES ]]; then
    while read -r name _; do
      [[ $name == "$kind"-* ]] || continue
      i=${name#"$kind"-}
      ((i > n)) && n=$i
    done <"$NODES"
  fi
  echo $((n + 1))
}

# launch <kind> <name>: start one node in its own session (it outlives this script); prints its line.
launch() {
  local kind=$1 name=$2 http silo="" gateway="" dll line key tls=$DIR/tls
  http=$(linktor_free_port)
  # Each node its own certificate from the workspace's CA (made on first use): mutual TLS on the silo and gateway ports.
  "$ROOT/deploy/local/cluster-certs.sh" "$tls" "$name" || die "could not make $name's certificate in $tls"
  local -a env=(
    "ASPNETCORE_URLS=http://127.0.0.1:$http"
    "ASPNETCORE_ENVIRONMENT=Production" "DOTNET_ENVIRONMENT=Production"
    "Linktor__Hosting__Mode=Cluster"
    "Linktor__Hosting__ClusterId=${LINKTOR_CLUSTER_ID:-linktor-local}"
    "Linktor__Postgres__ConnectionString=$LINKTOR_CLUSTER_POSTGRES"
    "Linktor__Redis__ConnectionString=$LINKTOR_CLUSTER_REDIS"
    "Linktor__ClusterTls__CertificatePath=$tls/$name.pem" "Linktor__ClusterTls__KeyPath=$tls/$name.key"
    "Linktor__ClusterTls__CaPath=$tls/ca.pem"
    # One folder for every node's uploads: any API node serves what another stored.
    "Linktor__Media__Path=${Linktor__Media__Path:-$DIR/media}"
    # Timestamped text logs (Production's default is JSON lines): a failover is read from several nodes' logs side by side.
    "Logging__Console__FormatterName=simple"
    "Logging__Console__TimestampFormat=HH:mm:ss.fff " "Logging__Console__UseUtcTimestamp=true"
  )
  # A secret set in the environment wins over the generated one.
  # Split at the first '=' by hand: `IFS='=' read` would drop a base64 value's trailing '='.
  while IFS= read -r line; do
    key=${line%%=*}
    [[ -n ${!key:-} ]] || env+=("$line")
  done <"$DIR/secrets.env"
  if [[ $kind == silo ]]; then
    silo=$(linktor_free_port)
    gateway=$(linktor_free_port)
    env+=("Linktor__Hosting__SiloPort=$silo" "Linktor__Hosting__GatewayPort=$gateway"
      "Linktor__Hosting__AdvertisedAddress=127.0.0.1" "Linktor__Hosting__SiloName=$name")
    dll=$SILO_DLL
    line="$name pid=%s http=http://127.0.0.1:$http silo=127.0.0.1:$silo gateway=127.0.0.1:$gateway"
  else
    env+=("Linktor__Api__LoginsPerMinute=${Linktor__Api__LoginsPerMinute:-100000}"
      "Linktor__Api__WebChatSessionsPerMinute=${Linktor__Api__WebChatSessionsPerMinute:-100000}"
      "Linktor__Api__TenantRequestsPerMinute=${Linktor__Api__TenantRequestsPerMinute:-100000000}")
    # Test loads: hundreds of visitors of one tenant, all from 127.0.0.1 (Linktor:WebChat's defaults are for the internet).
    env+=("Linktor__WebChat__MessagesPerIp__PerMinute=${Linktor__WebChat__MessagesPerIp__PerMinute:-1000000}"
      "Linktor__WebChat__MessagesPerIp__Burst=${Linktor__WebChat__MessagesPerIp__Burst:-1000000}"
      "Linktor__WebChat__SessionsPerTenant__PerMinute=${Linktor__WebChat__SessionsPerTenant__PerMinute:-1000000}"
      "Linktor__WebChat__SessionsPerTenant__Burst=${Linktor__WebChat__SessionsPerTenant__Burst:-1000000}")
    dll=$API_DLL
    line="$name pid=%s http=http://127.0.0.1:$http"
  fi
  # setsid: its own session and process group, so the caller's Ctrl-C or exit does not reach it.
  (cd "$(dirname -- "$dll")" && exec env "${env[@]}" setsid dotnet "$dll" >"$DIR/$name.log" 2>&1 </dev/null) &
  local pid=$!
  echo "$pid" >"$DIR/$name.pid"
  # shellcheck disable=SC2059
  printf "$line\n" "$pid" >>"$NODES"
}

wait_ready() { # wait_ready <name>...
  local name url pid deadline=$((SECONDS + ${LINKTOR_START_TIMEOUT:-120}))
  for name in "$@"; do
    url=$(awk -v n="$name" '$1 == n { for (i = 2; i <= NF; i++) if ($i ~ /^http=/) print substr($i, 6) }' "$NODES")
    pid=$(<"$DIR/$name.pid")
    until curl -fsS -o /dev/null --max-time 5 "$url/health/ready" 2>/dev/null; do
      _lk_pid_alive "$pid" || {
        tail -n 30 "$DIR/$name.log" >&2
        die "$name (pid $pid) exited while starting (log: $DIR/$name.log)"
      }
      ((SECONDS < deadline)) || {
        tail -n 30 "$DIR/$name.log" >&2
        die "$name (pid $pid) not ready after ${LINKTOR_START_TIMEOUT:-120}s (log: $DIR/$name.log)"
      }
      sleep 0.5
    done
  done
}

print_nodes() {
  local name pid rest state
  [[ -f $NODES ]] || return 0
  while read -r name pid rest; do
    state=running
    _lk_pid_alive "${pid#pid=}" || state=stopped
    printf '%-7s %s state=%s %s\n' "$name" "$pid" "$state" "$rest"
  done <"$NODES"
}

start() {
  local silos=3 apis=2 i name
  local -a names=()
  while (($#)); do
    case $1 in
      --silos) silos=${2:?}; shift 2 ;;
      --apis) apis=${2:?}; shift 2 ;;
      *) usage ;;
    esac
  done
  if [[ -f $NODES ]] && print_nodes | grep -q 'state=running'; then
    die "a cluster already runs from $DIR (stop it first: $0 stop)"
  fi
  rm -f -- "$NODES" "$DIR"/*.pid "$LINKTOR_PORT_REGISTRY"
  backing_services
  build
  for ((i = 1; i <= silos; i++)); do launch silo "silo-$i"; names+=("silo-$i"); done
  # API nodes connect once a silo is up; start them together with the silos, they retry until then.
  for ((i = 1; i <= apis; i++)); do launch api "api-$i"; names+=("api-$i"); done
  wait_ready "${names[@]}"
  print_nodes
}

add() {
  local kind=${1:-} name
  [[ $kind == silo || $kind == api ]] || usage
  load_state
  name=$kind-$(next_index "$kind")
  launch "$kind" "$name"
  wait_ready "$name"
  print_nodes | awk -v n="$name" '$1 == n'
}

stop() {
  local name pid rest deadline
  if [[ -f $NODES ]]; then
    # API nodes first (they stop taking requests), then the silos drain and hand over.
    for kind in api silo; do
      while read -r name pid rest; do
        [[ $name == "$kind"-* ]] || continue
        pid=${pid#pid=}
        _lk_pid_alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
      done <"$NODES"
      deadline=$((SECONDS + 100))
      while read -r name pid rest; do
        [[ $name == "$kind"-* ]] || continue
        pid=${pid#pid=}
        while _lk_pid_alive "$pid"; do
          if ((SECONDS >= deadline)); then
            say "$name (pid $pid) did not stop; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
          fi
          sleep 0.2
        done
      done <"$NODES"
    done
    say "stopped $(wc -l <"$NODES") node(s)"
    rm -f -- "$NODES" "$DIR"/*.pid "$LINKTOR_PORT_REGISTRY"
  fi
  [[ -f $DIR/redis.owned ]] && linktor_redis_stop "$DIR/redis" && rm -f -- "$DIR/redis.owned"
  [[ -f $DIR/pg.owned ]] && linktor_pg_stop "$DIR/pg" && rm -f -- "$DIR/pg.owned"
  rm -f -- "$DIR/backing.env"
}

cmd=${1:-}
shift || true
case $cmd in
  start) start "$@" ;;
  add) add "$@" ;;
  status) print_nodes ;;
  stop) stop ;;
  *) usage ;;
esac
