#!/usr/bin/env bash
# The field technician's path: a card image built by build/sd-image.sh from a Raspberry Pi OS-layout
# base, booted (its root partition, by systemd-nspawn; its FAT boot partition at /boot/firmware; the
# host's dockerd), converging its bootstrap manifest from the bundle with no broker and no registry,
# then joining the fleet on a TLS mosquitto, and rebooted without provisioning again. The arm64 image
# is built too and checked structurally (its agent run under qemu-user).
# Usage: tests/e2e/sd-card.sh   (root; installs what it needs; runs alone)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"
[ "$(id -u)" = 0 ] || die "run as root: loop devices, mounts and systemd-nspawn"

"$REPO_ROOT/build/setup.sh" >/dev/null 2>&1 || die "build/setup.sh failed"
"$REPO_ROOT/build/images.sh" >/dev/null 2>&1 || die "build/images.sh failed"
for tool in systemd-nspawn:systemd-container fusefat:fusefat mcopy:mtools socat:socat sfdisk:fdisk mkfs.vfat:dosfstools; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null 2>&1; } || die "cannot install ${tool#*:}"
done
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
deb() { echo "$REPO_ROOT/artifacts/deb/edge-agent_${version}_$1.deb"; }
edgectl="$REPO_ROOT/artifacts/linux-x64/edgectl"
work="$(mktemp -d /tmp/edgeagent-sd-card.XXXXXX)"
cleanup rm -rf "$work"
source "$REPO_ROOT/tests/e2e/lib/fleet.sh"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

step "build/package.sh amd64 arm64 writes both architectures' packages" bash -c "build/package.sh amd64 arm64 && test -s '$(deb amd64)' && test -s '$(deb arm64)'"
amd64_base="$(tests/e2e/lib/base-image.sh amd64)" || { echo "FAIL a synthetic amd64 base image"; exit 1; }
arm64_base="$(tests/e2e/lib/base-image.sh arm64)" || { echo "FAIL a synthetic arm64 base image"; exit 1; }

# --- the operator's side: fleet CA, trust root, a signed bootstrap manifest, the device's bundle -----
device="sd-card-$$"
image="edgeagent/sd-card-app:$$" # its own image id, so that only the bundle can bring it back
printf 'FROM %s\nLABEL edgeagent.test=%s\n' "$BUSYBOX_IMAGE" "$device" | docker build -q -t "$image" - >/dev/null || die "cannot build $image"
image_id="$(docker image inspect -f '{{.Id}}' "$image")"
cleanup docker rmi -f "$image" "$image_id"
cleanup docker rm -f sdcard-hello sdcard-web
relay_port="$(free_port)" broker_port="$(free_port)"
manifest() { # name, version, app, target
  cat <<EOF
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "$1", "version": $2, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["$device"] } },
  "spec": { "apps": { "$3": { "image": "$image_id", "init": true, "command": ["sleep", "86400"], "stopGracePeriodSeconds": 2, "resources": { "memory": "16Mi" } } } } }
EOF
}
operator() {
  fleet_pki && cd "$work" || return 1
  manifest bootstrap 1 sdcard-hello > bootstrap.json && "$edgectl" manifest sign --key ops-key.pem --in bootstrap.json --out bootstrap.dsse.json \
    && "$edgectl" device provision --device "$device" --ca pki/ca --root root.json --broker "mqtts://localhost:$relay_port" \
         --manifest bootstrap.dsse.json --images "$image" --out bundle 2>provision.err \
    && ! grep -q warning provision.err && test -s bundle/images.tar && docker rmi "$image" >/dev/null
}
step "the operator writes a bundle: certificate from a fleet CA, trust root, signed bootstrap manifest, its image (then gone from this engine)" operator

