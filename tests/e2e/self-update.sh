#!/usr/bin/env bash
# The agent updates itself: the Debian package on a Debian system booted with systemd (in a container,
# provisioned from a bundle as a card is), a mosquitto and a registry on this host. A good release is
# published and runs, reported, its apps never restarted; then broken releases in turn (exits at once,
# hangs before READY, a corrupt binary in the release, a binary damaged on the device's disk, another
# architecture) each end on the good agent with the reason reported, apps untouched; a downgrade
# without spec.agent.allowDowngrade is refused. The system has the older layout, its boot partition at
# /boot: the unit drop-in build/sd-image.sh writes for it (build/boot-dropin.sh) must keep starting
# stateDir/agent/current, or every self-update would be undone at the next start.
# Usage: tests/e2e/self-update.sh   (installs what it needs; runs alone)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/build/setup.sh" >/dev/null 2>&1 || die "build/setup.sh failed"
"$REPO_ROOT/build/images.sh" >/dev/null 2>&1 || die "build/images.sh failed"
"$REPO_ROOT/build/registry.sh" >/dev/null 2>&1 || die "build/registry.sh failed"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
IFS=. read -r major minor patch <<<"${version%%-*}"
next() { echo "$major.$minor.$((patch + $1))"; } # releases above the packaged version
older="$major.$minor.$((patch + 1))-rc.1"      # below the good release: a downgrade once it runs
edgectl="$REPO_ROOT/artifacts/linux-x64/edgectl"
repo="127.0.0.1:5000/edgeagent/agent-release"
work="$(mktemp -d /tmp/edgeagent-self-update.XXXXXX)"
cleanup rm -rf "$work"
source "$REPO_ROOT/tests/e2e/lib/fleet.sh"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

step "build/package.sh amd64 writes the agent's package" bash -c "build/package.sh amd64 >/dev/null && test -s artifacts/deb/edge-agent_${version}_amd64.deb"
image="$("$REPO_ROOT/build/rootfs.sh" amd64)" || { echo "FAIL a Debian rootfs with systemd"; exit 1; }

# --- releases: one real build with another version, and stand-ins broken on purpose --------------
release() { # version, [--binary FILE]: pushes it, records "SHA IMAGE" in $work/release-VERSION
  local v="$1"; shift
  build/agent-release.sh --version "$v" "$@" --push "$repo" amd64 | awk '{print $3, $4}' > "$work/release-$v" && [ -s "$work/release-$v" ]
}
stand_in() { # version, what it does when run as the agent
  # shellcheck disable=SC2016 # $1 is the stand-in's own argument, expanded when it runs
  printf '#!/bin/sh\n[ "$1" = --version ] && { echo %s; exit 0; }\n%s\n' "$1" "$2" > "$work/stand-in-$1"
  chmod 0755 "$work/stand-in-$1"
}
step "build/agent-release.sh builds and pushes the good release $(next 1) (NativeAOT, its own version string)" release "$(next 1)"
stand_in "$(next 2)" 'echo "crashing on purpose" >&2; exit 70'
step "a release that exits at once ($(next 2))" release "$(next 2)" --binary "$work/stand-in-$(next 2)"
stand_in "$(next 3)" 'exec sleep 100000'
step "a release that hangs before READY ($(next 3))" release "$(next 3)" --binary "$work/stand-in-$(next 3)"
built=(/var/cache/edgeagent/agent-release-*/edge-agent) # a real release binary, cached by build/agent-release.sh
[ -e "${built[0]}" ] || built=(artifacts/linux-x64/edge-agent)
head -c 300000 "${built[0]}" > "$work/truncated" 2>/dev/null \
  || head -c 300000 artifacts/linux-x64/edge-agent > "$work/truncated"
