#!/usr/bin/env bash
# An SD-card image for a field install: a copy of BASE with the edge-agent package unpacked and
# configured into its root partition (with the host's dpkg, no target binary run, so an arm64 image
# is built on an amd64 machine), the unit enabled, and a provisioning bundle on its boot partition
# (written with mtools: no FAT driver needed in the kernel).
# The input image is never modified: everything happens on a copy, moved to OUT only when complete.
# Usage: build/sd-image.sh --base BASE.img --deb edge-agent_VERSION_ARCH.deb --bundle DIR --out OUT.img
# Needs root (loop devices and mounts). Exit 2: bad arguments or inputs; 1: the build failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { printf 'error: %s\nusage: build/sd-image.sh --base BASE.img --deb edge-agent_VERSION_ARCH.deb --bundle DIR --out OUT.img\n' "$1" >&2; exit 2; }
refuse() { printf 'error: %s\n' "$*" >&2; exit 2; }

base="" deb="" bundle="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base|--deb|--bundle|--out) { [ $# -ge 2 ] && [ -n "$2" ]; } || usage "$1 needs a value"; declare "${1#--}=$2"; shift 2 ;;
    -h|--help) usage "help" ;;
    *) usage "unknown argument $1" ;;
  esac
done
for arg in base deb bundle out; do [ -n "${!arg}" ] || usage "--$arg is required"; done
[ "$(id -u)" = 0 ] || refuse "run as root: the image's partitions are attached as loop devices and mounted (sudo build/sd-image.sh ...)"

# --- the inputs, checked before anything is copied -------------------------------------------------
[ -f "$base" ] || refuse "--base $base: not a regular file (an .img from Raspberry Pi OS, uncompressed)"
[ -f "$deb" ] || refuse "--deb $deb: not a regular file"
[ -d "$bundle" ] || refuse "--bundle $bundle: not a directory (what edgectl device provision --out wrote)"
[ -f "$bundle/SHA256SUMS" ] || refuse "--bundle $bundle: no SHA256SUMS (write the bundle with edgectl device provision)"
case "$out" in /dev/*) refuse "--out $out: write an image file, then flash it (rpi-imager, or dd to the card)" ;; esac
[ ! -e "$out" ] || [ -f "$out" ] || refuse "--out $out: exists and is not a regular file"
[ ! "$out" -ef "$base" ] || refuse "--out is the base image: the base is never modified; name another file"
out_dir="$(dirname "$out")"
[ -d "$out_dir" ] || refuse "--out $out: directory $out_dir does not exist"

for tool in sfdisk:fdisk blkid:util-linux losetup:mount mcopy:mtools dpkg-deb:dpkg sha256sum:coreutils file:file; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null; } \
    || die "${tool%%:*} is missing and ${tool#*:} could not be installed"
done

package="$(dpkg-deb -f "$deb" Package 2>/dev/null)" || refuse "--deb $deb: not a Debian package"
[ "$package" = edge-agent ] || refuse "--deb $deb: package $package, expected edge-agent (build/package.sh)"
deb_arch="$(dpkg-deb -f "$deb" Architecture)"
deb_version="$(dpkg-deb -f "$deb" Version)"
deb_kib="$(dpkg-deb -f "$deb" Installed-Size)"

(cd "$bundle" && sha256sum --check --strict --quiet SHA256SUMS >/dev/null 2>&1) \
  || refuse "--bundle $bundle: its files do not match SHA256SUMS (a file altered or missing): write the bundle again"

# The partitions: Raspberry Pi OS's layout, a FAT boot partition first and an ext4 root after it.
table="$(sfdisk --dump "$base" 2>/dev/null)" || refuse "--base $base: no partition table (expected a FAT boot partition and an ext4 root partition, as in Raspberry Pi OS)"
sector="$(sed -n 's/^sector-size: *//p' <<<"$table")"
sector="${sector:-512}"
mapfile -t partitions < <(sed -n 's/^.*: *start= *\([0-9]*\), *size= *\([0-9]*\),.*$/\1 \2/p' <<<"$table")
[ ${#partitions[@]} -ge 2 ] || refuse "--base $base: ${#partitions[@]} partition(s); expected a FAT boot partition and an ext4 root partition"
fs_type() { blkid --probe --offset "$(($1 * sector))" --match-tag TYPE --output value "$base" 2>/dev/null || echo "no file system"; }
read -r boot_start _ <<<"${partitions[0]}"
boot_type="$(fs_type "$boot_start")"
[ "$boot_type" = vfat ] || refuse "--base $base: partition 1 is $boot_type, not a FAT boot partition (expected the Raspberry Pi OS layout: FAT boot first, ext4 root after it)"
root_start="" root_size=""
for p in "${partitions[@]:1}"; do
  read -r start size <<<"$p"
  [ "$(fs_type "$start")" = ext4 ] && { root_start="$start" root_size="$size"; break; }
done
[ -n "$root_start" ] || refuse "--base $base: no ext4 root partition after the boot partition"

# --- the copy ------------------------------------------------------------------------------------
part="$out_dir/.$(basename "$out").part"
mnt="$(mktemp -d)"
finally() {
  mountpoint -q "$mnt/root" && umount "$mnt/root"
  detach_partitions
  rm -rf "$mnt" "$part"
}
trap finally EXIT
log "copying $base"
cp --sparse=always "$base" "$part"
attach_partition "$part" "$((root_start * sector))" "$((root_size * sector))"
root_loop="$attached"
mkdir -p "$mnt/root"
mount -t ext4 "$root_loop" "$mnt/root" || die "cannot mount the root partition"
root="$mnt/root"
export MTOOLS_SKIP_CHECK=1
boot="$part@@$((boot_start * sector))"

# The image's architecture: its dpkg's, else its dpkg binary's ELF machine.
image_arch="$(dpkg-query --admindir="$root/var/lib/dpkg" --show --showformat='${Architecture}' dpkg 2>/dev/null || true)"
if [ -z "$image_arch" ] && [ -f "$root/usr/bin/dpkg" ]; then
  case "$(file -b "$root/usr/bin/dpkg")" in
    *x86-64*) image_arch=amd64 ;; *aarch64*) image_arch=arm64 ;; *"ARM,"*) image_arch=armhf ;; *80386*) image_arch=i386 ;;
  esac
