#!/usr/bin/env bash
# A synthetic SD-card base image in Raspberry Pi OS's layout (MBR; partition 1 FAT32 "bootfs" mounted
# at /boot/firmware, partition 2 ext4 "rootfs") around the debootstrap root of build/rootfs.sh, for
# the sd-card scenario. Cached outside the checkout, keyed by the root and this recipe. Prints its path.
# Usage: tests/e2e/lib/base-image.sh [amd64|arm64]     (needs root)
# shellcheck source=build/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../build" && pwd)/lib.sh"
arch="${1:-amd64}"
tarball="$("$REPO_ROOT/build/rootfs.sh" --tarball "$arch")" || die "no $arch root file system"
key="$(cat "${BASH_SOURCE[0]}" <(basename "$tarball") | sha256sum | cut -c1-12)"
cache="${EDGEAGENT_CACHE:-/var/cache/edgeagent}"
image="$cache/base-bookworm-$arch-$key.img"
[ -s "$image" ] && { echo "$image"; exit 0; }

for tool in sfdisk:fdisk mkfs.vfat:dosfstools mcopy:mtools mkfs.ext4:e2fsprogs; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null; }
done
part="$image.part"
mnt="$(mktemp -d)"
finally() {
  mountpoint -q "$mnt" && umount "$mnt"
  detach_partitions
  rm -rf "$mnt" "$part"
}
trap finally EXIT

boot_mib=256
tarball_mib=$(( $(stat -c %s "$tarball") / 1048576 ))
root_mib=$(( tarball_mib * 3 / 2 + 128 ))
rm -f "$part"
truncate -s "$(( (4 + boot_mib + root_mib) * 1048576 ))" "$part"
printf 'label: dos\nstart=8192, size=%d, type=c\nstart=%d, type=83\n' "$((boot_mib * 2048))" "$((8192 + boot_mib * 2048))" | sfdisk --quiet "$part"
attach_partition "$part" $((8192 * 512)) $((boot_mib << 20)) && boot_loop="$attached"
attach_partition "$part" $(((8192 + boot_mib * 2048) * 512)) $((root_mib << 20)) && root_loop="$attached"
mkfs.vfat -F 32 -n BOOTFS "$boot_loop" >/dev/null
mkfs.ext4 -q -L rootfs "$root_loop"

# What the firmware reads on a Pi; written with mtools (no FAT driver needed in the kernel).
printf 'console=serial0,115200 root=LABEL=rootfs rootfstype=ext4 fsck.repair=yes rootwait\n' > "$mnt/cmdline.txt"
printf '[all]\narm_64bit=1\n' > "$mnt/config.txt"
MTOOLS_SKIP_CHECK=1 mcopy -i "$part@@$((8192 * 512))" "$mnt/cmdline.txt" "$mnt/config.txt" ::/
rm "$mnt/cmdline.txt" "$mnt/config.txt"

mount "$root_loop" "$mnt"
tar -C "$mnt" --numeric-owner -xf "$tarball"
printf 'proc /proc proc defaults 0 0\nLABEL=BOOTFS /boot/firmware vfat defaults 0 2\nLABEL=rootfs / ext4 defaults,noatime 0 1\n' > "$mnt/etc/fstab"
mkdir -p "$mnt/boot/firmware"
echo raspberrypi > "$mnt/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\traspberrypi\n' > "$mnt/etc/hosts" # as Raspberry Pi OS has it
umount "$mnt"

mkdir -p "$cache"
find "$cache" -maxdepth 1 -name "base-bookworm-$arch-*.img" ! -name "$(basename "$image")" -delete # older recipes
mv "$part" "$image"
echo "$image"
