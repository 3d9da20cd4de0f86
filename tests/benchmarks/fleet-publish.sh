#!/usr/bin/env bash
# Benchmark: the fleet's fan-out. N simulated devices, each the agent's real MQTT/TLS session, trust,
# merge, reconcile loop and status code (Docker replaced by memory), against one mosquitto with
# broker-config/mosquitto.conf and the three-node NATS cluster of broker-config/nats/, on loopback.
# Per broker and N: connect + first report, publish -> every device reported converged (p50, p99,
# all), the brokers' CPU and peak memory, and a reconnection storm (every node restarted at once,
# time until all are back and a publish made then reached all). Prints figures; asserts nothing.
#   tests/benchmarks/fleet-publish.sh [--broker mosquitto|nats|both] [--no-storm] [--refresh-seconds S]
#                                     [--subscribe-qos 0|1] [--connect-rate R] [--phase-minutes M] [N...]
#   (default: both brokers, 1000 devices started all at once, the agent's default refresh of 300 s,
#    5 minutes for each phase before the run reports how far it got)
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
cd "$REPO_ROOT"

brokers=both storm=1 refresh=300 qos=1 rate=0 phase=5 sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --broker) brokers="${2:?--broker: mosquitto, nats or both}"; shift 2 ;;
    --no-storm) storm=0; shift ;;
    --refresh-seconds) refresh="${2:?--refresh-seconds: seconds}"; shift 2 ;;
    --connect-rate) rate="${2:?--connect-rate: devices per second}"; shift 2 ;;
    --subscribe-qos) qos="${2:?--subscribe-qos: 0 or 1}"; shift 2 ;;
    --phase-minutes) phase="${2:?--phase-minutes: minutes}"; shift 2 ;;
    *[!0-9]* | "") die "usage: $0 [--broker mosquitto|nats|both] [--no-storm] [--refresh-seconds S] [--subscribe-qos 0|1] [--connect-rate R] [--phase-minutes M] [N...]: \"$1\" is not a number of devices" ;;
    *) sizes+=("$1"); shift ;;
  esac
done
case "$brokers" in mosquitto | nats | both) ;; *) die "--broker: mosquitto, nats or both, not \"$brokers\"" ;; esac
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
max="$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)"

"$REPO_ROOT/build/setup.sh" >/dev/null
# Every device holds a socket in the simulator and one in the broker (each a process with this limit).
want=$((max + 4096))
[ "$(ulimit -n)" -ge "$want" ] || ulimit -n "$want" 2>/dev/null || die "raise the open-files limit to $want or more (ulimit -n): each device holds a socket"
dotnet build -c Release tests/benchmarks/EdgeAgent.FleetBench -v quiet -nologo >/dev/null
bench() { dotnet tests/benchmarks/EdgeAgent.FleetBench/bin/Release/net10.0/EdgeAgent.FleetBench.dll "$@"; }

work="$(mktemp -d /tmp/edgeagent-fleetbench.XXXXXX)"
export work
source tests/e2e/lib/nats-cluster.sh

