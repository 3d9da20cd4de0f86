#!/usr/bin/env bash
# Builds the thesis's Nginx + Node-RED + MySQL images (manifests/thesis-stack) without a registry:
# a Debian base from debootstrap, then apt-get (and npm for Node-RED) inside docker build.
# Slow (several minutes); the tests do not need it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$REPO_ROOT/build/setup.sh"
command -v debootstrap >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

if ! docker image inspect edgeagent/debian:bookworm >/dev/null 2>&1; then
  rootfs="$(mktemp -d)"
  mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  log "debootstrap bookworm (minbase) from ${mirror:-http://deb.debian.org/debian}"
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >/dev/null
  tar -C "$rootfs" -c . | docker import - edgeagent/debian:bookworm >/dev/null
  rm -rf "$rootfs"
fi

stack="$REPO_ROOT/manifests/thesis-stack"
for app in mysql nodered nginx; do
  log "building edgeagent/thesis-$app:1"
  context="$(mktemp -d)"
  cp -r "$stack/$app/." "$context/"
  # The host's CA bundle, for package downloads behind a TLS-intercepting proxy (used in a build stage only).
  cp /etc/ssl/certs/ca-certificates.crt "$context/build-ca.crt" 2>/dev/null || : > "$context/build-ca.crt"
  docker build -q -t "edgeagent/thesis-$app:1" "$context" >/dev/null
  rm -rf "$context"
done
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^edgeagent/(thesis-|debian)'