step "a release whose binary is corrupt, its SHA-256 pinned as built ($(next 4))" release "$(next 4)" --binary "$work/truncated"
stand_in "$(next 5)" 'exec sleep 100000'
step "a release that the device's disk will damage after staging ($(next 5))" release "$(next 5)" --binary "$work/stand-in-$(next 5)"
python3 -c 'import sys; sys.stdout.buffer.write(b"\x7fELF\x02\x01\x01" + bytes(9) + (2).to_bytes(2, "little") + (183).to_bytes(2, "little") + bytes(44))' > "$work/aarch64"
step "a release of another architecture, published in the amd64 slot ($(next 6))" release "$(next 6)" --binary "$work/aarch64"
step "the older release $older" release "$older" --binary "$work/stand-in-$(next 5)"

# --- the fleet: a CA, a trust root, a broker, a device provisioned from a bundle ---------------------
device="self-update-$$"
broker_port="$(free_port)"
app=selfupdate-app
app_image="$(docker image inspect -f '{{.Id}}' "$BUSYBOX_IMAGE")" # pinned: the provisioned policy requires it
cleanup docker rm -f "$app"
manifest() { # manifest version, agent release version, [extra agent fields]
  read -r sha ref < "$work/release-$2"
  cat <<EOF
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "fleet", "version": $1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["$device"] } },
  "spec": { "apps": { "$app": { "image": "$app_image", "init": true, "command": ["sleep", "86400"], "stopGracePeriodSeconds": 2, "resources": { "memory": "16Mi" } } },
            "agent": { "version": "$2", "images": { "amd64": "$ref" }, "sha256": { "amd64": "$sha" }, "probationSeconds": 20 ${3:-} } } }
EOF
}
operator() {
  fleet_pki && (cd "$work" && "$edgectl" device provision --device "$device" --ca pki/ca --root root.json --broker "mqtts://localhost:$broker_port" --out bundle >/dev/null)
}
step "the operator: fleet CA, trust root, a provisioning bundle for the device" operator
fleet_broker "$broker_port" || die "mosquitto did not start"
mosquitto_sub -h localhost -p "$broker_port" "${tls[@]}" -q 1 -t "edge/v1/devices/$device/events" > "$work/events.log" 2>&1 &
cleanup kill $!
read -r -a ops <<<"$(ops_args "$broker_port")"

cp "artifacts/deb/edge-agent_${version}_amd64.deb" "$work/edge-agent.deb"
name="edgeagent-e2e-self-update-$$"
cleanup docker rm -f "$name"
docker run -d --name "$name" --network host --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
  --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
  -v /var/run/docker.sock:/var/run/docker.sock -v "$work/edge-agent.deb:/debs/edge-agent.deb:ro" -v "$work/bundle:/boot/edge-agent" -v "$REPO_ROOT/build:/opt/edgeagent-build:ro" \
  -e container=docker "$image" /lib/systemd/systemd >/dev/null
inside() { docker exec "$name" sh -c "$*"; }
booted() { for _ in $(seq 60); do case "$(inside systemctl is-system-running 2>/dev/null)" in running|degraded) return 0 ;; esac; sleep 1; done; return 1; }
step "a Debian system boots systemd in a container" booted
# As build/sd-image.sh installs it on an image whose boot partition is at /boot: the drop-in before the first start.
step "dpkg installs the agent with the /boot drop-in; it takes the bundle from /boot/edge-agent and starts" \
  inside "dpkg --force-depends --unpack /debs/edge-agent.deb >/dev/null && /opt/edgeagent-build/boot-dropin.sh / /boot && dpkg --force-depends --configure edge-agent >/dev/null"