# --- mosquitto, from broker-config/ ------------------------------------------------------------------
export mosquitto_port=18990
start_mosquitto() {
  mkdir -p "$work/mosquitto/data"
  sed -e "s#^listener 8883#listener $mosquitto_port 127.0.0.1#" -e "s#/var/lib/mosquitto/#$work/mosquitto/data/#" \
      -e "s#/etc/mosquitto/certs/ca.pem#$work/pki/ca/ca.pem#" -e "s#/etc/mosquitto/certs/broker.pem#$work/pki/broker/localhost.pem#" \
      -e "s#/etc/mosquitto/certs/broker.key#$work/pki/broker/localhost.key#" -e "s#/etc/mosquitto/edgeagent.acl#$work/mosquitto/edgeagent.acl#" \
      broker-config/mosquitto.conf > "$work/mosquitto/mosquitto.conf"
  printf '\nuser root\n' >> "$work/mosquitto/mosquitto.conf" # as root it would switch users and lose the 0600 keys
  # Every bench device is in the group: one pattern line instead of ten thousand user blocks.
  { cat broker-config/edgeagent.acl; printf '\npattern read edge/v1/groups/bench/desired\n'; } > "$work/mosquitto/edgeagent.acl"
  /usr/sbin/mosquitto -c "$work/mosquitto/mosquitto.conf" >> "$work/mosquitto/log" 2>&1 &
  echo $! > "$work/mosquitto/pid"
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$mosquitto_port") 2>/dev/null && return 0; sleep 0.1; done
  die "mosquitto did not listen: $(tail -3 "$work/mosquitto/log")"
}
stop_mosquitto() { local pid; pid="$(cat "$work/mosquitto/pid" 2>/dev/null)" && kill "$pid" 2>/dev/null && gone "$pid"; true; }
restart_mosquitto() { stop_mosquitto && start_mosquitto; }

# --- the NATS cluster, from broker-config/nats/ -------------------------------------------------------
stop_cluster() { local n; for n in 1 2 3; do stop_node "$n" & done; wait; }
restart_cluster() { local n; stop_cluster; for n in 1 2 3; do start_node "$n"; done; for n in 1 2 3; do node_ready "$n" >&2 || return 1; done; }

teardown() { stop_mosquitto; for n in 1 2 3; do kill_node "$n"; done; rm -rf "$work"; }
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mapfile -t shell_functions < <(declare -F | awk '{print $3}')
export -f "${shell_functions[@]}" # the storm command runs them in a child bash
mosquitto_storm=() cluster_storm=() # the arguments that restart the brokers mid-run, unless --no-storm
if [ "$storm" = 1 ]; then mosquitto_storm=(--storm restart_mosquitto) cluster_storm=(--storm restart_cluster); fi

started=$SECONDS
bench pki --work "$work" --devices "$max" > "$work/pki.log" 2>&1 || die "the fleet PKI: $(tail -5 "$work/pki.log")"
echo "fleet fan-out: $(nproc) cores, $max device certificates in $((SECONDS - started)) s; mosquitto $(/usr/sbin/mosquitto -h | awk 'NR==1 {print $3}'), nats-server $(nats-server --version | awk '{print $2}'); TLS, manifests published at QoS 1, 3 publishes per size"
for size in "${sizes[@]}"; do
  if [ "$brokers" != nats ]; then
    rm -rf "$work/mosquitto" && start_mosquitto
    bench run --work "$work" --devices "$size" --refresh-seconds "$refresh" --connect-rate "$rate" --subscribe-qos "$qos" --phase-minutes "$phase" --label "mosquitto     " --broker "mqtts://localhost:$mosquitto_port" \
      --pid-file "$work/mosquitto/pid" "${mosquitto_storm[@]}" || true # its figures say how far it got
    stop_mosquitto
  fi
  if [ "$brokers" != mosquitto ]; then
    rm -rf "$work/nodes"
    for n in 1 2 3; do configure_node "$n" >/dev/null || die "node $n: configuration"; done
    for n in 1 2 3; do start_node "$n"; done
    for n in 1 2 3; do node_ready "$n" >&2 || die "the cluster did not form"; done
    bench run --work "$work" --devices "$size" --refresh-seconds "$refresh" --connect-rate "$rate" --subscribe-qos "$qos" --phase-minutes "$phase" --label "NATS 3 nodes  " --protocol mqtt311 \
      --broker "mqtts://localhost:$(mqtt_port 1)" --broker "mqtts://localhost:$(mqtt_port 2)" --broker "mqtts://localhost:$(mqtt_port 3)" \
      --pid-file "$(node_dir 1)/pid" --pid-file "$(node_dir 2)/pid" --pid-file "$(node_dir 3)/pid" \
      "${cluster_storm[@]}" || true
    stop_cluster
  fi
done
