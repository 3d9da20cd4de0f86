#!/usr/bin/env bash
# The fleet on a three-node NATS cluster (MQTT 3.1.1 on JetStream) configured as broker-config/nats/
# configures it, on loopback: TLS with fleet-CA client certificates, users and permissions generated
# by `edgectl broker authorization`. The ACL checks that run on mosquitto run here too; real agents
# (each with a dockerd of its own) attached to nodes 2 and 3 converge what node 1 got; a device whose
# node is killed reconnects to another and converges the next publish; a device that starts while a
# node is down gets the retained state from the others; a rolling restart loses no desired state and
# no report.
# Usage: tests/e2e/broker-cluster.sh      (installs what it needs; runs alone)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"

prepare_agent
image=edgeagent/busybox:1.35

work="$(mktemp -d /tmp/edgeagent-broker-cluster.XXXXXX)"
chmod 0755 "$work"
cleanup rm -rf "$work"
keep_logs() { # a failed run's node and agent logs, into $E2E_LOGS when set (the run's directory goes)
  local f; [ "$failures" -gt 0 ] && [ -n "${E2E_LOGS:-}" ] && mkdir -p "$E2E_LOGS" || return 0
  for f in "$work"/nodes/*/server.log "$work"/agents/*/agent.log; do cp "$f" "$E2E_LOGS/$(basename "$(dirname "$f")").log"; done
  cp "$work"/*.log "$E2E_LOGS/" 2>/dev/null; true
}
cleanup keep_logs
source "$REPO_ROOT/tests/e2e/lib/fleet.sh"
source "$REPO_ROOT/tests/e2e/lib/dockerd.sh"

source "$REPO_ROOT/tests/e2e/lib/nats-cluster.sh"

# --- the cluster, from the repository's configuration --------------------------------------------
make_pki() {
  fleet_pki || return 1
  for name in pi-01 pi-02 pi-a pi-b pi-c pi-d; do
    (cd "$work" && "$edgectl" cert issue --ca pki/ca --name "$name" --kind device --out pki/devices >/dev/null) || return 1
  done
  # A second CA: its certificates must be refused by the cluster.
  (cd "$work" && "$edgectl" ca init --out pki/other-ca >/dev/null && "$edgectl" cert issue --ca pki/other-ca --name pi-01 --kind device --out pki/other >/dev/null)
}
step "the fleet PKI: CA, broker, operator, monitor, six devices, and a CA the cluster does not trust" make_pki

printf '# the e2e fleet\npi-01 barn\npi-02\npi-a cluster\npi-b cluster\npi-c cluster\npi-d cluster\n' > "$work/devices.txt"
step "edgectl broker authorization writes the NATS users from the device list" \
  "$edgectl" broker authorization --devices "$work/devices.txt" --format nats --out "$work/authorization.conf"

kill_nodes() { local n; for n in 1 2 3; do kill_node "$n"; done; }
cleanup kill_nodes
step "three nodes with broker-config/nats/ form a cluster over mutual-TLS routes, JetStream elected a leader" cluster_up
[ "$failures" -eq 0 ] || finish # nothing below means anything without the cluster

# --- who may read and write what (as on mosquitto: tests BrokerAclTests) ---------------------------
cert_of() { # identity [other-ca]: sets $cert to the mosquitto client TLS arguments for a device certificate
  local dir="$work/pki/devices" ca="$work/pki/ca/ca.pem"
  [ "${2:-}" = other ] && dir="$work/pki/other"
  cert=(--cafile "$ca" --cert "$dir/$1.pem" --key "$dir/$1.key")
}
operator_tls=(--cafile "$work/pki/ca/ca.pem" --cert "$work/pki/operator/edge-operator.pem" --key "$work/pki/operator/edge-operator.key")
pub() { mosquitto_pub -V mqttv311 -h localhost -p "$(mqtt_port "$1")" -q 1 "${@:2}"; }
sub() { timeout "${SUB_SECONDS:-4}" mosquitto_sub -V mqttv311 -h localhost -p "$(mqtt_port "$1")" -q 1 "${@:2}"; }

held_everywhere() { # topic payload: published retained on node 1 until every node hands it to a new subscriber
  local n got _                 # (each node loads its retained messages when JetStream first serves MQTT)
  for _ in $(seq 10); do
    pub 1 "${operator_tls[@]}" -i op-acl -r -t "$1" -m "$2"
    for n in 1 2 3; do
      got="$(SUB_SECONDS=3 sub "$n" "${operator_tls[@]}" -i "op-check-$n" -t "$1" -C 1)"; [ "$got" = "$2" ] || break
    done
    [ "$got" = "$2" ] && return 0
  done
  echo "$1: node $n holds '$got'"; return 1
}
acl_fixtures() { held_everywhere edge/v1/devices/pi-01/desired for-pi-01 && held_everywhere edge/v1/groups/barn/desired for-barn && held_everywhere edge/v1/trust/root the-root; }
step "the operator's retained test messages are held by all three nodes" acl_fixtures
reads() { # node identity topic expected-payload: the identity receives it (retained)
  local got cert; cert_of "$2"; got="$(SUB_SECONDS=5 sub "$1" "${cert[@]}" -i "$2" -t "$3" -C 1)"; [ "$got" = "$4" ] || { echo "got '$got'"; return 1; }
}
refused_read() { # node identity topic [client id]: connected, the subscription denied, nothing arrives within 3 s
  local got cert; cert_of "$2"; got="$(SUB_SECONDS=3 sub "$1" "${cert[@]}" -i "${4:-$2}" -t "$3" -C 1 2>&1)"
  ! grep -q "for-\|forged\|the-root" <<<"$got" || { echo "read: $got"; return 1; }
  grep -q "All subscription requests were denied" <<<"$got" || { echo "not refused by the broker: $got"; return 1; }
}
own_topics() { reads 2 pi-01 edge/v1/devices/pi-01/desired for-pi-01 && reads 3 pi-01 edge/v1/groups/barn/desired for-barn && reads 2 pi-01 edge/v1/trust/root the-root; }
step "a device reads its own desired state, its group's and the trust root, from other nodes than the publisher's" own_topics
others_topics() { refused_read 2 pi-02 edge/v1/devices/pi-01/desired && refused_read 3 pi-02 'edge/v1/devices/+/desired' && refused_read 2 pi-02 edge/v1/groups/barn/desired; }
step "a device cannot read another device's desired state (nor by wildcard), nor a group it is not in" others_topics
forged_writes() { # pi-02 writes another's status, its own desired state, a group's and the root; none of it lands
  local monitor_log="$work/monitor-acl.log" cert
  SUB_SECONDS=6 sub 1 "${tls[@]}" -i monitor-acl -t 'edge/v1/devices/+/status' -t 'edge/v1/#' -v > "$monitor_log" 2>&1 &
  local watcher=$!
  sleep 1
  cert_of pi-02
  pub 3 "${cert[@]}" -i pi-02 -t edge/v1/devices/pi-01/status -m forged
  pub 3 "${cert[@]}" -i pi-02 -t edge/v1/devices/pi-02/desired -m forged
  pub 3 "${cert[@]}" -i pi-02 -t edge/v1/groups/barn/desired -m forged
  pub 3 "${cert[@]}" -i pi-02 -t edge/v1/trust/root -m forged
  pub 3 "${cert[@]}" -i pi-02 -t edge/v1/devices/pi-02/status -m pi-02-ok
  wait "$watcher"
  grep -q "edge/v1/devices/pi-02/status pi-02-ok" "$monitor_log" || { echo "its own report did not arrive"; cat "$monitor_log"; return 1; }
  ! grep -q forged "$monitor_log" || { echo "a forged message arrived:"; grep forged "$monitor_log"; return 1; }
  reads 2 pi-01 edge/v1/groups/barn/desired for-barn && reads 2 pi-01 edge/v1/trust/root the-root
}
step "a device writes only its own reports: another's status, desired state, a group and the root are dropped" forged_writes
monitor_read_only() {
  pub 1 "${tls[@]}" -i monitor-w -r -t edge/v1/groups/barn/desired -m forged
  local got; got="$(sub 2 "${tls[@]}" -i monitor-r -t edge/v1/groups/barn/desired -C 1)"; [ "$got" = for-barn ] || { echo "the group topic holds '$got'"; return 1; }
}
step "the monitor reads desired topics but cannot publish" monitor_read_only
refused_connect() { # node, client arguments...: the client fails (and fast: a hang is no refusal)
  local rc
  timeout 15 mosquitto_sub -V mqttv311 -h localhost -p "$(mqtt_port "$1")" "${@:2}" -t edge/v1/devices/pi-01/desired -C 1; rc=$?
  { [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; } || { echo "exit $rc"; return 1; }
}
step "no certificate, no entry" refused_connect 1 --cafile "$work/pki/ca/ca.pem" -i anon
cert_of pi-01 other
step "a certificate from another CA is refused at the handshake" refused_connect 2 "${cert[@]}" -i pi-01
plain_refused() { ! timeout 10 mosquitto_sub -V mqttv311 -h localhost -p "$(mqtt_port 3)" -i pi-01 -t edge/v1/devices/pi-01/desired -C 1 >/dev/null 2>&1 || { echo "a plain client read a message"; return 1; }; }
step "plain MQTT on the TLS port gets nothing" plain_refused
step "a device cannot snoop on the cluster's QoS 1 deliveries (\$MQTT/sub/#)" refused_read 1 pi-02 "\$MQTT/sub/#"
step "a device using another device's client id still reads only its own topics" refused_read 2 pi-02 edge/v1/devices/pi-01/desired pi-01
# --- the other listeners: core NATS and the routes take a certificate of the right kind only (more in NatsListenerTests)
core_said() { # node: what core NATS answers a local process with no certificate that names the operator, writes a rollout topic and PINGs
  local port=$((14221 + $1)) msg='CONNECT {"verbose":false,"user":"CN=edge-operator","pass":""}\r\nPUB edge.v1.devices.pi-01.rollout.barn 2\r\nhi\r\nPING\r\n'
  timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf '$msg' >&3 && timeout 5 cat <&3" 2>&1
}
route_said() { # node openssl client arguments...: what the cluster port answers a route CONNECT and a PING
  { sleep 1; printf 'CONNECT {"verbose":false,"tls_required":true,"name":"rogue","cluster":"edge"}\r\nPING\r\n'; sleep 3; } \
    | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$((16221 + $1))" -CAfile "$work/pki/ca/ca.pem" "${@:2}" 2>&1
}
not_pong() { local said; said="$("$@")"; ! grep -q PONG <<<"$said" || { echo "accepted: $said" | head -3; return 1; }; }
device_tls=(-cert "$work/pki/devices/pi-01.pem" -key "$work/pki/devices/pi-01.key")
step "core NATS refuses a local client that only names itself CN=edge-operator (no certificate)" not_pong core_said 1
step "a device certificate from the fleet CA cannot join the cluster as a route (the nodes' own routes use broker certificates, above)" not_pong route_said 1 "${device_tls[@]}"
# The ACL checks left test strings retained; the agents below get a clean trust topic and groups.
pub 1 "${operator_tls[@]}" -i op-acl -r -n -t edge/v1/trust/root
pub 1 "${operator_tls[@]}" -i op-acl -r -n -t edge/v1/groups/barn/desired

# --- real agents on the cluster ------------------------------------------------------------------
manifest() { # version: one app per device, for the group "cluster"
  cat > "$work/m$1.json" <<EOF
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "cluster", "version": $1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "groups": ["cluster"] } },
  "spec": { "apps": { "web": { "image": "$image", "init": true, "command": ["sleep", "86400"], "stopGracePeriodSeconds": 1, "env": { "RELEASE": "$1" } } } } }
EOF
  "$edgectl" manifest sign --key "$work/ops-key.pem" --in "$work/m$1.json" --out "$work/m$1.dsse.json" >/dev/null
}
brokers() { local n; for n in "$@"; do printf -- '--broker mqtts://localhost:%s ' "$(mqtt_port "$n")"; done; }
ops() { brokers "$@"; echo --ca "$work/pki/ca/ca.pem" --cert "$work/pki/operator/edge-operator.pem" --key "$work/pki/operator/edge-operator.key"; }
publish() { # version, nodes...: published by edgectl through one of the given nodes; run again on failure, as
  local version="$1" _ args; shift   # its message says (a node may drop the operator while the cluster elects leaders)
  manifest "$version" || return 1
  read -ra args <<<"$(ops "$@")"
  for _ in 1 2 3; do "$edgectl" manifest publish "${args[@]}" --root "$work/root.json" --in "$work/m$version.dsse.json" >/dev/null && return 0; sleep 2; done
  return 1
}
start_agent() { # device, protocol (mqtt5|mqtt311), nodes...: the real agent with a dockerd of its own ($subscribe_qos: 1)
  local device="$1" protocol="$2"; shift 2
  local dir="$work/agents/$device" urls n agents
  mkdir -p "$dir"
  agents=("$work"/agents/*) # this one included: its dockerd's bridge number
  [ -S "$dir/docker.sock" ] || { own_dockerd "$dir" "${#agents[@]}" && docker save "$image" | docker -H "unix://$dir/docker.sock" load -q >/dev/null; } || return 1
  urls="$(for n in "$@"; do printf '"mqtts://localhost:%s",' "$(mqtt_port "$n")"; done)"
  cat > "$dir/agent.json" <<EOF
{ "deviceId": "$device", "groups": ["cluster"], "stateDir": "$dir/state", "trustRoot": "$work/root.json",
  "docker": { "endpoint": "unix://$dir/docker.sock" }, "policy": { "requireDigest": false }, "resyncSeconds": 5,
  "broker": { "urls": [${urls%,}], "protocol": "$protocol", "refreshSeconds": 15, "subscribeQos": ${subscribe_qos:-1},
              "caFile": "$work/pki/ca/ca.pem", "certFile": "$work/pki/devices/$device.pem", "keyFile": "$work/pki/devices/$device.key" } }
EOF
  "$agent" run --config "$dir/agent.json" >> "$dir/agent.log" 2>&1 &
  echo $! > "$dir/pid"
}
stop_agents() { # agents first (they would recreate what goes), then their dockerds
  local d
  for d in "$work"/agents/*/; do [ -s "$d/pid" ] && kill "$(cat "$d/pid")" 2>/dev/null && gone "$(cat "$d/pid")"; done
  for d in "$work"/agents/*/; do stop_own_dockerd "${d%/}"; done
}
cleanup stop_agents

status_of() { local args; read -ra args <<<"$(ops 1 2 3)"; timeout 30 "$edgectl" fleet status "${args[@]}" --device "$1" --json 2>/dev/null; }
converged_on() { # device version [seconds]: its report says the group's version applied and converged, and its dockerd runs it
  local device="$1" version="$2" deadline=$((SECONDS + ${3:-60}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if status_of "$device" | jq -e ".[0].status | .converged and ([.streams[] | .appliedVersion] | max) == $version" >/dev/null 2>&1 \
       && docker -H "unix://$work/agents/$device/docker.sock" ps --filter label=io.edgeagent.managed=true --format '{{.Names}}' | grep -qx web \
       && docker -H "unix://$work/agents/$device/docker.sock" inspect -f '{{range .Config.Env}}{{println .}}{{end}}' web | grep -qx "RELEASE=$version"; then
      return 0
    fi
    sleep 1
  done
  echo "$device: $(status_of "$device" | jq -c '.[0].status | {converged, streams, lastError}')"; tail -5 "$work/agents/$device/agent.log"; return 1
}
connected_node() { # device: the node its last "Connected to" names
  grep -o 'Connected to mqtts://localhost:[0-9]*' "$work/agents/$1/agent.log" | tail -1 | sed 's/.*://' | awk '{print $1 - 18882}'
}

step "version 1 published through node 1 (edgectl speaks MQTT 5 first and falls back to 3.1.1 on its own)" publish 1 1
step "agent pi-a starts attached to node 2 only (protocol left at mqtt5: it falls back)" start_agent pi-a mqtt5 2
step "agent pi-b starts attached to node 3 only (protocol mqtt311, as configured)" start_agent pi-b mqtt311 3
step "pi-a on node 2 converges version 1, published on node 1" converged_on pi-a 1 90
step "pi-b on node 3 converges version 1" converged_on pi-b 1 60
fell_back_once() { [ "$(grep -c 'does not speak MQTT 5' "$work/agents/pi-a/agent.log")" -eq 1 ] && ! grep -q 'does not speak MQTT 5' "$work/agents/pi-b/agent.log"; }
step "pi-a said once that node 2 does not speak MQTT 5; pi-b never tried" fell_back_once

step "agent pi-c starts with all three nodes in broker.urls" start_agent pi-c mqtt5 1 2 3
step "pi-c converges version 1" converged_on pi-c 1 60
victim="$(connected_node pi-c)"
step "pi-c's node is known (node ${victim:-?})" test -n "$victim"
survivors=(); for n in 1 2 3; do [ "$n" = "$victim" ] || survivors+=("$n"); done
step "node $victim is killed (SIGKILL)" kill_node "$victim"
step "version 2 published through the surviving nodes (edgectl given all three --broker)" publish 2 1 2 3
reconnected() { local node; for _ in $(seq 60); do node="$(connected_node pi-c)"; [ -n "$node" ] && [ "$node" != "$victim" ] && return 0; sleep 1; done; echo "pi-c is still on ${node:-nothing}"; return 1; }
retained() { # node topic expected: a new subscriber on that node is handed the expected retained payload
  local got deadline=$((SECONDS + 30))   # (within 30 s: a node refuses subscriptions while its cluster elects leaders)
  while got="$(timeout 5 mosquitto_sub -V mqttv311 -h localhost -p "$(mqtt_port "$1")" "${tls[@]}" -i "monitor-retained-$1" -q 1 -t "$2" -C 1 2>/dev/null)"
        [ "$got" != "$3" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
  [ "$got" = "$3" ] || { echo "node $1 holds '${got:0:60}' on $2"; return 1; }
}
retained_on() { # version nodes...: each node hands out that version of the group's desired state
  local version="$1" n; shift
  for n in "$@"; do retained "$n" edge/v1/groups/cluster/desired "$(cat "$work/m$version.dsse.json")" || return 1; done
}
step "both surviving nodes hold version 2 retained (edgectl read it back)" retained_on 2 "${survivors[@]}"
step "pi-c reconnects to another node" reconnected
step "pi-c converges version 2" converged_on pi-c 2 90
attached_follow() { # version: pi-a (node 2) and pi-b (node 3), unless their node is the one down
  [ "$victim" = 2 ] || converged_on pi-a "$1" 60 || return 1
  [ "$victim" = 3 ] || converged_on pi-b "$1" 60
}
step "pi-a and pi-b converge version 2 (each on its own node, unless that was the one killed)" attached_follow 2
# pi-d subscribes at QoS 0 (no JetStream consumers): it must follow every version as the others do.
subscribe_qos=0 step "agent pi-d (subscribing at QoS 0) starts while node $victim is down, with all three nodes" start_agent pi-d mqtt5 1 2 3
step "pi-d gets the retained desired state from the surviving nodes and converges version 2" converged_on pi-d 2 90
caught_up() { # N: node N ready (lib/nats-cluster.sh). A retained-message consumer left without a leader is repaired as
  local out stalled m   # broker-config/README.md says: the node it belongs to is restarted (once; counted, and said at the end)
  out="$(node_ready "$1")" && return 0
  stalled="$(grep -o '[$]MQTT_rmsgs_[A-Za-z0-9]*: no leader' <<<"$out" | head -1)"; stalled="${stalled%%:*}"
  [ -n "$stalled" ] || { echo "$out"; return 1; }
  for m in 1 2 3; do [ "\$MQTT_rmsgs_$(peer_id "$m")" = "$stalled" ] && break; done
  echo "$stalled (node $m's) had no leader after node $1 restarted: node $m restarted" >> "$work/repairs.log"
  stop_node "$m"; start_node "$m"; node_ready "$m" && node_ready "$1"
}
rejoin() { start_node "$1" && caught_up "$1"; }
step "node $victim comes back and rejoins the cluster" rejoin "$victim"

rolling_restart() { # each node in turn: stopped, a new version published meanwhile, started, caught up before the next
  local n m up version=3
  for n in 1 2 3; do
    stop_node "$n"
    up=(); for m in 1 2 3; do [ "$m" = "$n" ] || up+=("$m"); done
    publish "$version" "${up[@]}" || { echo "publish $version with node $n down failed"; return 1; }
    for d in pi-c pi-d; do converged_on "$d" "$version" 90 || return 1; done
    start_node "$n"; caught_up "$n" || return 1
    version=$((version + 1))
  done
}
step "a rolling restart of all three nodes, one version published while each is down: pi-c and pi-d follow every one" rolling_restart
all_on() { # version: every agent's report says it, and every node holds it retained
  local d
  for d in pi-c pi-d; do converged_on "$d" "$1" 60 || return 1; done
  for d in pi-a pi-b; do converged_on "$d" "$1" 90 || return 1; done
  retained_on "$1" 1 2 3
}
step "after the rolling restart every node holds version 5 retained and all four devices report it converged" all_on 5
reports_kept() { # every device's retained online state is on every node
  local n d
  for n in 1 2 3; do for d in pi-a pi-b pi-c pi-d; do retained "$n" "edge/v1/devices/$d/online" online || return 1; done; done
}
step "every node has every device's retained online state" reports_kept
healthy() { # every node says ok within 30 s
  local n h deadline=$((SECONDS + 30))
  for n in 1 2 3; do
    while h="$(curl -s --max-time 5 "http://127.0.0.1:$(http_port "$n")/healthz")"; [ "$(jq -r .status <<<"$h" 2>/dev/null)" != ok ]; do
      [ "$SECONDS" -lt "$deadline" ] || { echo "node $n: $h"; return 1; }; sleep 1
    done
  done
}
step "every node's /healthz says ok (every stream and consumer current, as broker-config/README.md has operators check)" healthy
no_crash() { ! grep -l 'Unhandled\|   at ' "$work"/agents/*/agent.log; }
step "no agent logged an error it could not recover from (no 'Unhandled', no stack trace)" no_crash

repairs=0; [ ! -f "$work/repairs.log" ] || repairs="$(wc -l <"$work/repairs.log")"
echo "broker-cluster: $repairs retained-message consumer(s) repaired by restarting their node$(sed 's/^/; /' "$work/repairs.log" 2>/dev/null | tr -d '\n')"
finish