exec_start() {
  local line
  line="$(docker exec "$name" systemctl show -p ExecStart --value edge-agent)"
  { grep -qF 'path=/var/lib/edge-agent/agent/current' <<<"$line" && grep -qF -- '--bundle /boot/edge-agent' <<<"$line"; } || { echo "$line"; return 1; }
}
step "the unit still starts stateDir/agent/current, told the bundle is in /boot/edge-agent" exec_start
taken_from_boot() {
  for _ in $(seq 60); do docker exec "$name" test -f /etc/edge-agent/.bundle-taken && break; sleep 1; done
  docker exec "$name" test -f /etc/edge-agent/.bundle-taken && test ! -e "$work/bundle/device.key" && cmp -s "$work/bundle/agent.json" <(docker exec "$name" cat /etc/edge-agent/agent.json)
}
step "the bundle was taken from /boot/edge-agent (its key gone from the boot partition)" taken_from_boot

status() { "$edgectl" fleet status "${ops[@]}" --device "$device" --json 2>/dev/null; }
publish() { # manifest version, agent release version, [extra agent fields]
  manifest "$@" > "$work/m$1.json" && "$edgectl" manifest sign --key "$work/ops-key.pem" --in "$work/m$1.json" --out "$work/m$1.dsse.json" >/dev/null \
    && "$edgectl" manifest publish "${ops[@]}" --root "$work/root.json" --in "$work/m$1.dsse.json" >/dev/null
}
wait_for() { # seconds, jq condition on the device's status
  for _ in $(seq "$1"); do status | jq -e ".[0].status | $2" >/dev/null 2>&1 && return 0; sleep 1; done
  status | jq '.[0].status | {agentVersion, agentUpdate, converged, streams}'; inside "journalctl -u edge-agent -o cat --no-pager | tail -25"; return 1
}
app_fingerprint() { docker inspect -f '{{.Id}} {{.State.StartedAt}} {{.RestartCount}}' "$app" 2>/dev/null; }
untouched() { [ "$(app_fingerprint)" = "$app_before" ] || { echo "the app changed: $app_before -> $(app_fingerprint)"; return 1; }; }
current() { inside readlink /var/lib/edge-agent/agent/current; }
event() { grep -c "\"type\":\"$1\"" "$work/events.log"; }

step "the packaged version as a release too ($version: the device's starting point)" release "$version"
start_time="$(date +%s)"
publish 1 "$version"
step "the device converges its first manifest on the packaged agent $version" wait_for 120 "(.agentVersion == \"$version\") and .converged"
app_before="$(app_fingerprint)"
step "its app runs" test -n "$app_before"

good="$(next 1)"
publish 2 "$good"
began=$SECONDS
step "the good release $good published: the device runs it and reports it updated" wait_for 120 "(.agentVersion == \"$good\") and .agentUpdate.result == \"updated\" and .agentUpdate.from == \"$version\""
echo "$good $((SECONDS - began))" >> "$work/figures"
step "the app was not restarted by the agent's update" untouched
step "stateDir/agent/current points at the staged release" bash -c "[ \"\$(docker exec $name readlink /var/lib/edge-agent/agent/current)\" = /var/lib/edge-agent/agent/releases/$good/edge-agent ]"
step "no probation left behind, the release image removed after staging" inside "test ! -e /var/lib/edge-agent/agent/probation" 
step "the guard armed the probation, the events topic says agent-installing then agent-updated" bash -c "docker exec $name journalctl -u edge-agent -o cat --no-pager | grep -q 'starting agent $good on probation for 20 s' && grep -q '\"type\":\"agent-installing\"' '$work/events.log' && grep -q '\"type\":\"agent-updated\"' '$work/events.log'"

rolled_back() { # manifest version, release, reason text, seconds allowed
  local began=$SECONDS
  publish "$1" "$2" || return 1
  wait_for "$4" ".agentUpdate.result == \"rolled-back\" and .agentUpdate.version == \"$2\" and (.agentUpdate.reason | contains(\"$3\")) and .agentVersion == \"$good\" and .converged" || return 1
  untouched || return 1
  [ "$(current)" = "/var/lib/edge-agent/agent/releases/$good/edge-agent" ] || { echo "current is $(current)"; return 1; }
  inside "test ! -e /var/lib/edge-agent/agent/releases/$2" || { echo "the rolled-back release was left on disk"; return 1; }
  echo "$2 $((SECONDS - began))" >> "$work/figures"
}
step "a release that exits at once ($(next 2)): rolled back to $good, reason reported, app untouched" rolled_back 3 "$(next 2)" "exited with status 70" 90
step "a release that hangs before READY ($(next 3)): rolled back when its 20 s probation ends, app untouched" rolled_back 4 "$(next 3)" "within its probation of 20 s" 120

