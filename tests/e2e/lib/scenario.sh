# shellcheck shell=bash
# Shared by the end-to-end scenarios: one PASS/FAIL line per step, a non-zero exit on any failure,
# and everything registered with `cleanup` torn down at exit. Source it; do not run it.
# shellcheck source=build/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../build" && pwd)/lib.sh"
set +e
failures=0
cleanups=()

cleanup() { cleanups+=("$*"); }
teardown() {
  local i
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do eval "${cleanups[$i]}" >/dev/null 2>&1; done
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM # a killed scenario still tears down what it started

step() { # description, then the command that must succeed
  local what="$1"; shift
  local output
  if output="$("$@" 2>&1)"; then
    echo "PASS $what"
  else
    echo "FAIL $what"
    printf '%s\n' "$output" | tail -15 | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

# The machine (setup.sh, images.sh) and the NativeAOT binaries, published unless EDGEAGENT_BIN names
# them (build/test.sh does); sets $agent and $edgectl.
# shellcheck disable=SC2034 # $agent and $edgectl are for the scenario that sources this
prepare_agent() {
  "$REPO_ROOT/build/setup.sh" >/dev/null 2>&1 || die "build/setup.sh failed"
  "$REPO_ROOT/build/images.sh" >/dev/null 2>&1 || die "build/images.sh failed"
  if [ -z "${EDGEAGENT_BIN:-}" ]; then
    "$REPO_ROOT/build/publish.sh" linux-x64 "$REPO_ROOT/artifacts/linux-x64" >/dev/null || die "build/publish.sh failed"
  fi
  agent="${EDGEAGENT_BIN:-$REPO_ROOT/artifacts/linux-x64/edge-agent}"
  edgectl="${EDGECTL_BIN:-$REPO_ROOT/artifacts/linux-x64/edgectl}"
}

finish() {
  [ "$failures" -eq 0 ] || { echo "$failures step(s) failed" >&2; exit 1; }
}
