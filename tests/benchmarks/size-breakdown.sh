#!/usr/bin/env bash
# Where the bytes of the NativeAOT edge-agent go: publishes it with the ILC's map file and prints
# its size by assembly, by namespace-like prefix and by kind of node (size-breakdown.py).
# Usage: tests/benchmarks/size-breakdown.sh [linux-x64|linux-arm64] [TOP]
# The map counts type structures at their size in memory (they are stored compressed in the file,
# as "DehydratedData"), so its total is larger than the binary: read shares, not sums.
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
rid="${1:-linux-x64}"
top="${2:-25}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
EDGEAGENT_PROJECTS=EdgeAgent EDGEAGENT_PUBLISH_FLAGS="-p:IlcGenerateMapFile=true" "$REPO_ROOT/build/publish.sh" "$rid" "$out"
native="$REPO_ROOT/agent/EdgeAgent/obj/Release/net10.0/$rid/native"
printf 'edge-agent %s: %s bytes (%s KiB)\n' "$rid" "$(stat -c %s "$out/edge-agent")" "$(( $(stat -c %s "$out/edge-agent") / 1024 ))"
python3 "$REPO_ROOT/tests/benchmarks/size-breakdown.py" "$native/edge-agent.map.xml" "$native/edge-agent.ilc.rsp" "$top"