# --- the image builder --------------------------------------------------------------------------
base_sum="$(sha256sum < "$amd64_base")"
out="$work/card-amd64.img"
step "build/sd-image.sh writes the amd64 card image" build/sd-image.sh --base "$amd64_base" --deb "$(deb amd64)" --bundle "$work/bundle" --out "$out"
step "the base image is unchanged" bash -c "[ \"\$(sha256sum < '$amd64_base')\" = '$base_sum' ]"
step "no loop device left attached by the image builder" bash -c "[ -z \"\$(losetup --associated '$out'; losetup --associated '$amd64_base')\" ]"
refused() { # expected message, then the arguments
  local expected="$1" output; shift
  output="$("$@" 2>&1)" && { echo "accepted: $*"; return 1; }
  [ $? -eq 2 ] || { echo "exit code not 2: $output"; return 1; }
  grep -qF -- "$expected" <<<"$output" || { echo "$output"; return 1; }
  [ ! -e "$work/refused.img" ] || { echo "an output was written"; return 1; }
}
truncate -s 64M "$work/blank.img"
# The card's root partition first: an ext4 partition where the FAT one belongs.
root_start="$(sfdisk --dump "$out" | sed -n 's/^.*img2 : start= *\([0-9]*\),.*/\1/p')"
cp --sparse=always "$out" "$work/no-fat.img" && printf 'label: dos\nstart=%d, size=8192, type=83\nstart=%d, type=83\n' "$root_start" "$((root_start + 8192))" | sfdisk --quiet --wipe never "$work/no-fat.img"
step "refused with exit 2: an image without a partition table" refused "no partition table" build/sd-image.sh --base "$work/blank.img" --deb "$(deb amd64)" --bundle "$work/bundle" --out "$work/refused.img"
step "refused with exit 2: an image whose first partition is not FAT" refused "partition 1 is ext4, not a FAT boot partition" build/sd-image.sh --base "$work/no-fat.img" --deb "$(deb amd64)" --bundle "$work/bundle" --out "$work/refused.img"
step "refused with exit 2: a package of another architecture than the image's" refused "is for arm64, the image is amd64" build/sd-image.sh --base "$amd64_base" --deb "$(deb arm64)" --bundle "$work/bundle" --out "$work/refused.img"
step "refused with exit 2: not run as root" refused "run as root" setpriv --reuid 65534 --regid 65534 --clear-groups build/sd-image.sh --base "$amd64_base" --deb "$(deb amd64)" --bundle "$work/bundle" --out "$work/refused.img"
step "refused with exit 2: the output is the base image" refused "the base is never modified" build/sd-image.sh --base "$amd64_base" --deb "$(deb amd64)" --bundle "$work/bundle" --out "$amd64_base"
cp -r "$work/bundle" "$work/bad-bundle" && echo tampered >> "$work/bad-bundle/agent.json"
step "refused with exit 2: a bundle that does not match its SHA256SUMS" refused "do not match SHA256SUMS" build/sd-image.sh --base "$amd64_base" --deb "$(deb amd64)" --bundle "$work/bad-bundle" --out "$work/refused.img"
step "nothing left behind by the refusals (no partial output, no loop device)" bash -c "[ -z \"\$(ls -A '$work' | grep -F refused)\" ] && ! losetup --all | grep -qF '$work/'"

# --- the card's partitions, as the Pi sees them -----------------------------------------------------
mnt="$work/mnt"
mkdir -p "$mnt/root" "$mnt/boot"
table="$(sfdisk --dump "$out")"
sectors() { sed -n "s/^.*${1} : start= *\([0-9]*\), size= *\([0-9]*\).*/\\$2/p" <<<"$table"; } # partition, 1 start / 2 size
root_loop="$(losetup --find --show --offset "$(( $(sectors img2 1) * 512 ))" "$out")"
boot_loop="$(losetup --find --show --offset "$(( $(sectors img1 1) * 512 ))" --sizelimit "$(( $(sectors img1 2) * 512 ))" "$out")"
cleanup losetup -d "$root_loop" "$boot_loop"
mount "$root_loop" "$mnt/root" && cleanup umount "$mnt/root"
fusefat -o rw+ "$boot_loop" "$mnt/boot" >/dev/null && cleanup umount "$mnt/boot"
image_layout() {
  [ "$(dpkg-query --admindir="$mnt/root/var/lib/dpkg" -W -f='${Status} ${Version}' edge-agent)" = "install ok installed $version" ] || { echo "package not installed"; return 1; }
  [ -L "$mnt/root/etc/systemd/system/multi-user.target.wants/edge-agent.service" ] || { echo "unit not enabled"; return 1; }
  for f in SHA256SUMS agent.json ca.pem device.pem device.key root.json bootstrap.dsse.json images.tar; do
    [ -f "$mnt/boot/edge-agent/$f" ] || { echo "$f not on the boot partition"; ls -la "$mnt/boot/edge-agent"; return 1; }
  done
}
step "the card: edge-agent installed and enabled in the root partition, the bundle on the FAT partition" image_layout

