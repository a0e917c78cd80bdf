#!/usr/bin/env bash
# deploy/local/audit.sh: known-vulnerable dependencies (test.sh runs both).
#
#   deploy/local/audit.sh dotnet <solution>   NuGet packages, transitive ones included
#                                             (dotnet list <solution> package --vulnerable --include-transitive)
#   deploy/local/audit.sh npm <dir>           the production dependencies of a front end (npm audit --omit=dev)
#
# Prints what it found, one "audit: ..." line each, and exits
#   0  nothing vulnerable reported, or the registry cannot tell (said so: "audit: SKIPPED ...")
#   1  vulnerable packages reported (listed), or the check could not run although the registry can answer
#   2  usage
# A registry that publishes no vulnerability data is a skip, never a pass in disguise: NuGet sources without a
# VulnerabilityInfo resource make `dotnet list package --vulnerable` say "no vulnerable packages" whatever is installed,
# so the sources are asked first; an npm registry without the audit endpoint answers 404/405/501.
set -euo pipefail

say() { printf 'audit: %s\n' "$*"; }

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || {
      say "FAILED: $tool is needed for this check"
      exit 1
    }
  done
}

# The enabled NuGet sources (URLs) that the solution's directory restores from.
nuget_sources() { # nuget_sources <dir>
  (cd "$1" && dotnet nuget list source --format short) | awk '$1 == "E" { print $2 }'
}

# Whether a NuGet v3 source publishes vulnerability data: its service index lists a VulnerabilityInfo resource.
# (A local folder or a v2 feed publishes none.)
source_has_vulnerability_data() { # source_has_vulnerability_data <url>
  [[ $1 == http://* || $1 == https://* ]] || return 1
  curl -fsSL --max-time 30 -- "$1" 2>/dev/null |
    jq -e '[.resources[]? | .["@type"] | strings | select(startswith("VulnerabilityInfo"))] | length > 0' >/dev/null 2>&1
}

audit_dotnet() {
  local solution=$1 dir report rc=0 found
  [[ -f $solution ]] || {
    say "FAILED: no solution at $solution"
    exit 1
  }
  need dotnet curl jq
  dir=$(dirname -- "$solution")
  local -a sources=() answering=()
  mapfile -t sources < <(nuget_sources "$dir")
  for url in "${sources[@]}"; do
    source_has_vulnerability_data "$url" && answering+=("$url")
  done
  if ((${#answering[@]} == 0)); then
    say "SKIPPED NuGet packages: no package source publishes vulnerability data (no VulnerabilityInfo resource in the service index of ${sources[*]:-any source}); 'dotnet list package --vulnerable' would report nothing whatever is installed"
    return 0
  fi

  report=$(dotnet list "$solution" package --vulnerable --include-transitive --format json 2>&1) || rc=$?
  if ((rc != 0)) || ! jq -e '.projects' >/dev/null 2>&1 <<<"$report"; then
    say "FAILED NuGet packages: 'dotnet list package --vulnerable' did not run (exit $rc):"
    printf '%s\n' "$report" | tail -n 20 | sed 's/^/audit:   /'
    return 1
  fi
  found=$(jq -r '
    [ .projects[] | (.path | split("/") | last) as $project | (.frameworks // [])[]
      | ((.topLevelPackages // []) + (.transitivePackages // []))[]
      | select((.vulnerabilities // []) | length > 0)
      | "\(.id) \(.resolvedVersion) (\([.vulnerabilities[] | "\(.severity) \(.advisoryurl)"] | join(", "))) in \($project)" ]
    | unique[]' <<<"$report")
  if [[ -n $found ]]; then
    say "FAILED NuGet packages: known-vulnerable packages (update them, or pin a fixed version in Directory.Packages.props):"
    printf '%s\n' "$found" | sed 's/^/audit:   /'
    return 1
  fi
  say "passed NuGet packages: none known-vulnerable (vulnerability data from ${answering[*]})"
}

audit_npm() {
  local dir=$1 report rc=0 status total
  [[ -f $dir/package-lock.json ]] || {
    say "FAILED npm packages: no package-lock.json in $dir (npm audit reads it)"
    return 1
  }
  need npm jq
  report=$(cd "$dir" && npm audit --omit=dev --json 2>/dev/null) || rc=$?
  if ! jq -e 'type == "object"' >/dev/null 2>&1 <<<"$report"; then
    say "FAILED npm packages: 'npm audit' gave no report (exit $rc)"
    return 1
  fi
  # A registry without the audit endpoint: npm reports the HTTP error instead of a report.
  status=$(jq -r '.statusCode // .error.statusCode // empty' <<<"$report")
  if [[ -z $(jq -r '.metadata.vulnerabilities // empty' <<<"$report") ]]; then
    if [[ $status =~ ^(400|404|405|410|501)$ ]] || jq -e '(.message // .error.summary // "") | test("audit endpoint|Method Not Allowed|Not Found|Not Implemented"; "i")' >/dev/null 2>&1 <<<"$report"; then
      say "SKIPPED npm packages in ${dir##*/}: the registry does not answer audits ($(jq -r '.message // .error.summary // "HTTP \(.statusCode)"' <<<"$report"))"
      return 0
    fi
    say "FAILED npm packages: 'npm audit' failed (exit $rc): $(jq -c '.error // .' <<<"$report" | cut -c1-300)"
    return 1
  fi
  total=$(jq -r '.metadata.vulnerabilities.total // 0' <<<"$report")
  if ((total > 0)); then
    say "FAILED npm packages in ${dir##*/}: $total known-vulnerable production dependencies (npm audit fix, or update them):"
    jq -r '.vulnerabilities // {} | to_entries[] | "\(.key) \(.value.range // "") (\(.value.severity)\([.value.via[]? | objects | .url] | if length > 0 then ", " + join(", ") else "" end))"' <<<"$report" |
      sed 's/^/audit:   /'
    return 1
  fi
  say "passed npm packages in ${dir##*/}: none known-vulnerable"
}

case ${1:-} in
  dotnet) (($# == 2)) || exec "$0"; audit_dotnet "$2" ;;
  npm) (($# == 2)) || exec "$0"; audit_npm "$2" ;;
  *)
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
