#!/usr/bin/env bash
# Names the frames of an edge-agent stack trace. The agent's binary carries no method names (they
# cost 650 KiB; agent/EdgeAgent/EdgeAgent.csproj), so a frame reads
#   at edge-agent!<BaseAddress>+0x5d2ca8
# and this looks each offset up in the symbols kept beside that build (OUT/symbols/edge-agent.dbg
# from build/publish.sh; keep the file of every release you ship).
# Usage: build/symbolize.sh SYMBOLS.dbg [LOG]        (LOG defaults to standard input)
#   journalctl -u edge-agent | build/symbolize.sh artifacts/linux-arm64/symbols/edge-agent.dbg
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
{ [ $# -ge 1 ] && [ $# -le 2 ]; } || die "usage: build/symbolize.sh SYMBOLS.dbg [LOG]"
symbols="$1"
[ -f "$symbols" ] || die "$symbols: no such symbols file (build/publish.sh leaves them in OUT/symbols/)"
log_file="${2:-/dev/stdin}"
if command -v llvm-symbolizer-14 >/dev/null 2>&1; then lookup=(llvm-symbolizer-14 --obj="$symbols" --output-style=GNU --no-inlines)
elif command -v addr2line >/dev/null 2>&1; then lookup=(addr2line -f -e "$symbols")
else die "needs llvm-symbolizer-14 (apt-get install llvm-14) or addr2line (binutils)"; fi

text="$(cat "$log_file")"
mapfile -t offsets < <(grep -oE '![<]BaseAddress[>]\+0x[0-9a-fA-F]+' <<<"$text" | sed 's/.*+//' | sort -u)
[ ${#offsets[@]} -gt 0 ] || { printf '%s\n' "$text"; exit 0; }
# Both tools answer two lines per address, the function then file:line (inlined frames left out:
# llvm-symbolizer would otherwise add a pair for each, and the answers would no longer line up).
mapfile -t answers < <(printf '%s\n' "${offsets[@]}" | "${lookup[@]}")
script=()
for i in "${!offsets[@]}"; do
  name="${answers[$((2 * i))]:-??}"; place="${answers[$((2 * i + 1))]:-??}"
  [ "$name" = "??" ] && continue
  name="${name//&/\\&}"; place="${place//&/\\&}"
  script+=(-e "s|[A-Za-z0-9._-]*![<]BaseAddress[>]+${offsets[$i]}\b|${name//|/\\|} (${place//|/\\|})|g")
done
[ ${#script[@]} -gt 0 ] || { printf '%s\n' "$text"; exit 0; }
printf '%s\n' "$text" | sed "${script[@]}"
