#!/usr/bin/env bash
# Benchmark: what a pass with nothing to do costs on a device with N managed containers, and the
# NativeAOT agent's size and idle memory, with docker-compose 1.29 (the usual hand-run peer) side by side.
# Docker API requests are counted independently, by a proxy in front of the socket that logs every
# request line (count-proxy.py).
#   tests/benchmarks/noop-pass.sh [N]      (default N=20)
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
source "$REPO_ROOT/tests/benchmarks/bench-lib.sh"
cd "$REPO_ROOT"
n="${1:-20}"

"$REPO_ROOT/build/setup.sh"
"$REPO_ROOT/build/images.sh" >/dev/null
{ command -v python3 >/dev/null && command -v docker-compose >/dev/null; } || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 docker-compose >/dev/null; }
[ -x artifacts/linux-x64/edge-agent ] || "$REPO_ROOT/build/publish.sh" linux-x64
agent="$REPO_ROOT/artifacts/linux-x64/edge-agent"

work="$(mktemp -d)"
proxy_log="$work/requests.log"
cleanup() {
  [ -z "${daemon_pid:-}" ] || kill "$daemon_pid" 2>/dev/null || true
  [ -z "${proxy_pid:-}" ] || kill "$proxy_pid" 2>/dev/null || true
  docker-compose -p benchcompose -f "$work/compose.yml" down -t 1 >/dev/null 2>&1 || true
  "$agent" apply --manifest "$work/empty.json" --once --allow-unsigned --config "$work/direct.json" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# N apps with limits: the same in the manifest and in the compose file.
bench_manifest bench bench "$n" > "$work/bench.json"
{
  echo 'version: "2.4"'
  echo 'services:'
  for i in $(seq -w 1 "$n"); do
    printf '  c%s:\n    image: %s\n    command: ["sleep", "86400"]\n    init: true\n    mem_limit: 16m\n    cpus: 0.1\n    cpu_shares: 128\n    pids_limit: 16\n' "$i" "$BUSYBOX_IMAGE"
  done
} > "$work/compose.yml"
empty_manifest > "$work/empty.json"

config() { # $1 file, $2 docker endpoint, $3 manifest or null, $4 resync seconds
  printf '{ "deviceId": "bench", "stateDir": "%s/state", "docker": { "endpoint": "%s" }, "manifestFile": %s, "allowUnsigned": true, "policy": { "requireDigest": false }, "resyncSeconds": %s }\n' \
    "$work" "$2" "$3" "$4" > "$1"
}
config "$work/direct.json" "unix:///var/run/docker.sock" null 60
config "$work/proxied.json" "unix://$work/docker.sock" null 60
config "$work/daemon.json" "unix://$work/docker.sock" "\"$work/bench.json\"" 2

python3 "$REPO_ROOT/tests/benchmarks/count-proxy.py" "$work/docker.sock" "$proxy_log" &
proxy_pid=$!
sleep 0.5
# The agent logs its own count per observation (Debug); the proxy's log is the independent cross-check.
agent_calls() { grep -o 'with [0-9]* Docker API calls' "$1" | awk '{ s += $2 } END { print s + 0 }'; }
requests() { wc -l < "$proxy_log"; }
reset_requests() { : > "$proxy_log"; }

log "converging $n apps with edge-agent"
"$agent" apply --manifest "$work/bench.json" --once --allow-unsigned --config "$work/direct.json" >/dev/null

log "edge-agent apply --once on a converged device (fresh process: full inspection), 5 runs"
times=()
for _ in 1 2 3 4 5; do
  reset_requests; t0=$(now_ms)
  EDGEAGENT_LOG_LEVEL=Debug "$agent" apply --manifest "$work/bench.json" --once --allow-unsigned --config "$work/proxied.json" >"$work/apply.log" 2>&1
  times+=($(( $(now_ms) - t0 ))); cold_calls=$(agent_calls "$work/apply.log"); cold_proxy=$(requests)
  grep -q 'pass 1: nothing to do' "$work/apply.log" || die "apply --once planned work on a converged device"
done
cold_ms=$(printf '%s\n' "${times[@]}" | median)

log "edge-agent run: steady state with the Docker event stream connected (resync every 2 s)"
EDGEAGENT_LOG_LEVEL=Debug "$agent" run --config "$work/daemon.json" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
sleep 6
lines_before=$(wc -l < "$work/daemon.log")
reset_requests
sleep 20
daemon_proxy=$(requests)
tail -n +"$((lines_before + 1))" "$work/daemon.log" > "$work/window.log"
daemon_calls=$(agent_calls "$work/window.log")
passes=$(grep -c 'Observed ' "$work/window.log" || true)
per_pass=$(awk -v c="$daemon_calls" -v p="$passes" 'BEGIN { printf "%.1f", c / p }')
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$daemon_pid/status")
kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=

log "peer: docker-compose 1.29 up -d on an already converged project of $n services, 5 runs"
DOCKER_HOST="unix:///var/run/docker.sock" docker-compose -p benchcompose -f "$work/compose.yml" up -d >/dev/null 2>&1
ctimes=()
for _ in 1 2 3 4 5; do
  reset_requests; t0=$(now_ms)
  DOCKER_HOST="unix://$work/docker.sock" docker-compose -p benchcompose -f "$work/compose.yml" up -d >/dev/null 2>&1
  ctimes+=($(( $(now_ms) - t0 ))); compose_calls=$(requests)
done
compose_ms=$(printf '%s\n' "${ctimes[@]}" | median)

log "idle memory: NativeAOT edge-agent vs the same agent on the JIT runtime, both running with $n apps converged"
config "$work/daemon-direct.json" "unix:///var/run/docker.sock" "\"$work/bench.json\"" 60
"$agent" run --config "$work/daemon-direct.json" >/dev/null 2>&1 & aot_pid=$!
jit_dir="$work/jit"; dotnet publish agent/EdgeAgent -c Release -p:PublishAot=false -o "$jit_dir" -nologo -v:q >/dev/null
dotnet "$jit_dir/edge-agent.dll" run --config "$work/daemon-direct.json" >/dev/null 2>&1 & jit_pid=$!
sleep 15
aot_rss=$(awk '/VmRSS/ {print $2}' "/proc/$aot_pid/status"); jit_rss=$(awk '/VmRSS/ {print $2}' "/proc/$jit_pid/status")
kill "$aot_pid" "$jit_pid"; wait "$aot_pid" "$jit_pid" 2>/dev/null || true

size=$(stat -c %s "$agent")
echo
echo "== no-op pass with $n managed containers =="
printf '%-48s %10s %12s\n' "" "API calls" "wall ms"
printf '%-48s %10s %12s\n' "edge-agent apply --once (new process)" "$cold_calls" "$cold_ms"
printf '%-48s %10s %12s\n' "  (same, counted by the socket proxy)" "$cold_proxy" "-"
printf '%-48s %10s %12s\n' "edge-agent run, steady state (per pass, $passes passes)" "$per_pass" "-"
printf '%-48s %10s %12s\n' "  (same, proxy count per pass)" "$(awk -v c="$daemon_proxy" -v p="$passes" 'BEGIN { printf "%.1f", c / p }')" "-"
printf '%-48s %10s %12s\n' "docker-compose up -d (peer, proxy count)" "$compose_calls" "$compose_ms"
awk -v a="$cold_ms" -v c="$compose_ms" 'BEGIN { printf "edge-agent / compose wall time: %.2f\n", a / c }'
echo
echo "== edge-agent binary =="
echo "NativeAOT linux-x64 size: $(( size / 1024 )) KiB ($(awk -v s="$size" 'BEGIN{printf "%.1f", s/1048576}') MiB)"
echo "idle RSS, NativeAOT: $aot_rss KiB; JIT runtime: $jit_rss KiB; ratio $(awk -v a="$aot_rss" -v j="$jit_rss" 'BEGIN{printf "%.2f", a/j}')"
echo "daemon RSS after 20 s of 2 s resyncs: $rss_kb KiB"
