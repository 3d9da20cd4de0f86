#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need (dockerd, images, the
# NativeAOT toolchain), publishes the NativeAOT agent, and runs every test against it and the
# real Docker engine. Ends with the summary line "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/build/setup.sh"
"$REPO_ROOT/build/images.sh" >/dev/null
"$REPO_ROOT/build/registry.sh" >/dev/null

# The agent-process tests run the shipped artifact: the NativeAOT binary, built warning-free.
"$REPO_ROOT/build/publish.sh" linux-x64 "$REPO_ROOT/artifacts/linux-x64"
export EDGEAGENT_BIN="$REPO_ROOT/artifacts/linux-x64/edge-agent"
export EDGECTL_BIN="$REPO_ROOT/artifacts/linux-x64/edgectl"

log "running tests"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
set +e
dotnet test "$REPO_ROOT/EdgeAgent.sln" -nologo 2>&1 | tee "$results"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, ..." line per test project.
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) { if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1) } }
  END { print p + 0, f + 0 }' "$results")
projects=$(grep -cE '(Passed|Failed)! +- +Failed:' "$results" || true)
if [ "$status" -eq 0 ] && [ "$projects" -lt 2 ]; then
  echo "error: expected results from 2 test projects, saw $projects" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