# --- first boot: no broker, no registry ------------------------------------------------------------
# The broker runs from the start on its own port; the device's URL points at a relay opened later,
# so the operator can subscribe to the device's events before the device can reach the broker.
fleet_broker "$broker_port" || die "mosquitto did not start"
mosquitto_sub -h localhost -p "$broker_port" "${tls[@]}" -q 1 -t "edge/v1/devices/$device/events" > "$work/events.log" 2>&1 &
cleanup kill $!
read -r -a ops <<<"$(ops_args "$broker_port")"

nspawn_pid=""
boot() {
  systemd-nspawn --quiet --register=no --keep-unit --machine="$device" --directory="$mnt/root" --console=passive \
    --bind="$mnt/boot:/boot/firmware" --bind=/var/run/docker.sock:/run/docker.sock --boot > "$work/console.log" 2>&1 &
  nspawn_pid=$!
}
poweroff() { kill -TERM "$nspawn_pid" 2>/dev/null; for _ in $(seq 60); do kill -0 "$nspawn_pid" 2>/dev/null || return 0; sleep 1; done; kill -KILL "$nspawn_pid"; }
cleanup 'poweroff'
inside() { nsenter --target "$(pgrep -P "$nspawn_pid" | head -1)" --mount --uts --ipc --net --pid --root --wd -- "$@"; }
booted() { for _ in $(seq 60); do case "$(inside systemctl is-system-running 2>/dev/null)" in running|degraded) return 0 ;; esac; sleep 1; done; tail -20 "$work/console.log"; return 1; }
running() { [ "$(docker inspect -f '{{.State.Running}} {{.Config.Image}}' "$1" 2>/dev/null)" = "true $image_id" ]; }

started="$(date +%s.%N)"
boot
for _ in $(seq 600); do running sdcard-hello && break; sleep 0.2; done
converged_after="$(awk "BEGIN { print $(date +%s.%N) - $started }")"
step "the card boots with systemd (its root partition, the boot partition at /boot/firmware)" booted
step "edge-agent.service is active through Type=notify" bash -c "$(declare -f inside); nspawn_pid=$nspawn_pid; [ \"\$(inside systemctl show -p Type --value edge-agent) \$(inside systemctl is-active edge-agent)\" = 'notify active' ]"
taken() {
  inside test -f /etc/edge-agent/.bundle-taken || { echo "no .bundle-taken"; return 1; }
  [ "$(inside stat -c '%a %U' /etc/edge-agent/device.key)" = "600 root" ] || { echo "device.key not 0600 root"; return 1; }
  cmp -s "$work/bundle/agent.json" "$mnt/root/etc/edge-agent/agent.json" || { echo "agent.json not the bundle's"; return 1; }
}
step "the bundle is moved into /etc/edge-agent (device.key 0600, owner root)" taken
step "the device key is gone from the boot partition, the rest of the bundle still there" bash -c "test ! -e '$mnt/boot/edge-agent/device.key' && test -f '$mnt/boot/edge-agent/SHA256SUMS'"
offline() {
  running sdcard-hello || { docker ps -a; inside journalctl -u edge-agent --no-pager | tail -20; return 1; }
  ! (exec 3<>"/dev/tcp/127.0.0.1/$relay_port") 2>/dev/null || { echo "the broker was reachable"; return 1; }
  inside journalctl -u edge-agent -o cat --no-pager | grep -q "Loaded the provisioning bundle's images" || { echo "no images loaded from the bundle"; return 1; }
  ! inside journalctl -u edge-agent -o cat --no-pager | grep -q "Pulling image" || { echo "something was pulled"; return 1; }
}
step "the bootstrap manifest converged from the bundle's image, no broker or registry reachable ($(printf '%.1f' "$converged_after") s after boot)" offline