fi
[ -n "$image_arch" ] || refuse "--base $base: cannot tell the root partition's architecture (no dpkg in it): is it a Debian or Raspberry Pi OS image?"
[ "$deb_arch" = "$image_arch" ] || refuse "--deb $deb is for $deb_arch, the image is $image_arch: build the package for $image_arch (build/package.sh $image_arch)"

free_kib="$(df --output=avail -k "$root" | tail -1)"
[ "$free_kib" -gt $((deb_kib + 1024)) ] || refuse "--base $base: the root partition has $((free_kib / 1024)) MiB free, the package needs $((deb_kib / 1024 + 1)) MiB: grow the image (truncate, then resize2fs) first"
bundle_kib="$(du -sk "$bundle" | cut -f1)"
boot_free_kib="$(( $(mdir -i "$boot" :: 2>/dev/null | sed -n 's/^ *\([0-9 ]*\) bytes free.*/\1/p' | tr -d ' ') / 1024 ))"
[ "$boot_free_kib" -gt "$bundle_kib" ] || refuse "--base $base: the boot partition has $((boot_free_kib / 1024)) MiB free, the bundle needs $((bundle_kib / 1024 + 1)) MiB: carry fewer images (--images)"

# --- the package, configured offline ---------------------------------------------------------------
# Its maintainer scripts honour $DPKG_ROOT, so they run on this machine against the image
# (chrootless). Triggers of the image's packages (man-db) are left pending for the device's dpkg.
# No Docker engine in the base is allowed for: it is the image owner's choice (docker.io or docker-ce).
foreign=()
[ "$image_arch" = "$(dpkg --print-architecture)" ] || foreign=(--force-architecture)
if ! dpkg-query --admindir="$root/var/lib/dpkg" --show --showformat='${Status}\n' docker.io docker-ce 2>/dev/null | grep -q 'install ok installed'; then
  echo "warning: $base has no Docker engine package (docker.io or docker-ce); edge-agent's dependency on one is left for the device's apt to satisfy" >&2
fi
log "installing $(basename "$deb") into the root partition"
dpkg --root="$root" --force-script-chrootless --force-depends --no-triggers "${foreign[@]}" --install "$deb" >"$mnt/dpkg.log" 2>&1 \
  || { cat "$mnt/dpkg.log" >&2; die "dpkg could not install $deb into the image"; }
status="$(dpkg-query --admindir="$root/var/lib/dpkg" --show --showformat='${Status}' edge-agent)"
[ "$status" = "install ok installed" ] || die "edge-agent is '$status' in the image, not installed"
[ -L "$root/etc/systemd/system/multi-user.target.wants/edge-agent.service" ] || die "the package did not enable edge-agent.service in the image"

# Raspberry Pi OS mounts the boot partition at /boot/firmware, where the agent looks for its bundle.
boot_mount="$(awk '$3 == "vfat" && $2 ~ /^\/boot/ { print $2; exit }' "$root/etc/fstab" 2>/dev/null)"
boot_mount="${boot_mount:-/boot/firmware}"
if [ "$boot_mount" != /boot/firmware ]; then
  # An older layout (the boot partition at /boot): the agent is told where its bundle is, still
  # started through stateDir/agent/current (a self-update must stay in force).
  "$REPO_ROOT/build/boot-dropin.sh" "$root" "$boot_mount" || die "cannot write the unit drop-in for $boot_mount"
fi

# --- the bundle on the boot partition (FAT keeps no owners or modes) --------------------------------
# A bundle already on the base image is replaced whole; what was written is read back and checked.
mdeltree -i "$boot" ::/edge-agent >/dev/null 2>&1 || true
mmd -i "$boot" ::/edge-agent || die "cannot write to the boot partition"
mcopy -i "$boot" -s -m "$bundle"/* ::/edge-agent/ || die "cannot copy the bundle to the boot partition"
mkdir "$mnt/check"
{ mcopy -i "$boot" -s "::/edge-agent/*" "$mnt/check/" && (cd "$mnt/check" && sha256sum --check --strict --quiet SHA256SUMS); } \
  || die "the bundle read back from the boot partition does not match SHA256SUMS"

sync
umount "$mnt/root"
detach_partitions
mv "$part" "$out"
log "$out: edge-agent $deb_version ($image_arch) installed and enabled; bundle at $boot_mount/edge-agent ($(cd "$bundle" && echo *))"
