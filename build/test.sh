#!/usr/bin/env bash
# The README's test command, in lanes, fastest first:
#   1. build everything (agent, CLI, tests, benchmarks) with a locked restore under CI;
#   2. unit tests: the core, and the daemon's and edgectl's pure parts in process (no daemons, no
#      root, no built binary; seconds), stopping here on a failure;
#   3. install and start what the daemon-backed tests need (dockerd, images, mosquitto, Open vSwitch,
#      the NativeAOT toolchain), publish the NativeAOT agent, and run the integration tests against it;
#   4. the end-to-end scenarios, tests/e2e/*.sh, each printing one PASS or FAIL line per step.
# Ends with the summary line "N passed, N failed" (tests and scenario steps).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0

lane() { # name, then the test projects it runs, one after another
  local name="$1"; shift
  log "$name"
  local project code
  for project in "$@"; do
    set +e
    dotnet test "$project" -nologo --no-build 2>&1 | tee -a "$results"
    code=${PIPESTATUS[0]}
    set -e
    [ "$code" -eq 0 ] || status=$code
  done
}

summary() {
  # dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, ..." line per test project;
  # the scenarios one "PASS ..." or "FAIL ..." line per step.
  read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {
      for (i = 1; i <= NF; i++) { if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1) } }
    /^PASS / { p++ } /^FAIL / { f++ }
    END { print p + 0, f + 0 }' "$results")
  echo "$passed passed, $failed failed"
}

log "building the solution"
dotnet build "$REPO_ROOT/EdgeAgent.sln" -nologo -v q

lane "unit tests (core, daemon and edgectl pure parts; no daemons, no root)" \
  "$REPO_ROOT/tests/EdgeAgent.Core.Tests" "$REPO_ROOT/tests/EdgeAgent.Tests"
log "shellcheck: the scripts under build/ and tests/"
"$REPO_ROOT/build/shellcheck.sh" || status=$?
if [ "$status" -ne 0 ]; then
  summary
  exit "$status"
fi

"$REPO_ROOT/build/setup.sh"
"$REPO_ROOT/build/images.sh" >/dev/null
"$REPO_ROOT/build/registry.sh" >/dev/null

# The agent-process tests run the shipped artifact: the NativeAOT binary, built warning-free.
"$REPO_ROOT/build/publish.sh" linux-x64 "$REPO_ROOT/artifacts/linux-x64"
export EDGEAGENT_BIN="$REPO_ROOT/artifacts/linux-x64/edge-agent"
export EDGECTL_BIN="$REPO_ROOT/artifacts/linux-x64/edgectl"

lane "integration tests (real dockerd, mosquitto, Open vSwitch, the NativeAOT binaries)" "$REPO_ROOT/tests/EdgeAgent.IntegrationTests"

for scenario in "$REPO_ROOT"/tests/e2e/*.sh; do
  log "end-to-end: $(basename "$scenario" .sh)"
  set +e
  bash "$scenario" 2>&1 | tee -a "$results"
  code=${PIPESTATUS[0]}
  set -e
  [ "$code" -eq 0 ] || status=$code
done

projects=$(grep -cE '(Passed|Failed)! +- +Failed:' "$results" || true)
if [ "$status" -eq 0 ] && [ "$projects" -lt 3 ]; then
  echo "error: expected results from 3 test projects, saw $projects" >&2
  status=1
fi
summary
exit "$status"
