#!/usr/bin/env bash
# Benchmark: the agent's Open vSwitch stage against a real ovsdb-server/ovs-vswitchd (userspace
# datapath, in a namespace of its own): a pass that builds a 10-peer GRE mesh from empty, the no-op
# pass after it, and the OVSDB round trips of each; side by side with the thesis's way, one
# ovs-vsctl call per tunnel (listing B.6's configuregretunnel loop).
#   tests/benchmarks/ovs-pass.sh [ROUNDS]      (default 5)
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
source "$REPO_ROOT/tests/benchmarks/bench-lib.sh"
rounds="${1:-5}"
"$REPO_ROOT/build/setup.sh" >/dev/null
agent="$REPO_ROOT/artifacts/linux-x64/edge-agent"
[ -n "${EDGEAGENT_BENCH_NO_PUBLISH:-}" ] || "$REPO_ROOT/build/publish.sh" linux-x64 "$REPO_ROOT/artifacts/linux-x64" >/dev/null  # the current code, never a stale binary

work="$(mktemp -d /tmp/edgeagent-ovsbench.XXXXXX)"
ns="edgeagent-ovsbench-$$"
cleanup() {
  for pid in "$work"/*.pid; do [ ! -f "$pid" ] || kill "$(cat "$pid")" 2>/dev/null || true; done
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ovsdb-tool create "$work/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$work/conf.db" --remote="punix:$work/db.sock" --pidfile="$work/ovsdb.pid" --unixctl="$work/ovsdb.ctl" --detach --log-file="$work/ovsdb.log"
vsctl() { ovs-vsctl --db="unix:$work/db.sock" "$@"; }
vsctl --no-wait init
ip netns exec "$ns" ovs-vswitchd "unix:$work/db.sock" --pidfile="$work/vswitchd.pid" --unixctl="$work/vswitchd.ctl" --detach --log-file="$work/vswitchd.log"

peers="$(seq 1 11 | sed 's/.*/"192.168.7.&"/' | paste -sd, -)"
cat > "$work/mesh.json" <<JSON
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "mesh", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
  "spec": { "apps": {}, "ovs": {
    "bridges": { "docker-gre": { "datapathType": "netdev", "mtu": 1462, "ports": {} } },
    "mesh": { "bridge": "docker-gre", "type": "gre", "localIp": "192.168.7.11", "peers": [ $peers ] } } } }
JSON
cat > "$work/agent.json" <<JSON
{ "deviceId": "pi-01", "stateDir": "$work/state", "trustRoot": "$work/root.json", "allowUnsigned": true,
  "ovsdb": { "endpoint": "unix:$work/db.sock" }, "policy": { "requireDigest": false } }
JSON

build_ms=(); noop_ms=(); build_trips=(); noop_trips=(); thesis_ms=(); thesis_nowait_ms=()
for _ in $(seq 1 "$rounds"); do
  vsctl --if-exists del-br docker-gre; rm -rf "$work/state"
  out="$(nsenter --net="/var/run/netns/$ns" -- "$agent" apply --manifest "$work/mesh.json" --once --config "$work/agent.json")"
  stages="$(grep 'ovs stage:' <<<"$out")"
  [ "$(wc -l <<<"$stages")" -ge 2 ] || die "unexpected agent output: $out"
  build_ms+=("$(sed -n 1p <<<"$stages" | sed -E 's/.* ([0-9.]+) ms$/\1/')")
  build_trips+=("$(sed -n 1p <<<"$stages" | sed -E 's/.* ([0-9]+) OVSDB.*/\1/')")
  noop_ms+=("$(sed -n 2p <<<"$stages" | sed -E 's/.* ([0-9.]+) ms$/\1/')")
  noop_trips+=("$(sed -n 2p <<<"$stages" | sed -E 's/.* ([0-9]+) OVSDB.*/\1/')")

  # The thesis's way: one bridge, then one ovs-vsctl per tunnel.
  vsctl --if-exists del-br docker-gre
  start=$(date +%s%N)
  vsctl add-br docker-gre -- set bridge docker-gre datapath_type=netdev
  for i in $(seq 1 10); do vsctl add-port docker-gre "gre$i" -- set interface "gre$i" type=gre "options:remote_ip=192.168.7.$i"; done
  thesis_ms+=($(( ($(date +%s%N) - start) / 1000000 )))

  # The same without waiting for ovs-vswitchd (the agent does not wait either): database time only.
  vsctl --if-exists del-br docker-gre
  start=$(date +%s%N)
  vsctl --no-wait add-br docker-gre -- set bridge docker-gre datapath_type=netdev
  for i in $(seq 1 10); do vsctl --no-wait add-port docker-gre "gre$i" -- set interface "gre$i" type=gre "options:remote_ip=192.168.7.$i"; done
  thesis_nowait_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
done

b=$(printf '%s\n' "${build_ms[@]}" | median); n=$(printf '%s\n' "${noop_ms[@]}" | median); t=$(printf '%s\n' "${thesis_ms[@]}" | median)
tn=$(printf '%s\n' "${thesis_nowait_ms[@]}" | median)
echo "Open vSwitch stage, 10-peer GRE mesh, userspace datapath, median of $rounds:"
printf '  agent, build from empty : %8.1f ms, %s OVSDB round trips (incl. connect+monitor)\n' "$b" "$(printf '%s\n' "${build_trips[@]}" | median)"
printf '  agent, no-op pass       : %8.1f ms, %s OVSDB round trip(s)\n' "$n" "$(printf '%s\n' "${noop_trips[@]}" | median)"
printf '  thesis loop (ovs-vsctl) : %8.1f ms, 11 ovs-vsctl processes (each its own connection and transaction, waiting for ovs-vswitchd)\n' "$t"
printf '  same with --no-wait     : %8.1f ms (database only, like the agent)\n' "$tn"
awk -v b="$b" -v t="$tn" 'BEGIN { printf "  ratio thesis --no-wait / agent build: %.1fx\n", t / b }'
