#!/usr/bin/env bash
# test.sh: provision private PostgreSQL and Redis on free ports, build once, run every test suite,
# and end with one summary line: "N passed, M failed".
#
#   ./test.sh [extra args for `dotnet test`]      e.g. ./test.sh --filter-class 'Linktor.Storage.Tests.*'
#
# Workspace: .linktor/test/ (recreated on each run and kept afterwards for inspection):
#   pg/ pg.log pg.password   PostgreSQL cluster and its log      redis/   Redis data, redis.log
#   build.log                the build output                     results/ TRX and JUnit files
#   audit.log                known-vulnerable packages (deploy/local/audit.sh: NuGet, the inbox's npm dependencies)
#
# Exported for the tests:
#   LINKTOR_TEST_POSTGRES      Npgsql connection string (Database=postgres; tests create their own)
#   LINKTOR_TEST_REDIS         StackExchange.Redis connection string
#   LINKTOR_TEST_PG_DATADIR    PGDATA, LINKTOR_TEST_PG_BIN: dir of pg_ctl, LINKTOR_TEST_PG_LOG: server log,
#   LINKTOR_TEST_PG_RUNAS      OS user that must run pg_ctl (empty: the current user). To restart:
#                                [runuser -u $LINKTOR_TEST_PG_RUNAS --] $LINKTOR_TEST_PG_BIN/pg_ctl \
#                                  -D $LINKTOR_TEST_PG_DATADIR -l $LINKTOR_TEST_PG_LOG -w restart
#                              (all settings live in the data dir, no -o needed; run it from a
#                              working directory that user can enter, e.g. /)
#   LINKTOR_TEST_REDIS_DATADIR Redis dir (redis.conf, redis.pid; restart: redis-server <dir>/redis.conf)
#   LINKTOR_TEST_WORKDIR       .linktor/test (absolute), LINKTOR_REPO_ROOT: the repository root
#
# Environment overrides:
#   LINKTOR_SOLUTION      solution to build and test (default Linktor.Orleans.sln; may live elsewhere)
#   LINKTOR_TEST_TIMEOUT  seconds before a test run (.NET, front end) is killed (default 3600)
#   LINKTOR_TEST_LOCK_TIMEOUT  seconds to wait for another test.sh run of this clone (default 3600)
#   LINKTOR_CLIENT_APP    front-end dir whose vitest suite runs when it has a package.json
#                         (default api/Linktor.Api/ClientApp)
set -euo pipefail

started=$SECONDS
ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
cd "$ROOT"
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOLUTION=$(readlink -f -- "${LINKTOR_SOLUTION:-Linktor.Orleans.sln}")
[[ -f $SOLUTION ]] || {
  echo "test.sh: solution not found: ${LINKTOR_SOLUTION:-Linktor.Orleans.sln}" >&2
  exit 2
}
SOLUTION_DIR=$(dirname -- "$SOLUTION")
WORK=$ROOT/.linktor/test
RESULTS=$WORK/results
CLIENT_APP=${LINKTOR_CLIENT_APP:-$ROOT/api/Linktor.Api/ClientApp}

say() { printf '%s\n' "$*"; }

