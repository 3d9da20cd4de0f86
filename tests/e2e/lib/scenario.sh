# Shared by the end-to-end scenarios: one PASS/FAIL line per step, a non-zero exit on any failure,
# and everything registered with `cleanup` torn down at exit. Source it; do not run it.
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

finish() {
  [ "$failures" -eq 0 ] || { echo "$failures step(s) failed" >&2; exit 1; }
}
