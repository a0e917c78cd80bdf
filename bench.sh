#!/usr/bin/env bash
# shellcheck disable=SC2317  # on_signal and cleanup run from traps
# bench.sh: the benchmark harness. Provisions private PostgreSQL and Redis on free ports (as ./test.sh
# does, fsync on), builds Release, and runs the scenario driver (tests/Linktor.Bench), which starts what
# each scenario measures (a Linktor single node on a fresh database, the baseline, the fake providers),
# runs its rounds and writes docs/benchmarks/<scenario>-<YYYY-MM-DD>.md and .json.
#
#   ./bench.sh [--quick] [--out DIR] [--<option> value ...] [scenario ...]
#   ./bench.sh --help                 the scenarios and every option with its defaults
#
# Scenarios (all by default): send inbound fanout connections idle provider.
# --quick: short rounds and small populations, to check the harness itself in a few minutes; its
# reports go to .linktor/bench/reports/ (not docs/) and say "HARNESS CHECK" at the top.
# Every option also reads from the environment: --round-seconds 30 is BENCH_ROUND_SECONDS=30.
#
# Workspace: .linktor/bench/ (ignored by git; recreated on each run except tools/):
#   pg/ pg.log        PostgreSQL cluster and log     redis/      Redis data and log
#   logs/             every process the driver started (linktor-*.log, baseline.log, fake-providers.log)
#   tools/            dotnet-gcdump (live managed heap of the node, read without touching its code)
#   children.pids     pids the driver started, stopped here should the driver die first
#
# Environment overrides:
#   LINKTOR_SKIP_BUILD=1   use what is in bin/Release
#   LINKTOR_BENCH_LOCK_TIMEOUT  seconds to wait for another bench.sh of this clone (default 3600)
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
cd "$ROOT"
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK=$ROOT/.linktor/bench
TOOLS=$WORK/tools
SOLUTION=$ROOT/Linktor.Orleans.sln
DRIVER=$ROOT/tests/Linktor.Bench/bin/Release/net10.0/Linktor.Bench.dll
GCDUMP_VERSION=10.0.750501

say() { printf '[bench] %s\n' "$*" >&2; }

for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    sed -n '3,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    if [[ -f $DRIVER ]]; then dotnet "$DRIVER" --help; fi
    exit 0
  fi
done

