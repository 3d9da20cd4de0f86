#!/usr/bin/env bash
# A Debian bookworm root file system with systemd, imported as a Docker image, for the scenarios
# that boot a device in a container (tests/e2e). Cached outside the checkout, keyed by its recipe:
# the debootstrap (about 70 s) runs once per machine. Prints the image tag.
# Usage: build/rootfs.sh [--tarball] [amd64|arm64]   (arm64: a foreign rootfs, unpacked only, never booted)
#   --tarball: print the cached tarball's path instead (no Docker image), for tests/e2e/lib/base-image.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tarball_only=""
[ "${1:-}" != --tarball ] || { tarball_only=yes; shift; }
arch="${1:-amd64}"
packages="systemd,systemd-sysv,dbus,init-system-helpers,libssl3,ca-certificates,iproute2,procps"
key="$(printf '%s %s %s' bookworm "$arch" "$packages" | sha256sum | cut -c1-12)"
tag="edgeagent/rootfs:bookworm-$arch-$key"
cache="${EDGEAGENT_CACHE:-/var/cache/edgeagent}"
tarball="$cache/rootfs-bookworm-$arch-$key.tar"

if [ -z "$tarball_only" ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "debootstrap bookworm ($arch) with $packages (cached in $cache)"
  foreign=()
  [ "$arch" = "$(dpkg --print-architecture)" ] || foreign=(--foreign)
  debootstrap --variant=minbase --arch="$arch" "${foreign[@]}" --include="$packages" bookworm "$work/root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  mkdir -p "$cache"
  tar -C "$work/root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
fi

if [ -n "$tarball_only" ]; then
  echo "$tarball"
  exit 0
fi
docker import "$tarball" "$tag" >/dev/null
echo "$tag"
