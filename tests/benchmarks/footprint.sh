#!/usr/bin/env bash
# Benchmark: the agent's footprint on a device with N apps: binary size, RSS 10 s after start, the
# working set over the next minute, RSS sampled every minute through a soak (resync every 2 s, one
# app restarted by hand every minute, so events and passes keep coming), CPU time per hour, and
# start to first pass on a converged device.
#   tests/benchmarks/footprint.sh [N] [SOAK_MINUTES]      (defaults: 20 apps, 60 minutes)
# The agent runs against its own dockerd in its own network namespace, so an hour-long soak neither
# disturbs nor is disturbed by tests or other benchmarks on the machine's dockerd.
# Prints figures; asserts nothing.
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
source "$REPO_ROOT/tests/benchmarks/bench-lib.sh"
cd "$REPO_ROOT"
n="${1:-20}"
soak="${2:-60}"

"$REPO_ROOT/build/setup.sh"
"$REPO_ROOT/build/images.sh" >/dev/null
[ -x artifacts/linux-x64/edge-agent ] || "$REPO_ROOT/build/publish.sh" linux-x64
agent="${EDGEAGENT_BIN:-$REPO_ROOT/artifacts/linux-x64/edge-agent}"

work="$(mktemp -d)"
netns="footprint-$$"
sock="$work/docker.sock"
dock() { docker -H "unix://$sock" "$@"; }
cleanup() {
  set +e
  [ -n "${daemon_pid:-}" ] && kill "$daemon_pid" 2>/dev/null
  if [ -f "$work/docker.pid" ]; then
    # Containers first: one left running would outlive its dockerd.
    dock ps -aq 2>/dev/null | xargs -r docker -H "unix://$sock" rm -f >/dev/null 2>&1
    kill "$(cat "$work/docker.pid")" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$(cat "$work/docker.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
  fi
  ip netns delete "$netns" 2>/dev/null
  grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

log "starting a dockerd of its own (network namespace $netns)"
ip netns add "$netns"
ip -n "$netns" link set lo up
# nsenter, not `ip netns exec`: that remounts /sys and dockerd then fails.
nsenter --net="/var/run/netns/$netns" dockerd --data-root "$work/docker" --exec-root "$work/exec" -H "unix://$sock" \
  --pidfile "$work/docker.pid" --bip 172.18.250.1/24 > "$work/dockerd.log" 2>&1 &
for _ in $(seq 1 300); do dock version >/dev/null 2>&1 && break; sleep 0.1; done
dock version >/dev/null 2>&1 || die "the benchmark's dockerd did not start: $(tail -n 5 "$work/dockerd.log")"
docker save "$BUSYBOX_IMAGE" | dock load >/dev/null

bench_manifest footprint foot "$n" > "$work/foot.json"
empty_manifest > "$work/empty.json"
printf '{ "deviceId": "foot", "stateDir": "%s/state", "manifestFile": null, "allowUnsigned": true, "policy": { "requireDigest": false }, "resyncSeconds": 60, "docker": { "endpoint": "unix://%s" } }\n' "$work" "$sock" > "$work/once.json"
printf '{ "deviceId": "foot", "stateDir": "%s/state", "manifestFile": "%s/foot.json", "allowUnsigned": true, "policy": { "requireDigest": false }, "resyncSeconds": 2, "docker": { "endpoint": "unix://%s" } }\n' "$work" "$work" "$sock" > "$work/daemon.json"
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

log "converging $n apps"
"$agent" apply --manifest "$work/foot.json" --once --allow-unsigned --config "$work/once.json" >/dev/null

log "start to first pass on the converged device (5 runs)"
firsts=()
for _ in 1 2 3 4 5; do
  t0=$(now_ms)
  EDGEAGENT_LOG_LEVEL=Debug "$agent" run --config "$work/daemon.json" >"$work/start.log" 2>&1 &
  daemon_pid=$!
  until grep -q 'converged, nothing to do' "$work/start.log"; do sleep 0.01; done
  firsts+=($(( $(now_ms) - t0 )))
  kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=
done
first_ms=$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 3p)

log "soak: edge-agent run for $soak minute(s), resync 2 s, one app restarted every minute"
# Debug: every pass logs the managed heap after the last collection, which tells a leak (it grows
# across full collections) from the GC's pacing (RSS rises until a full collection, then settles).
EDGEAGENT_LOG_LEVEL=Debug "$agent" run --config "$work/daemon.json" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
heap() { grep -o 'Managed heap [0-9]* KiB after the last collection ([0-9]* full)' "$work/daemon.log" | tail -1 | awk '{ print $3 " " substr($9, 2) }'; }
sleep 10
rss10=$(rss "$daemon_pid")
# The working set: pages the agent actually touches in a minute of passes (the kernel's referenced
# bits, cleared first). RSS is larger: it also counts file pages mapped around each one touched.
echo 1 > "/proc/$daemon_pid/clear_refs"
sleep 60
referenced() { awk -v f="${2:-}" '/^[0-9a-f]+-[0-9a-f]+ / { m = (f == "" || index($0, f)) } m && /^Referenced:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps"; }
working_set=$(referenced "$daemon_pid")
working_binary=$(referenced "$daemon_pid" "$(readlink -f "$agent")")
ticks0=$(cpu_ticks "$daemon_pid"); t0=$(date +%s)
samples=()
heaps=()
for minute in $(seq 1 "$soak"); do
  dock restart -t 1 "foot$(printf '%0*d' "${#n}" $(( (minute - 1) % n + 1 )))" >/dev/null
  sleep 60
  samples+=("$(rss "$daemon_pid")")
  read -r heap_kib full_gcs <<<"$(heap)"
  heaps+=("${heap_kib:-0}")
  printf '  minute %3d: RSS %s KiB, managed heap %s KiB after the last collection (%s full so far)\n' "$minute" "${samples[-1]}" "${heap_kib:-?}" "${full_gcs:-?}" >&2
done
ticks1=$(cpu_ticks "$daemon_pid"); t1=$(date +%s)
hz=$(getconf CLK_TCK)
cpu_per_hour=$(awk -v d=$(( ticks1 - ticks0 )) -v hz="$hz" -v s=$(( t1 - t0 )) 'BEGIN { printf "%.1f", d / hz * 3600 / s }')
warm=$(( soak > 5 ? 5 : 0 ))
after=("${samples[@]:$warm}")
min=$(printf '%s\n' "${after[@]}" | sort -n | head -1); max=$(printf '%s\n' "${after[@]}" | sort -n | tail -1)
size=$(stat -c %s "$agent")

echo
echo "== edge-agent footprint, $n apps =="
echo "binary: $size bytes ($(awk -v s="$size" 'BEGIN{printf "%.1f", s/1048576}') MiB)"
echo "RSS 10 s after start: $rss10 KiB"
echo "working set, pages touched in a minute of passes: $working_set KiB (of them the binary's own file: $working_binary KiB)"
echo "RSS over the soak after minute $warm: min $min KiB, max $max KiB, last ${samples[-1]} KiB (growth $(( ${samples[-1]} - min )) KiB)"
heaps_after=("${heaps[@]:$warm}")
echo "managed heap after the last collection, after minute $warm: first ${heaps_after[0]} KiB, min $(printf '%s\n' "${heaps_after[@]}" | sort -n | head -1) KiB, max $(printf '%s\n' "${heaps_after[@]}" | sort -n | tail -1) KiB, last ${heaps[-1]} KiB"
echo "CPU: $cpu_per_hour s per hour (resync 2 s, one restart a minute)"
echo "start to first pass (converged device, median of 5): $first_ms ms"