# --- signals and cleanup ----------------------------------------------------------------------
guard_pid=
interrupted=0
on_signal() {
  interrupted=$1
  if [[ -n $guard_pid ]]; then
    kill -TERM "$guard_pid" 2>/dev/null || true # the wait below returns, then we exit
  else
    exit "$interrupted"
  fi
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

stop_services() {
  linktor_redis_stop "$WORK/redis" || true
  linktor_pg_stop "$WORK/pg" || true
}

# One test.sh at a time per clone: a second run would delete the first one's workspace.
# A directory lock holding the owner's pid (a lock fd would be inherited by the servers and
# the build server processes, and outlive this script).
LOCK=$ROOT/.linktor/test.lock
acquire_lock() {
  local pid deadline=$((SECONDS + ${LINKTOR_TEST_LOCK_TIMEOUT:-3600})) told=0
  mkdir -p "$ROOT/.linktor"
  until mkdir "$LOCK" 2>/dev/null; do
    pid=$(cat "$LOCK/pid" 2>/dev/null || true)
    if [[ -n $pid ]] && ! _lk_pid_alive "$pid"; then
      rm -rf -- "$LOCK" # left by a run that died
      continue
    fi
    if [[ -z $pid && -n $(find "$LOCK" -maxdepth 0 -mmin +1 2>/dev/null) ]]; then
      rm -rf -- "$LOCK" # never got its pid
      continue
    fi
    if ((!told)); then
      say "test.sh: another test.sh (pid ${pid:-?}) is using .linktor/test; waiting for it..."
      told=1
    fi
    if ((SECONDS >= deadline)); then
      say "test.sh: gave up waiting for the other test.sh run"
      exit 2
    fi
    sleep 2
  done
  echo "$$" >"$LOCK/pid"
}
release_lock() {
  if [[ $(cat "$LOCK/pid" 2>/dev/null || true) == "$$" ]]; then rm -rf -- "$LOCK"; fi
}
acquire_lock
trap 'stop_services; release_lock' EXIT

# Run a command in the background under a time limit and wait for it, so that a signal to this
# script is handled at once (and forwarded) instead of after the command ends.
# Sets guarded_rc. `timeout` signals the command's whole process group when time is up.
run_guarded() {
  local limit=$1
  shift
  guarded_rc=0
  timeout --kill-after=30 "$limit" "$@" &
  guard_pid=$!
  while :; do
    wait "$guard_pid" && guarded_rc=0 || guarded_rc=$?
    if ! _lk_pid_alive "$guard_pid"; then break; fi
  done
  guard_pid=
  if ((interrupted)); then exit "$interrupted"; fi
  if ((guarded_rc == 124 || guarded_rc == 137)); then
    say "test.sh: '$*' did not finish within ${limit}s and was killed"
  fi
}

# --- fresh workspace, services ----------------------------------------------------------------
linktor_ensure_packages
if [[ -e $WORK ]]; then
  stop_services
  linktor_pg_destroy "$WORK/pg"
  rm -rf -- "$WORK"
fi
mkdir -p "$RESULTS"

linktor_pg_start "$WORK/pg" "$(linktor_free_port)"
linktor_redis_start "$WORK/redis" "$(linktor_free_port)"

export LINKTOR_REPO_ROOT=$ROOT
export LINKTOR_TEST_WORKDIR=$WORK
export LINKTOR_TEST_POSTGRES="Host=127.0.0.1;Port=$LINKTOR_PG_PORT;Username=postgres;Password=$LINKTOR_PG_PASSWORD;Database=postgres;Pooling=true;Maximum Pool Size=100"
export LINKTOR_TEST_REDIS="127.0.0.1:$LINKTOR_REDIS_PORT,password=$LINKTOR_REDIS_PASSWORD,abortConnect=false"
export LINKTOR_TEST_PG_DATADIR=$LINKTOR_PG_DATADIR
export LINKTOR_TEST_PG_BIN=$LINKTOR_PG_BIN
export LINKTOR_TEST_PG_RUNAS=$LINKTOR_PG_RUNAS
export LINKTOR_TEST_PG_LOG=$LINKTOR_PG_LOG
export LINKTOR_TEST_REDIS_DATADIR=$LINKTOR_REDIS_DATADIR

# --- build ------------------------------------------------------------------------------------
build_failed=0
# The inbox app first: the API build copies its output (ClientApp/dist) into wwwroot, which the
# browser tests are served from.
client_built=0
if [[ -f $CLIENT_APP/package.json ]]; then
  say "test.sh: building the front end (${CLIENT_APP#"$ROOT"/})..."
  if linktor_npm_install "$CLIENT_APP" >>"$WORK/build.log" 2>&1 && (cd "$CLIENT_APP" && npm run build) 2>&1 | tee -a "$WORK/build.log"; then
    client_built=1
  else
    build_failed=1
    say "test.sh: front-end build FAILED (log: $WORK/build.log)"
  fi
fi
((interrupted == 0)) || exit "$interrupted"
say "test.sh: building $(basename -- "$SOLUTION") (Release)..."
set +e
dotnet build "$SOLUTION" -c Release -v q -nologo 2>&1 | tee "$WORK/build.log"
build_rc=${PIPESTATUS[0]}
set -e
((interrupted == 0)) || exit "$interrupted"
if ((build_rc != 0)); then
  build_failed=1
  say "test.sh: build FAILED (exit $build_rc; log: $WORK/build.log)"
fi

# --- .NET tests -------------------------------------------------------------------------------
# Test projects: those under tests/ (next to the solution) not marked <IsTestProject>false,
# plus any project that marks itself <IsTestProject>true.
expected_projects=()
while IFS= read -r proj; do
  proj=${proj//\\//}
  [[ $proj == *.csproj ]] || continue
  file=$SOLUTION_DIR/$proj
  [[ -f $file ]] || continue
  if grep -qiE '<IsTestProject>[[:space:]]*true[[:space:]]*</IsTestProject>' "$file"; then
    expected_projects+=("$(basename -- "$proj" .csproj)")
  elif [[ $proj == tests/* ]] && ! grep -qiE '<IsTestProject>[[:space:]]*false[[:space:]]*</IsTestProject>' "$file"; then
    expected_projects+=("$(basename -- "$proj" .csproj)")
  fi
done < <(dotnet sln "$SOLUTION" list 2>/dev/null || true)

dotnet_rc=0
if ((!build_failed)); then
  say "test.sh: running .NET tests (${#expected_projects[@]} test projects)..."
  run_guarded "${LINKTOR_TEST_TIMEOUT:-3600}" \
    dotnet test --solution "$SOLUTION" -c Release --no-build --report-trx --results-directory "$RESULTS" "$@"
  dotnet_rc=$guarded_rc
fi

# --- Node suites: front-end unit tests (vitest) and browser end-to-end tests ----------------------
# Each writes a JUnit file into results/; a suite that fails without one is counted as failed.
node_suites_failed=()
run_node_suite() { # run_node_suite <name> <dir> <command...>
  local name=$1 dir=$2 rc=0
  shift 2
  say "test.sh: running $name tests in ${dir#"$ROOT"/}..."
  if [[ ${NODE_SUITE_INSTALLED:-0} != 1 ]]; then linktor_npm_install "$dir" || rc=$?; fi
  ((interrupted == 0)) || exit "$interrupted"
  if ((rc == 0)); then
    pushd "$dir" >/dev/null
    run_guarded "${LINKTOR_TEST_TIMEOUT:-3600}" "$@"
    rc=$guarded_rc
    popd >/dev/null
  fi
  ((interrupted == 0)) || exit "$interrupted"
  if [[ ! -s $RESULTS/$name-junit.xml ]]; then
    node_suites_failed+=("  $name tests produced no JUnit results (exit $rc): counted as 1 failed")
  elif ((rc != 0)) && ! grep -qE '(failures|errors)="[1-9]' "$RESULTS/$name-junit.xml"; then
    node_suites_failed+=("  $name tests exited $rc without a failing result: counted as 1 failed")
  fi
}

if ((!build_failed)) && [[ -f $CLIENT_APP/package.json ]]; then
  # Installed by the front-end build above.
  NODE_SUITE_INSTALLED=$client_built run_node_suite vitest "$CLIENT_APP" npx vitest run --reporter=default --reporter=junit \
    --outputFile.junit="$RESULTS/vitest-junit.xml"
fi

E2E_DIR=$ROOT/tests/e2e
if ((!build_failed)) && [[ -f $E2E_DIR/package.json ]]; then
  linktor_ensure_chromium || node_suites_failed+=("  Chromium could not be installed: browser tests counted as 1 failed")
  export LINKTOR_SCREENSHOTS=$ROOT/.linktor/screenshots
  JUNIT_OUTPUT=$RESULTS/e2e-junit.xml run_node_suite e2e "$E2E_DIR" npm test --silent
fi

# --- known-vulnerable packages ------------------------------------------------------------------
# NuGet (transitive too) and the inbox's production npm dependencies (deploy/local/audit.sh). A registry that
# publishes no vulnerability data is reported as SKIPPED, not failed; a vulnerable package counts as 1 failed.
audit_lines=()
audit_failed=()
run_audit() { # run_audit <label> <audit.sh args...>
  local label=$1 out rc=0
  shift
  out=$("$ROOT/deploy/local/audit.sh" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out" | tee -a "$WORK/audit.log"
  ((interrupted == 0)) || exit "$interrupted"
  if ((rc != 0)); then
    audit_failed+=("  $label: known-vulnerable packages or the check failed (see $WORK/audit.log): counted as 1 failed")
  elif grep -q '^audit: SKIPPED' <<<"$out"; then
    audit_lines+=("  $label: not checked, the registry gives no vulnerability data (see $WORK/audit.log)")
  fi
}
if ((!build_failed)); then
  say "test.sh: checking for known-vulnerable packages..."
  run_audit "NuGet packages" dotnet "$SOLUTION"
  if [[ -f $CLIENT_APP/package.json ]]; then run_audit "npm packages (${CLIENT_APP#"$ROOT"/})" npm "$CLIENT_APP"; fi
fi

# --- services down before the summary, so the summary stays the last line -----------------------
stop_services

# --- summary ----------------------------------------------------------------------------------
total_passed=0 total_failed=0
lines=()

attr() { # attr <tag text> <name>: the numeric attribute value, 0 when absent
  local v
  v=$(sed -nE "s/.*[[:space:]]$2=\"([0-9]+)\".*/\1/p" <<<"$1" | head -n 1 || true)
  printf '%s\n' "${v:-0}"
}

failed_tests() { # failed_tests <trx>: "<test name>: <first line of its message>" per failed test (at most 20)
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); pending = 1; next
    }
    pending && /<Message>/ {
      msg = $0; sub(/.*<Message>/, "", msg); sub(/<\/Message>.*/, "", msg)
      gsub(/&quot;/, "\"", msg); gsub(/&apos;/, "\047", msg); gsub(/&lt;/, "<", msg); gsub(/&gt;/, ">", msg); gsub(/&amp;/, "\\&", msg)
      print name ": " substr(msg, 1, 300); pending = 0; n++
      if (n >= 20) exit
    }
    pending && /<\/UnitTestResult>/ { print name; pending = 0; n++ }
  ' "$1" || true
}

shopt -s nullglob
trx_files=("$RESULTS"/*.trx)
junit_files=("$RESULTS"/*junit*.xml)
shopt -u nullglob

for f in "${trx_files[@]}"; do
  name=$(basename -- "$f" .trx)
  name=${name%%_net[0-9]*}
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
  outcome=$(sed -nE 's/.*<ResultSummary outcome="([A-Za-z]+)".*/\1/p' "$f" | head -n 1 || true)
  info=$(sed -nE 's:.*<Text>(.*)</Text>.*:\1:p' "$f" | head -n 1 || true)
  total=$(attr "$counters" total)
  passed=$(attr "$counters" passed)
  skipped=$(attr "$counters" notExecuted)
  failed=$(($(attr "$counters" failed) + $(attr "$counters" error) + $(attr "$counters" timeout) + $(attr "$counters" aborted)))
  note=
  if [[ -z $counters ]]; then
    failed=$((failed + 1)) note="  <- unreadable TRX"
  elif [[ $outcome == Failed ]] && ((failed == 0)); then
    if ((total == 0)) && [[ $info == *"failure: '8'"* ]]; then
      note="  (no tests)"
    else
      failed=$((failed + 1)) note="  <- suite failed: ${info:-outcome Failed}"
    fi
  fi
  lines+=("$(printf '  %-40s %4d passed, %4d failed, %4d skipped%s' "$name" "$passed" "$failed" "$skipped" "$note")")
  # Which tests failed and the first line of why, so the summary alone (a CI log's tail) names them.
  mapfile -t failures < <(failed_tests "$f")
  for l in "${failures[@]}"; do lines+=("    failed: $l"); done
  total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed))
