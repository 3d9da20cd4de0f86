#!/usr/bin/env bash
# Benchmark: the dashboard (`edgectl fleet serve`) under hostile devices and browsers that never read
# (issue N, item 5). A private mosquitto with broker-config/ (TLS, certificates, the ACL) on a free
# loopback port; DEVICES devices each publish a status as large as a packet allows and 30 events of
# 400 KB; CLIENTS server-sent-event streams open and never read, one more reads everything; the
# devices keep publishing a change every 0.5 s for SECONDS; then no change until the stalled streams
# are dropped. Per edgectl: /api/fleet's size, fleet serve's RSS before the clients and its peak
# (VmHWM), the kernel's TCP buffer memory at its peak (machine-wide: what stalled streams were sent
# waits there, outside RSS), the streams accepted, refused (503) and disconnected, what the reading
# stream was sent, and whether the page and a new stream are still served. The peer is the edgectl before the fix (commit 3327105), run
# under a memory cap: past CAP_MB of RSS it is stopped and reported as "> CAP_MB".
#   tests/benchmarks/dashboard-slow-clients.sh [--devices N] [--clients C] [--seconds S] [--cap-mb MB]
#                                              [--peer EDGECTL | --no-peer]
#   (defaults: 3 devices, 400 clients, 60 s of changes, a 2048 MB cap; without --peer the peer is
#    published from a scratch git worktree at 3327105, which takes a few minutes)
# edgectl itself: EDGECTL_BIN, or artifacts/linux-x64/edgectl (published when missing).
# Prints figures; asserts nothing.
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
cd "$REPO_ROOT"

devices=3 clients=400 seconds=60 cap=2048 peer="" peer_commit=3327105
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices="${2:?--devices: a number}"; shift 2 ;;
    --clients) clients="${2:?--clients: a number}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds: a number}"; shift 2 ;;
    --cap-mb) cap="${2:?--cap-mb: megabytes}"; shift 2 ;;
    --peer) peer="${2:?--peer: the path of an edgectl}"; shift 2 ;;
    --no-peer) peer=none; shift ;;
    *) die "usage: $0 [--devices N] [--clients C] [--seconds S] [--cap-mb MB] [--peer EDGECTL | --no-peer]: unknown argument \"$1\"" ;;
  esac
done
for n in "$devices" "$clients" "$seconds" "$cap"; do
  case "$n" in *[!0-9]* | "" | 0) die "--devices, --clients, --seconds and --cap-mb take a positive number, not \"$n\"" ;; esac
done
[ "$devices" -le 99 ] || die "--devices: at most 99"

edgectl="${EDGECTL_BIN:-$REPO_ROOT/artifacts/linux-x64/edgectl}"
[ -x "$edgectl" ] || EDGEAGENT_PROJECTS=EdgeCtl build/publish.sh linux-x64 "$REPO_ROOT/artifacts/linux-x64" >/dev/null
want=$((clients + 1024))
[ "$(ulimit -n)" -ge "$want" ] || ulimit -n "$want" 2>/dev/null || die "raise the open-files limit to $want or more (ulimit -n): each client holds a socket"

