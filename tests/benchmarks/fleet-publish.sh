#!/usr/bin/env bash
# Benchmark: time from one published group manifest to every device reporting it applied and
# converged, for N simulated devices (the agent's real MQTT/TLS session, trust, merge, reconcile
# loop and status code per device; Docker replaced by memory) against a real mosquitto with
# broker-config/. Prints p50/p99 per N.
#   tests/benchmarks/fleet-publish.sh [N...]      (default: 100 1000)
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
"$REPO_ROOT/build/setup.sh" >/dev/null
[ "$(ulimit -n)" -ge 4096 ] || ulimit -n 4096 2>/dev/null || die "raise the open-files limit to 4096 or more (ulimit -n): each device holds a socket"
dotnet build -c Release "$REPO_ROOT/tests/benchmarks/EdgeAgent.FleetBench" -v quiet -nologo >/dev/null
[ $# -gt 0 ] || set -- 100 1000
dotnet run -c Release --no-build --project "$REPO_ROOT/tests/benchmarks/EdgeAgent.FleetBench" -- "$@" | grep -v '^fleet CA'
