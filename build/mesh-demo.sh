#!/usr/bin/env bash
# The thesis's GRE mesh on one machine (the last step of build/demo.sh): three simulated
# Raspberry Pis, each a network namespace with its own dockerd and Open vSwitch, cabled to one
# LAN namespace. One edge-agent per device converges manifests/examples/gre-mesh-pi-03.json
# (made per device): the br-phy underlay, a GRE full mesh, and a web container on a Docker
# network joined to the overlay. Then a container on pi-01 fetches from the ones on pi-02 and
# pi-03. Everything it starts is stopped and removed when it exits.
#   build/mesh-demo.sh      (expects build/setup.sh, build/images.sh and the linux-x64 publish done)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

agent="$REPO_ROOT/artifacts/linux-x64/edge-agent"
example="$REPO_ROOT/manifests/examples/gre-mesh-pi-03.json"
image="edgeagent/busybox:1.35"
mesh_dir="${EDGEAGENT_MESH_DIR:-/tmp/edgeagent-mesh}"
lan="edgeagent-mesh-lan"
devices=(1 2 3)
[ -x "$agent" ] || die "$agent is missing: run build/publish.sh linux-x64 first"

ns() { echo "edgeagent-mesh-pi$1"; }
dir() { echo "$mesh_dir/pi-0$1"; }
dock() { local i=$1; shift; docker -H "unix://$(dir "$i")/docker.sock" "$@"; }
vsctl() { local i=$1; shift; ovs-vsctl --db="unix:$(dir "$i")/db.sock" --timeout=10 "$@"; }

teardown() {
  set +e
  [ -f "$mesh_dir/management.pid" ] && kill "$(cat "$mesh_dir/management.pid")" 2>/dev/null
  for i in "${devices[@]}"; do
    local d; d="$(dir "$i")"
    [ -f "$d/agent.pid" ] && kill "$(cat "$d/agent.pid")" 2>/dev/null
    if [ -f "$d/docker.pid" ] && kill -0 "$(cat "$d/docker.pid")" 2>/dev/null; then
      # Containers first: one left running would outlive its dockerd.
      dock "$i" ps -aq 2>/dev/null | xargs -r docker -H "unix://$d/docker.sock" rm -f >/dev/null 2>&1
      kill "$(cat "$d/docker.pid")" 2>/dev/null
      for _ in $(seq 1 300); do kill -0 "$(cat "$d/docker.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
    fi
    for pid in vswitchd ovsdb; do [ -f "$d/$pid.pid" ] && kill "$(cat "$d/$pid.pid")" 2>/dev/null; done
    ip netns delete "$(ns "$i")" 2>/dev/null
  done
  ip netns delete "$lan" 2>/dev/null
  grep -o " $mesh_dir/[^ ]*" /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null
  rm -rf "$mesh_dir"
  set -e
  return 0
}
trap teardown EXIT
teardown

log "7. the thesis's GRE mesh: three simulated Pis (namespace + dockerd + Open vSwitch each) on one LAN"
mkdir -p "$mesh_dir"
ip netns add "$lan"
ip -n "$lan" link set lo up
ip -n "$lan" link add lan type bridge
ip -n "$lan" addr add 192.168.7.254/24 dev lan
ip -n "$lan" link set lan up
# The management endpoint the agents probe for commit-confirm (standing in for the broker).
mkdir -p "$mesh_dir/www" && echo management > "$mesh_dir/www/index.html"
ip netns exec "$lan" busybox httpd -f -p 192.168.7.254:8080 -h "$mesh_dir/www" &
echo $! > "$mesh_dir/management.pid"
for i in "${devices[@]}"; do
  d="$(dir "$i")"; n="$(ns "$i")"
  mkdir -p "$d"
  ip netns add "$n"
  ip -n "$n" link set lo up
  ip link add eth0 netns "$n" type veth peer name "pi$i" netns "$lan"
  ip -n "$n" link set eth0 up
  ip -n "$lan" link set "pi$i" master lan up
  # The kernel side of a veth hands OVS's userspace datapath partial checksums: off.
  ip netns exec "$lan" ethtool -K "pi$i" tx off >/dev/null
  ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" --pidfile="$d/ovsdb.pid" --unixctl="$d/ovsdb.ctl" --detach --log-file="$d/ovsdb.log" -vconsole:off
  vsctl "$i" --no-wait init
  ip netns exec "$n" ovs-vswitchd "unix:$d/db.sock" --pidfile="$d/vswitchd.pid" --unixctl="$d/vswitchd.ctl" --detach --log-file="$d/vswitchd.log" -vconsole:off
  # nsenter, not `ip netns exec`: that remounts /sys and dockerd then fails.
  nsenter --net="/var/run/netns/$n" dockerd --data-root "$d/data" --exec-root "$d/exec" -H "unix://$d/docker.sock" \
    --pidfile "$d/docker.pid" --bip "172.18.$i.1/24" --mtu 1462 > "$d/dockerd.log" 2>&1 &