# --- signals and cleanup ----------------------------------------------------------------------
driver_pid=
signalled=0
on_signal() {
  signalled=$1
  if [[ -n $driver_pid ]] && _lk_pid_alive "$driver_pid"; then
    say "stopping the benchmark (it writes what it measured so far)..."
    kill -TERM "$driver_pid" 2>/dev/null || true
  else
    exit "$signalled"
  fi
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# Processes the driver started and left behind (it died, or was killed): by pid, and only dotnet ones.
stop_children() {
  local file=$WORK/children.pids pid deadline
  [[ -s $file ]] || return 0
  local -a left=()
  while IFS= read -r pid; do
    [[ $pid =~ ^[0-9]+$ ]] || continue
    if _lk_pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q dotnet; then
      kill -TERM "$pid" 2>/dev/null || true
      left+=("$pid")
    fi
  done <"$file"
  deadline=$((SECONDS + 30))
  for pid in "${left[@]}"; do
    while _lk_pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if _lk_pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -f -- "$file"
}

LOCK=$ROOT/.linktor/bench.lock
cleanup() {
  local rc=$?
  trap - INT TERM HUP
  if [[ -n $driver_pid ]] && _lk_pid_alive "$driver_pid"; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  stop_children
  linktor_redis_stop "$WORK/redis" || true
  linktor_pg_stop "$WORK/pg" || true
  if [[ $(cat "$LOCK/pid" 2>/dev/null || true) == "$$" ]]; then rm -rf -- "$LOCK"; fi
  exit "$rc"
}

# One bench.sh at a time per clone (a second would delete the first one's servers).
acquire_lock() {
  local pid deadline=$((SECONDS + ${LINKTOR_BENCH_LOCK_TIMEOUT:-3600})) told=0
  mkdir -p "$ROOT/.linktor"
  until mkdir "$LOCK" 2>/dev/null; do
    pid=$(cat "$LOCK/pid" 2>/dev/null || true)
    if [[ -n $pid ]] && ! _lk_pid_alive "$pid"; then
      rm -rf -- "$LOCK"
      continue
    fi
    if [[ -z $pid && -n $(find "$LOCK" -maxdepth 0 -mmin +1 2>/dev/null) ]]; then
      rm -rf -- "$LOCK"
      continue
    fi
    if ((!told)); then
      say "another bench.sh (pid ${pid:-?}) is running; waiting for it..."
      told=1
    fi
    if ((SECONDS >= deadline)); then
      say "gave up waiting for the other bench.sh"
      exit 2
    fi
    sleep 2
  done
  echo "$$" >"$LOCK/pid"
}
acquire_lock
trap cleanup EXIT

# --- fresh workspace, servers -----------------------------------------------------------------
linktor_ensure_packages
stop_children
linktor_redis_stop "$WORK/redis" || true
linktor_pg_destroy "$WORK/pg"
rm -rf -- "${WORK:?}/redis" "${WORK:?}/logs" "${WORK:?}/media"
mkdir -p "$WORK/logs" "$TOOLS"

linktor_pg_start "$WORK/pg" "$(linktor_free_port)"
linktor_redis_start "$WORK/redis" "$(linktor_free_port)"

# Ten thousand WebSockets on each side of one node need as many descriptors.
hard=$(ulimit -Hn)
if [[ $hard == unlimited ]]; then hard=1048576; fi
ulimit -n "$hard" || say "warning: could not raise the open-files limit (now $(ulimit -n))"
say "open files limit: $(ulimit -n)"

# --- build ------------------------------------------------------------------------------------
if [[ ${LINKTOR_SKIP_BUILD:-} != 1 ]]; then
  say "building $(basename -- "$SOLUTION") (Release)..."
  if ! dotnet build "$SOLUTION" -c Release -v q -nologo >"$WORK/logs/build.log" 2>&1; then
    tail -n 30 "$WORK/logs/build.log" >&2
    say "error: build failed (log: $WORK/logs/build.log)"
    exit 1
  fi
fi
[[ -f $DRIVER ]] || {
  say "error: $DRIVER not found (did the build produce it?)"
  exit 1
}

# dotnet-gcdump reads the node's live heap through the diagnostics port; without it, reports have RSS only.
if [[ ! -x $TOOLS/dotnet-gcdump ]]; then
  say "installing dotnet-gcdump $GCDUMP_VERSION into ${TOOLS#"$ROOT"/} (one time)..."
  dotnet tool install dotnet-gcdump --version "$GCDUMP_VERSION" --tool-path "$TOOLS" >"$WORK/logs/tools.log" 2>&1 ||
    say "warning: dotnet-gcdump could not be installed (log: $WORK/logs/tools.log); GC heap figures will be missing"
fi

# --- what the reports record about the software -------------------------------------------------
git_commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null || true) ]]; then git_commit+=" (with uncommitted changes)"; fi
export BENCH_VERSION_GIT=$git_commit
BENCH_VERSION_DOTNET_SDK=$(dotnet --version)
BENCH_VERSION_POSTGRES=$("$LINKTOR_PG_BIN/postgres" -V | awk '{print $3}')
BENCH_VERSION_REDIS=$(redis-server --version | sed -nE 's/.*v=([0-9.]+).*/\1/p')
BENCH_VERSION_ORLEANS=$(sed -nE 's:.*<OrleansVersion>([^<]+)</OrleansVersion>.*:\1:p' "$ROOT/Directory.Packages.props" | head -n 1)
export BENCH_VERSION_DOTNET_SDK BENCH_VERSION_POSTGRES BENCH_VERSION_REDIS BENCH_VERSION_ORLEANS

export BENCH_REPO_ROOT=$ROOT BENCH_WORKDIR=$WORK BENCH_TOOLS_DIR=$TOOLS
BENCH_PG_ADMIN="Host=127.0.0.1;Port=$LINKTOR_PG_PORT;Username=postgres;Password=$LINKTOR_PG_PASSWORD;Database=postgres;Maximum Pool Size=4"
export BENCH_PG_ADMIN BENCH_PG_DATADIR=$LINKTOR_PG_DATADIR
BENCH_REDIS=$(linktor_redis_connstr)
export BENCH_REDIS BENCH_REDIS_PIDFILE=$LINKTOR_REDIS_DATADIR/redis.pid

# --- run --------------------------------------------------------------------------------------
# In the background so that a signal reaches our handler at once; the driver stops its rounds on SIGTERM.
dotnet "$DRIVER" "$@" &
driver_pid=$!
driver_rc=0
while :; do
  wait "$driver_pid" && driver_rc=0 || driver_rc=$?
  if ! _lk_pid_alive "$driver_pid"; then break; fi
done
driver_pid=
if ((signalled)); then exit "$signalled"; fi
exit "$driver_rc"