probations() { inside "journalctl -u edge-agent -o cat --no-pager | grep -c 'starting agent $1 on probation'"; }
refused_before_swap() { # manifest version, release, result, reason text
  local before
  before="$(probations "$2")"
  publish "$1" "$2" || return 1
  wait_for 90 ".agentUpdate.result == \"$3\" and .agentUpdate.version == \"$2\" and (.agentUpdate.reason | contains(\"$4\")) and .agentVersion == \"$good\"" || return 1
  untouched || return 1
  [ "$(current)" = "/var/lib/edge-agent/agent/releases/$good/edge-agent" ] || { echo "current is $(current)"; return 1; }
  [ "$(probations "$2")" = "$before" ] || { echo "it was swapped in"; return 1; }
}
step "a corrupt binary in the release ($(next 4)): refused before the swap (its --version fails), reported, app untouched" refused_before_swap 5 "$(next 4)" failed "--version"
step "a binary of another architecture ($(next 6)): refused before the swap, reported, app untouched" refused_before_swap 6 "$(next 6)" failed "cannot be executed on this device"

damaged() { # the device's disk damages the staged binary between the swap and its start
  local began=$SECONDS
  publish 7 "$(next 5)" || return 1
  for _ in $(seq 300); do inside "grep -q '^version=$(next 5)' /var/lib/edge-agent/agent/probation 2>/dev/null" && break; sleep 0.2; done
  inside "head -c 65536 /dev/urandom > /var/lib/edge-agent/agent/releases/$(next 5)/edge-agent" || return 1
  wait_for 90 ".agentUpdate.result == \"rolled-back\" and .agentUpdate.version == \"$(next 5)\" and (.agentUpdate.reason | contains(\"could not be executed\")) and .agentVersion == \"$good\" and .converged" || return 1
  echo "$(next 5) $((SECONDS - began))" >> "$work/figures"
  untouched
}
step "a binary damaged on the device after staging ($(next 5)): systemd cannot execute it, the guard rolls back, reported" damaged

step "the release that exited at once, published again: not tried again" refused_before_swap 8 "$(next 2)" refused "not tried again"
step "a downgrade to $older without allowDowngrade: refused" refused_before_swap 9 "$older" refused "allowDowngrade"
step "three rollbacks on the events topic, each with its reason" bash -c "[ \"\$(grep -c '\"type\":\"agent-rolled-back\"' '$work/events.log')\" = 3 ]"
step "edgectl fleet status shows the agent version" bash -c "'$edgectl' fleet status $(printf '%q ' "${ops[@]}") | grep -E '^$device ' | grep -q ' $good '"
step "only the running release is kept on the device" bash -c "[ \"\$(docker exec $name ls /var/lib/edge-agent/agent/releases)\" = '$good' ]"
step "the app was never restarted, from the first manifest to the last ($(( $(date +%s) - start_time )) s)" untouched
# Seconds from publishing to the outcome in the device's status (release staged, swapped, restarted, judged).
printf 'figures: updated to %s in %s s; rolled back: exits at once %s s, hangs before READY %s s (probation 20 s), damaged on disk %s s\n' \
  "$good" "$(awk -v v="$good" '$1 == v { print $2 }' "$work/figures")" "$(awk -v v="$(next 2)" '$1 == v { print $2 }' "$work/figures")" \
  "$(awk -v v="$(next 3)" '$1 == v { print $2 }' "$work/figures")" "$(awk -v v="$(next 5)" '$1 == v { print $2 }' "$work/figures")"
finish