# --- the fleet: the broker becomes reachable --------------------------------------------------------
socat "TCP-LISTEN:$relay_port,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$broker_port" &
cleanup kill $!
manifest fleet 1 sdcard-web > "$work/fleet.json"
"$edgectl" manifest sign --key "$work/ops-key.pem" --in "$work/fleet.json" --out "$work/fleet.dsse.json" >/dev/null
step "edgectl manifest publish sends a manifest to the device's topic" "$edgectl" manifest publish "${ops[@]}" --root "$work/root.json" --in "$work/fleet.dsse.json"
reported() {
  for _ in $(seq 120); do
    "$edgectl" fleet status "${ops[@]}" --device "$device" --json 2>/dev/null \
      | jq -e --arg t "edge/v1/devices/$device/desired" '.[0].healthy and (.[0].status.streams[$t].appliedVersion == 1)' >/dev/null && running sdcard-web && return 0
    sleep 1
  done
  "$edgectl" fleet status "${ops[@]}" --device "$device"; inside journalctl -u edge-agent --no-pager | tail -20; return 1
}
step "the device connects, converges the published manifest and reports it in edgectl fleet status" reported
step "the broker's first manifest supersedes the bootstrap manifest (its app removed, as the README says)" bash -c "! docker inspect sdcard-hello >/dev/null 2>&1"
step "the provisioning was reported on the device's events topic" bash -c "for _ in \$(seq 30); do grep -q '\"type\":\"provisioned\"' '$work/events.log' && exit 0; sleep 1; done; cat '$work/events.log'; exit 1"
app_journal() {
  local lines
  lines="$(inside journalctl -u edge-agent EDGEAGENT_APP=sdcard-hello -o cat --no-pager)"
  { grep -q sdcard-hello <<<"$lines" && ! grep -q sdcard-web <<<"$lines"; } || { echo "$lines"; return 1; }
}
step "journalctl -u edge-agent EDGEAGENT_APP=sdcard-hello shows that app's lines, and only its" app_journal

# --- a reboot: nothing provisioned again, the state kept ----------------------------------------------
web_id="$(docker inspect -f '{{.Id}}' sdcard-web)"
taken_record="$(cat "$mnt/root/etc/edge-agent/.bundle-taken")"
poweroff
boot
step "the card boots again" booted
rebooted() {
  reported || return 1
  inside journalctl -b 0 -u edge-agent -o cat --no-pager | grep -q "starting as device $device" || { echo "not this boot's journal"; return 1; }
  ! inside journalctl -b 0 -u edge-agent -o cat --no-pager | grep -q "Provisioned from" || { echo "provisioned again"; return 1; }
  [ "$(cat "$mnt/root/etc/edge-agent/.bundle-taken")" = "$taken_record" ] || { echo ".bundle-taken changed"; return 1; }
  [ "$(docker inspect -f '{{.Id}}' sdcard-web)" = "$web_id" ] || { echo "sdcard-web recreated"; return 1; }
  ! docker inspect sdcard-hello >/dev/null 2>&1 || { echo "the bootstrap manifest came back"; return 1; }
}
step "after the reboot: no re-provisioning, the same container, the published manifest still applied, the bootstrap not back" rebooted

# --- re-provisioning: only the fleet the device trusts may --------------------------------------------
to_card() { # bundle directory: as a technician copies it (fusefat, unlike a kernel FAT driver, writes only new files: replace each)
  rm -f "$mnt/boot/edge-agent/SHA256SUMS.dsse.json"
  local f files=() # the checksums last, their signature before them
  for f in "$1"/*; do f="${f##*/}"; [[ "$f" == SHA256SUMS* ]] || files+=("$f"); done
  [ ! -e "$1/SHA256SUMS.dsse.json" ] || files+=(SHA256SUMS.dsse.json)
  for f in "${files[@]}" SHA256SUMS; do
    rm -f "$mnt/boot/edge-agent/$f" && cp "$1/$f" "$mnt/boot/edge-agent/$f" || return 1
  done
  sync
}
foreign() { # another fleet's bundle (its own root, CA and keys, allowPrivileged), not signed by this fleet's root keys
  (cd "$work" && "$edgectl" ca init --out foreign-ca && "$edgectl" key generate --out foreign-root.pem \
     && "$edgectl" root init --root-key foreign-root.pem --manifests-key foreign-root.pem --expires 30d --out foreign-root.json \
     && "$edgectl" device provision --device "$device" --ca foreign-ca --root foreign-root.json --broker "mqtts://localhost:$relay_port" --out foreign \
     && jq '.policy = { "allowPrivileged": true } | .stateDir = "/var/lib/edge-agent-foreign"' foreign/agent.json > foreign/agent.json.new \
     && mv foreign/agent.json.new foreign/agent.json && (cd foreign && sha256sum agent.json ca.pem device.key device.pem root.json && echo "# end of bundle: 5 files") > foreign/SHA256SUMS) \
     >/dev/null 2>&1 || { echo "the foreign bundle could not be written"; return 1; }
  local root_before
  root_before="$(sha256sum < "$mnt/root/etc/edge-agent/root.json")"
  to_card "$work/foreign" || return 1
  inside systemctl restart edge-agent || return 1
  for _ in $(seq 60); do grep -q '"type":"provisioning-refused"' "$work/events.log" && break; sleep 1; done
  grep '"type":"provisioning-refused"' "$work/events.log" | grep -q 'SHA256SUMS.dsse.json is missing' || { cat "$work/events.log"; return 1; }
  [ "$(sha256sum < "$mnt/root/etc/edge-agent/root.json")" = "$root_before" ] || { echo "root.json was replaced"; return 1; }
  test -e "$mnt/boot/edge-agent/device.key" || { echo "the refused bundle's key was deleted from the card"; return 1; }
  reported || return 1
  [ "$(docker inspect -f '{{.Id}}' sdcard-web)" = "$web_id" ] || { echo "sdcard-web recreated"; return 1; }
}
step "another fleet's bundle put on the card (its root, allowPrivileged, a fresh stateDir) is refused whole and reported; the device keeps its trust" foreign
renewed() {
  (cd "$work" && "$edgectl" device provision --device "$device" --ca pki/ca --root root.json --broker "mqtts://localhost:$relay_port" \
     --manifest bootstrap.dsse.json --sign-key root-key.pem --out renewed) >/dev/null 2>&1 || { echo "provision failed"; return 1; }
  to_card "$work/renewed" || return 1
  inside systemctl restart edge-agent || return 1
  for _ in $(seq 60); do [ "$(grep -c '"type":"provisioned"' "$work/events.log")" -ge 2 ] && break; sleep 1; done
  [ "$(grep -c '"type":"provisioned"' "$work/events.log")" -ge 2 ] || { cat "$work/events.log"; return 1; }
  cmp -s "$work/renewed/device.pem" "$mnt/root/etc/edge-agent/device.pem" || { echo "the renewed certificate was not taken"; return 1; }
  test ! -e "$mnt/boot/edge-agent/device.key" || { echo "the renewed key stayed on the card"; return 1; }
  reported || return 1
  [ "$(docker inspect -f '{{.Id}}' sdcard-web)" = "$web_id" ] || { echo "sdcard-web recreated"; return 1; }
}
step "a new bundle signed by the fleet's root key (a renewed certificate) is taken, reported, and the device reconnects with it" renewed
poweroff