work="$(mktemp -d /tmp/edgeagent-dashboard-bench.XXXXXX)"
mosquitto_pid="" scratch=""
teardown() {
  [ -z "$mosquitto_pid" ] || { kill "$mosquitto_pid" 2>/dev/null; wait "$mosquitto_pid" 2>/dev/null; } # it writes its database as it exits
  [ -z "$scratch" ] || git -C "$REPO_ROOT" worktree remove --force "$scratch" 2>/dev/null
  rm -rf "$work"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The peer: edgectl as it was when the issue was filed, from a scratch worktree (removed at exit).
if [ -z "$peer" ]; then
  scratch="$work/peer-src"
  log "publishing the peer edgectl ($peer_commit) in a scratch worktree"
  git -C "$REPO_ROOT" worktree add --detach "$scratch" "$peer_commit" >/dev/null 2>&1 || die "git worktree add $peer_commit failed"
  EDGEAGENT_PROJECTS=EdgeCtl "$scratch/build/publish.sh" linux-x64 "$work/peer" >/dev/null || die "publishing the peer failed"
  peer="$work/peer/edgectl"
fi

# PKI as an operator makes it: the fleet CA, the broker, the read-only monitor, one certificate per device.
(cd "$work" && "$edgectl" ca init --out pki/ca \
  && "$edgectl" cert issue --ca pki/ca --name localhost --kind broker --san 127.0.0.1 --out pki/broker \
  && "$edgectl" cert issue --ca pki/ca --name edge-monitor --kind operator --out pki/monitor) >/dev/null || die "the PKI"
for i in $(seq -w 1 "$devices"); do
  [ ${#i} -ge 2 ] || i="0$i"
  (cd "$work" && "$edgectl" cert issue --ca pki/ca --name "dm-$i" --kind device --out "pki/devices/dm-$i") >/dev/null || die "certificate of dm-$i"
done

# mosquitto as broker-config/ configures it (512 KiB packets, TLS with certificates, the ACL), on a free loopback port.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/broker/data"
sed -e "s#^listener 8883.*#listener $port 127.0.0.1#" -e "s#/var/lib/mosquitto/#$work/broker/data/#" \
    -e "s#/etc/mosquitto/certs/ca.pem#$work/pki/ca/ca.pem#" -e "s#/etc/mosquitto/certs/broker.pem#$work/pki/broker/localhost.pem#" \
    -e "s#/etc/mosquitto/certs/broker.key#$work/pki/broker/localhost.key#" -e "s#/etc/mosquitto/edgeagent.acl#$work/broker/edgeagent.acl#" \
    broker-config/mosquitto.conf > "$work/broker/mosquitto.conf"
printf '\nuser root\n' >> "$work/broker/mosquitto.conf" # as root it would switch users and lose the 0600 keys
cp broker-config/edgeagent.acl "$work/broker/edgeagent.acl"
/usr/sbin/mosquitto -c "$work/broker/mosquitto.conf" > "$work/broker/log" 2>&1 &
mosquitto_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "mosquitto did not listen: $(tail -3 "$work/broker/log")"

echo "dashboard under slow clients: $(nproc) cores; mosquitto $(/usr/sbin/mosquitto -h | awk 'NR==1 {print $3}') on 127.0.0.1:$port;" \
  "$devices devices (a ~360 KB status, 30 events of 400 KB each), $clients streams that never read + 1 that reads, a change every 0.5 s for $seconds s"
runs=("after $edgectl")
[ "$peer" = none ] || runs+=("before $peer")
results=()
for run in "${runs[@]}"; do
  label="${run%% *}" binary="${run#* }"
  log "$label: $binary"
  line="$(python3 tests/benchmarks/dashboard-clients.py "$binary" "$work" "$port" "$devices" "$clients" "$seconds" "$cap")" || die "the $label run failed"
  results+=("$label $line")
done

mb() { case "$1" in - | "") echo - ;; *) awk -v k="$1" 'BEGIN {printf "%.1f MB", k / 1024}' ;; esac; }
echo
echo "| edgectl | /api/fleet | RSS before the clients | RSS every 20 s of changes | peak RSS (VmHWM) | kernel TCP buffers, peak (machine-wide) | streams accepted / refused (503) / disconnected | reading stream: snapshots, bytes ($seconds s) | after: /api/fleet, a new stream, RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
for result in "${results[@]}"; do
  declare -A f=()
  for kv in ${result#* }; do f[${kv%%=*}]="${kv#*=}"; done
  peak="$(mb "${f[peak_kib]}")"
  [ -z "${f[capped]}" ] || peak="> $cap MB (${f[capped]//_/ })"
  after="${f[after]//_/ } bytes, ${f[new_stream]}, $(mb "${f[rss_after_kib]}")"
  [ "${f[alive]}" = True ] || after="not running"
  echo "| ${result%% *} | ${f[fleet_status]//_/ } ${f[fleet_bytes]} bytes | $(mb "${f[rss_before_kib]}") | ${f[rss_every_20s_mb]//,/, } MB | $peak | $(mb "${f[tcp_peak_kib]}") |" \
    "${f[accepted]} / ${f[refused]} / ${f[dropped]}$([ "${f[unanswered]}" = 0 ] || echo " (${f[unanswered]} unanswered)") |" \
    "${f[reader_snapshots]}, ${f[reader_bytes]}$([ "${f[reader_open]}" = True ] && echo ", still open" || echo ", closed") | $after |"
  unset f
done
