#!/usr/bin/env bash
# The README's demo command: sets up Docker, builds the example image and the NativeAOT agent,
# then lets the agent converge manifests/examples/edge-stack.json on the real engine and shows
# the result: signing with edgectl, running containers with their cgroup limits, an in-place limit
# change, drift repair, and a refused replay; then the MQTT fleet loop, and the thesis's GRE mesh
# of three simulated devices (build/mesh-demo.sh).
#   build/demo.sh           run the demo (leaves the example apps running)
#   build/demo.sh --clean   remove what the demo created
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

demo_dir="${EDGEAGENT_DEMO_DIR:-/tmp/edgeagent-demo}"
agent="$REPO_ROOT/artifacts/linux-x64/edge-agent"
edgectl="$REPO_ROOT/artifacts/linux-x64/edgectl"
manifest="$REPO_ROOT/manifests/examples/edge-stack.json"
mkdir -p "$demo_dir"
# Local images carry no registry digest, so this development config relaxes requireDigest;
# production devices keep the default (digests required).
cat > "$demo_dir/agent.json" <<JSON
{
  "deviceId": "pi-01",
  "groups": ["demo"],
  "stateDir": "$demo_dir/state",
  "trustRoot": "$demo_dir/root.json",
  "policy": { "requireDigest": false, "allowedBindPrefixes": ["/srv/edge"] }
}
JSON
run_agent() { echo "\$ edge-agent $*" | sed "s#$REPO_ROOT/##g;s#$demo_dir/##g"; "$agent" "$@" --config "$demo_dir/agent.json"; }
run_edgectl() { echo "\$ edgectl $*" | sed "s#$REPO_ROOT/##g;s#$demo_dir/##g"; "$edgectl" "$@"; }

stop_demo_daemons() {
  for name in agent mosquitto; do
    if [ -f "$demo_dir/$name.pid" ]; then
      kill "$(cat "$demo_dir/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$(cat "$demo_dir/$name.pid")" 2>/dev/null || break; sleep 0.1; done
      rm -f "$demo_dir/$name.pid"
    fi
  done
}
trap stop_demo_daemons EXIT

if [ "${1:-}" = "--clean" ]; then
  cat > "$demo_dir/empty.json" <<JSON
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "empty", "version": 1, "issuedAt": "2026-01-01T00:00:00Z", "expiresAt": "2100-01-01T00:00:00Z" },
  "spec": { "apps": {} } }
JSON
  run_agent apply --manifest "$demo_dir/empty.json" --once --allow-unsigned
  exit 0
fi

"$REPO_ROOT/build/setup.sh"
"$REPO_ROOT/build/images.sh" >/dev/null
"$REPO_ROOT/build/publish.sh" linux-x64 "$REPO_ROOT/artifacts/linux-x64"

show_limits() {
  printf '\n%-10s %-12s %-10s %-6s %-6s %-7s %-7s %s\n' NAME ID MEMORY CPUS SHARES PIDS CPUSET STATUS
  for name in collector api web; do
    docker inspect --format '{{.Name}}|{{.Id}}|{{.HostConfig.Memory}}|{{.HostConfig.NanoCpus}}|{{.HostConfig.CpuShares}}|{{.HostConfig.PidsLimit}}|{{.HostConfig.CpusetCpus}}|{{.State.Status}}' "$name" |
      awk -F'|' '{ printf "%-10s %-12s %-10s %-6s %-6s %-7s %-7s %s\n", substr($1,2), substr($2,1,12), $3/1048576 "Mi", $4/1e9, $5, $6, ($7==""?"-":$7), $8 }'
  done
  echo
}