done
for i in "${devices[@]}"; do
  for _ in $(seq 1 300); do dock "$i" version >/dev/null 2>&1 && break; sleep 0.2; done
  dock "$i" version >/dev/null 2>&1 || die "pi-0$i's dockerd did not start: $(tail -n 5 "$(dir "$i")/dockerd.log")"
  docker save "$image" | dock "$i" load >/dev/null
done

peers='["192.168.7.1","192.168.7.2","192.168.7.3"]'
started=$(date +%s%N)
for i in "${devices[@]}"; do
  d="$(dir "$i")"
  jq --arg id "pi-0$i" --arg ip "192.168.7.$i" --argjson peers "$peers" --arg i "$i" '
      .metadata.name = "greenhouse-mesh-" + $id | .metadata.target.devices = [$id]
    | .spec.apps.web.env.DEVICE = $id
    | .spec.networks.edge.ipRange = "172.30." + $i + ".0/24" | .spec.networks.edge.gateway = "172.30.0." + $i
    | .spec.ovs.bridges["br-phy"].ports["br-phy"].addresses = [$ip + "/24"]
    | .spec.ovs.mesh.localIp = $ip | .spec.ovs.mesh.peers = $peers' "$example" > "$d/manifest.json"
  # Unsigned local manifests and no digests: a development setup (devices verify signed manifests).
  cat > "$d/agent.json" <<JSON
{ "deviceId": "pi-0$i", "stateDir": "$d/state", "trustRoot": "$d/root.json", "manifestFile": "$d/manifest.json",
  "allowUnsigned": true, "docker": { "endpoint": "unix://$d/docker.sock" }, "ovsdb": { "endpoint": "unix:$d/db.sock" },
  "network": { "probes": ["192.168.7.254:8080"], "confirmSeconds": 10 }, "policy": { "requireDigest": false }, "resyncSeconds": 5 }
JSON
  echo "\$ nsenter --net=/var/run/netns/$(ns "$i") edge-agent run --config pi-0$i/agent.json &"
  nsenter --net="/var/run/netns/$(ns "$i")" "$agent" run --config "$d/agent.json" > "$d/agent.log" 2>&1 &
  echo $! > "$d/agent.pid"
done

fetch() { # from device $1 to the web container of device $2, over the overlay
  local address
  address="$(dock "$2" inspect -f '{{(index .NetworkSettings.Networks "edge").IPAddress}}' web 2>/dev/null)" || return 1
  [ -n "$address" ] && dock "$1" exec web timeout 5 wget -qO- "http://$address/" 2>/dev/null
}
reached=""
for _ in $(seq 1 300); do
  if [ "$(fetch 1 3)" = "web on pi-03" ]; then reached=yes; break; fi
  sleep 0.2
done
if [ -z "$reached" ]; then
  for i in "${devices[@]}"; do echo "--- pi-0$i"; tail -n 20 "$(dir "$i")/agent.log"; done
  die "pi-01 could not reach pi-03 over the mesh"
fi

printf 'from three agents starting to the first HTTP reply across the mesh: %.1f s\n' "$(( $(date +%s%N) - started ))e-9"
echo "pi-01's switch, as the agent built it:"
vsctl 1 show | sed -n '/Bridge/,$p' | grep -E 'Bridge|Port|type|options' | sed 's/^/  /'
echo "pi-01's Linux bridge ports: the web container's veth and docker-gre, the OVS bridge (the thesis's docker0 + docker-gre):"
bridge -n "$(ns 1)" link show | sed 's/^/  /'
for to in 2 3; do
  echo "\$ docker exec web wget -qO- http://<web on pi-0$to>/    # on pi-01"
  echo "  $(fetch 1 "$to")"
done
log "the mesh demo stops its three devices now"