# --- the arm64 card, structurally ----------------------------------------------------------------
arm="$work/card-arm64.img"
step "build/sd-image.sh writes the arm64 card image (on this amd64 machine, nothing of arm64 run)" build/sd-image.sh --base "$arm64_base" --deb "$(deb arm64)" --bundle "$work/bundle" --out "$arm"
arm_table="$(sfdisk --dump "$arm")"
arm_loop="$(losetup --find --show --read-only --offset "$(( $(sed -n 's/^.*img2 : start= *\([0-9]*\),.*/\1/p' <<<"$arm_table") * 512 ))" "$arm")"
cleanup losetup -d "$arm_loop"
mkdir -p "$mnt/arm" && mount -o ro "$arm_loop" "$mnt/arm" && cleanup umount "$mnt/arm"
arm_layout() {
  [ "$(dpkg-query --admindir="$mnt/arm/var/lib/dpkg" -W -f='${Status} ${Architecture}' edge-agent)" = "install ok installed arm64" ] || { echo "package not installed"; return 1; }
  { test -f "$mnt/arm/lib/systemd/system/edge-agent.service" && test -f "$mnt/arm/etc/edge-agent/agent.json" && test -d "$mnt/arm/var/lib/edge-agent"; } || { echo "package files missing"; return 1; }
  [ -L "$mnt/arm/etc/systemd/system/multi-user.target.wants/edge-agent.service" ] || { echo "unit not enabled"; return 1; }
  MTOOLS_SKIP_CHECK=1 mdir -b -i "$arm@@$((8192 * 512))" ::/edge-agent | grep -q device.key || { echo "no bundle on the boot partition"; return 1; }
}
step "arm64 card: package files in place, unit enabled, bundle on the boot partition" arm_layout
step "arm64 card: the agent is an aarch64 ELF" bash -c "file '$mnt/arm/usr/bin/edge-agent' | grep -q 'ARM aarch64'"
step "arm64 card: the agent runs --version under qemu-user and prints $version" bash -c "qemu-aarch64-static -L '$mnt/arm' '$mnt/arm/usr/bin/edge-agent' --version | grep -q '^$version'"

printf 'figures: boot to converged bootstrap %.1f s; image %s MiB apparent, %s MiB allocated (base %s MiB allocated)\n' "$converged_after" \
  "$(( $(stat -c %s "$out") >> 20 ))" "$(( $(du -k "$out" | cut -f1) >> 10 ))" "$(( $(du -k "$amd64_base" | cut -f1) >> 10 ))"
finish