log "0. the operator: keys, a trust root, a signed manifest"
rm -rf "$demo_dir/state" "$demo_dir"/*.pem
run_edgectl key generate --out "$demo_dir/root-key.pem"
run_edgectl key generate --out "$demo_dir/ops-key.pem"
run_edgectl root init --root-key "$demo_dir/root-key.pem" --root-threshold 1 --manifests-key "$demo_dir/ops-key.pem" --manifests-threshold 1 --expires 30d --out "$demo_dir/root.json"
signed="$demo_dir/edge-stack.dsse.json"
run_edgectl manifest sign --key "$demo_dir/ops-key.pem" --in "$manifest" --out "$signed"
run_edgectl manifest verify --root "$demo_dir/root.json" --in "$signed" --device pi-01

log "1. what the agent would do (dry run: nothing changes)"
run_agent apply --manifest "$signed" --dry-run

log "2. converge the device to the signed manifest"
run_agent apply --manifest "$signed" --once
show_limits
log "the web app answers on 127.0.0.1:18081:"
for _ in $(seq 1 20); do curl -fsS http://127.0.0.1:18081/ 2>/dev/null && break; sleep 0.5; done

log "3. a limits-only change is applied in place (same container id)"
changed="$demo_dir/edge-stack-v2.json"
jq '.metadata.version = 2 | .spec.apps.api.resources.memory = "64Mi" | .spec.apps.api.resources.memorySwap = "96Mi" | .spec.apps.api.resources.cpus = 0.75' "$manifest" > "$changed"
run_edgectl manifest sign --key "$demo_dir/ops-key.pem" --in "$changed" --out "$demo_dir/edge-stack-v2.dsse.json"
run_agent apply --manifest "$demo_dir/edge-stack-v2.dsse.json" --once
show_limits

log "4. drift repair: stop and remove containers by hand, then reconcile"
docker stop -t 1 api >/dev/null && docker rm -f collector >/dev/null
echo "\$ docker stop api && docker rm -f collector"
run_agent apply --manifest "$demo_dir/edge-stack-v2.dsse.json" --once
show_limits

log "5. a replayed older manifest is refused, and nothing changes"
if run_agent apply --manifest "$signed" --once; then die "the replayed v1 manifest was accepted"; fi

log "6. the fleet loop: a TLS mosquitto (broker-config/), device pi-01 provisioned from the fleet CA, edgectl publishing"
broker_dir="$demo_dir/broker"
port="${EDGEAGENT_DEMO_MQTT_PORT:-18883}"
stop_demo_daemons
rm -rf "${demo_dir:?}/pki" "${demo_dir:?}/boot" "${demo_dir:?}/device-state" "$broker_dir"
mkdir -p "$broker_dir/data"
run_edgectl ca init --out "$demo_dir/pki/ca"
run_edgectl cert issue --ca "$demo_dir/pki/ca" --name localhost --kind broker --san 127.0.0.1 --out "$demo_dir/pki/broker"
run_edgectl cert issue --ca "$demo_dir/pki/ca" --name edge-operator --kind operator --out "$demo_dir/pki/operator"
run_edgectl device provision --device pi-01 --group demo --ca "$demo_dir/pki/ca" --root "$demo_dir/root.json" \
  --broker "mqtts://localhost:$port" --out "$demo_dir/boot" | tee "$demo_dir/acl-lines.txt"
# The production config with this machine's paths and a loopback port; mosquitto drops to its own user.
sed -e "s#^listener 8883.*#listener $port 127.0.0.1#" \
    -e "s#/var/lib/mosquitto/#$broker_dir/data/#" \
    -e "s#/etc/mosquitto/certs/ca.pem#$demo_dir/pki/ca/ca.pem#" \
    -e "s#/etc/mosquitto/certs/broker.pem#$demo_dir/pki/broker/localhost.pem#" \
    -e "s#/etc/mosquitto/certs/broker.key#$demo_dir/pki/broker/localhost.key#" \
    -e "s#/etc/mosquitto/edgeagent.acl#$broker_dir/edgeagent.acl#" \
    broker-config/mosquitto.conf > "$broker_dir/mosquitto.conf"
{ cat broker-config/edgeagent.acl; echo; grep -E '^(user|topic) ' "$demo_dir/acl-lines.txt"; } > "$broker_dir/edgeagent.acl"
chown -R mosquitto: "$broker_dir" "$demo_dir/pki/broker" 2>/dev/null || true
chmod o+x "$demo_dir" "$demo_dir/pki" "$demo_dir/pki/ca" && chmod o+r "$demo_dir/pki/ca/ca.pem"
/usr/sbin/mosquitto -c "$broker_dir/mosquitto.conf" > "$broker_dir/mosquitto.log" 2>&1 &
echo $! > "$demo_dir/mosquitto.pid"
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# The SD card's boot folder as the technician flashed it; only paths differ on this machine
# (and the digest requirement, as above: local images have no registry digest).
boot="$demo_dir/boot"
jq --arg b "$boot" --arg s "$demo_dir/device-state" '.stateDir = $s | .trustRoot = $b + "/root.json"
    | .broker.caFile = $b + "/ca.pem" | .broker.certFile = $b + "/device.pem" | .broker.keyFile = $b + "/device.key"
    | .policy = { requireDigest: false, allowedBindPrefixes: ["/srv/edge"] }' "$boot/agent.json" > "$demo_dir/device-agent.json"
echo "\$ edge-agent run --config boot/agent.json &"
"$agent" run --config "$demo_dir/device-agent.json" > "$demo_dir/agent.log" 2>&1 &
echo $! > "$demo_dir/agent.pid"

broker_args=(--broker "mqtts://localhost:$port" --ca "$demo_dir/pki/ca/ca.pem" --cert "$demo_dir/pki/operator/edge-operator.pem" --key "$demo_dir/pki/operator/edge-operator.key")
v3="$demo_dir/edge-stack-v3.json"
jq '.metadata.version = 3 | .spec.apps.api.resources.memory = "80Mi" | .spec.apps.api.resources.memorySwap = "112Mi"' "$manifest" > "$v3"
run_edgectl manifest sign --key "$demo_dir/ops-key.pem" --in "$v3" --out "$demo_dir/edge-stack-v3.dsse.json"
run_edgectl manifest publish "${broker_args[@]}" --root "$demo_dir/root.json" --in "$demo_dir/edge-stack-v3.dsse.json"
converged=""
for _ in $(seq 1 60); do
  if "$edgectl" fleet status "${broker_args[@]}" --device pi-01 --json 2>/dev/null |
     jq -e '.[0].healthy and (.[0].status.streams["edge/v1/devices/pi-01/desired"].appliedVersion == 3)' >/dev/null; then
    converged=yes; break
  fi
  sleep 1
done
run_edgectl fleet status "${broker_args[@]}" || true
[ -n "$converged" ] || { cat "$demo_dir/agent.log"; die "pi-01 did not report v3 converged"; }
show_limits
log "the agent's log:"
sed 's/^/  /' "$demo_dir/agent.log" | tail -n 12
stop_demo_daemons

"$REPO_ROOT/build/mesh-demo.sh"

log "done. Clean up with build/demo.sh --clean"
