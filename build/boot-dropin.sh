#!/usr/bin/env bash
# The edge-agent unit drop-in for a system whose boot partition is mounted at BOOT_MOUNT rather than
# /boot/firmware (older Raspberry Pi OS: /boot): the packaged unit's own ExecStart, which starts
# stateDir/agent/current (so a release the agent updated itself to stays in force, README "Updating
# the agent"), with `--bundle BOOT_MOUNT/edge-agent` added, and that directory writable.
# Written into ROOT (an image's root partition, or / on a running system); build/sd-image.sh uses it.
# Usage: build/boot-dropin.sh ROOT BOOT_MOUNT      Exit 1: no packaged unit in ROOT.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -eq 2 ] || { echo "usage: build/boot-dropin.sh ROOT BOOT_MOUNT" >&2; exit 2; }
root="$1" boot_mount="$2"
unit=""
for candidate in "$root/lib/systemd/system/edge-agent.service" "$root/usr/lib/systemd/system/edge-agent.service"; do
  [ -f "$candidate" ] && { unit="$candidate"; break; }
done
[ -n "$unit" ] || die "no edge-agent.service under $root: install the package first"
exec_start="$(sed -n 's/^ExecStart=\(..*\)$/\1/p' "$unit" | tail -1)"
[ -n "$exec_start" ] || die "$unit has no ExecStart"
case "$exec_start" in *--bundle*) die "$unit already names a bundle directory: $exec_start" ;; esac
install -d -m 0755 "$root/etc/systemd/system/edge-agent.service.d"
printf '[Service]\n# The boot partition is at %s here: the packaged ExecStart, told where the bundle is.\nExecStart=\nExecStart=%s --bundle %s/edge-agent\nReadWritePaths=-%s/edge-agent\n' \
  "$boot_mount" "$exec_start" "$boot_mount" "$boot_mount" > "$root/etc/systemd/system/edge-agent.service.d/boot-partition.conf"
