#!/usr/bin/env bash
# End-to-end: the agent's binary within its size budget, its symbols kept beside it, and a stack
# trace of bare offsets (the binary carries no method names) named by build/symbolize.sh.
#   tests/e2e/symbols.sh      (publishes the linux-x64 binaries if artifacts/ has none)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"
out="$REPO_ROOT/artifacts/linux-x64"
[ -x "$out/edge-agent" ] && [ -f "$out/symbols/edge-agent.dbg" ] \
  || "$REPO_ROOT/build/publish.sh" linux-x64 "$out" >/dev/null || die "build/publish.sh failed"
agent="$out/edge-agent"
symbols="$out/symbols/edge-agent.dbg"
work="$(mktemp -d)"
cleanup rm -rf "$work"

within_budget() { # the footprint target: 12 MiB
  local size; size=$(stat -c %s "$agent")
  echo "edge-agent: $size bytes"
  [ "$size" -le $((12 * 1024 * 1024)) ]
}
step "the agent binary is within its 12 MiB budget" within_budget
step "publish keeps the agent's symbols beside it, not in what ships" test -s "$symbols" -a ! -e "$out/edge-agent.dbg"

# A trace as the runtime prints it, at the offsets of two of the agent's own methods.
# Symbols are matched from their start: a method's name also appears inside generic instantiations over it.
offset_of() { llvm-nm-14 "$symbols" | awk -v name="$1" 'index($3, name) == 1 { print $1; exit }'; }
pass_at=$(offset_of edge_agent_EdgeAgent_Hosting_PassRunner__RunAsync)
apply_at=$(offset_of EdgeAgent_Core_EdgeAgent_Core_Execution_PlanRunner__ExecuteAsync)
{ [ -n "$pass_at" ] && [ -n "$apply_at" ]; } || die "the symbols file has no PassRunner.RunAsync or PlanRunner.ExecuteAsync (renamed?)"
{
  echo "Unhandled exception. System.InvalidOperationException: boom"
  printf '   at edge-agent!<BaseAddress>+0x%x\n' $((16#${pass_at:-0} + 4)) $((16#${apply_at:-0} + 4))
  echo "a line that is not a frame"
} > "$work/trace.txt"

names_frames() {
  build/symbolize.sh "$symbols" "$work/trace.txt" > "$work/named.txt" || return 1
  cat "$work/named.txt"
  grep -q 'at [^ ]*PassRunner__RunAsync[^ ]* (.*:[0-9]*)' "$work/named.txt" \
    && grep -q 'at [^ ]*PlanRunner__ExecuteAsync[^ ]* (.*:[0-9]*)' "$work/named.txt" \
    && ! grep -q 'BaseAddress' "$work/named.txt" \
    && grep -qx 'a line that is not a frame' "$work/named.txt" \
    && grep -qx 'Unhandled exception. System.InvalidOperationException: boom' "$work/named.txt"
}
step "build/symbolize.sh names each frame with its method, file and line" names_frames
step "a log without frames passes through unchanged" \
  bash -c "printf 'one\ntwo\n' | build/symbolize.sh '$symbols' | diff - <(printf 'one\ntwo\n')"
refuses_missing() { ! build/symbolize.sh "$work/none.dbg" "$work/trace.txt" 2> "$work/err" && grep -q "none.dbg: no such symbols file" "$work/err"; }
step "a missing symbols file is refused by name" refuses_missing
finish