done

# A test application that died without writing its TRX.
if ((!build_failed)); then
  n_missing=$((${#expected_projects[@]} - ${#trx_files[@]}))
  if ((n_missing > 0)); then
    for p in "${expected_projects[@]}"; do
      found=0
      for f in "${trx_files[@]}"; do [[ $(basename -- "$f") == "$p"_* ]] && found=1; done
      ((found)) || lines+=("$(printf '  %-40s no results (crashed or never started)' "$p")")
    done
    lines+=("  $n_missing test project(s) produced no TRX: counted as failed")
    total_failed=$((total_failed + n_missing))
  fi
  # Safety net: dotnet test failed (8 = a project ran zero tests) and nothing above explains it.
  if ((dotnet_rc != 0 && dotnet_rc != 8 && total_failed == 0)); then
    lines+=("  dotnet test exited $dotnet_rc without a failing result: counted as 1 failed")
    total_failed=$((total_failed + 1))
  fi
fi

for f in "${junit_files[@]}"; do
  name=$(basename -- "$f" .xml)
  mapfile -t suites < <(grep -o '<testsuite [^>]*>' "$f" || true)
  if ((${#suites[@]} == 0)); then
    mapfile -t suites < <(grep -o '<testsuites[^>]*>' "$f" | head -n 1 || true)
  fi
  tests=0 failures=0 skipped=0
  for s in "${suites[@]}"; do
    tests=$((tests + $(attr "$s" tests)))
    failures=$((failures + $(attr "$s" failures) + $(attr "$s" errors)))
    skipped=$((skipped + $(attr "$s" skipped)))
  done
  passed=$((tests - failures - skipped))
  ((passed >= 0)) || passed=0
  lines+=("$(printf '  %-40s %4d passed, %4d failed, %4d skipped' "$name" "$passed" "$failures" "$skipped")")
  total_passed=$((total_passed + passed)) total_failed=$((total_failed + failures))
done
for l in "${node_suites_failed[@]}"; do
  lines+=("$l")
  total_failed=$((total_failed + 1))
done

for l in "${audit_lines[@]}"; do lines+=("$l"); done
for l in "${audit_failed[@]}"; do
  lines+=("$l")
  total_failed=$((total_failed + 1))
done

if ((build_failed)); then
  lines+=("  build failed (see $WORK/build.log): counted as 1 failed")
  total_failed=$((total_failed + 1))
fi

elapsed=$((SECONDS - started))
say ""
say "test.sh: results in ${RESULTS#"$ROOT"/}, logs in ${WORK#"$ROOT"/}"
for l in "${lines[@]}"; do say "$l"; done
say "wall time: $((elapsed / 60))m$(printf '%02d' $((elapsed % 60)))s"
say "$total_passed passed, $total_failed failed"
((total_failed == 0))
