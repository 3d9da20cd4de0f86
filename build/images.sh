#!/usr/bin/env bash
# Builds the local images the examples and tests use. Idempotent and fast when cached.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -r "$REPO_ROOT/build/images/busybox/." "$context/"
busybox_path=/bin/busybox
file -L "$busybox_path" | grep -q 'statically linked' || die "$busybox_path is not the static busybox (apt-get install busybox-static)"
cp "$busybox_path" "$context/busybox"
log "building $BUSYBOX_IMAGE"
docker build -q -t "$BUSYBOX_IMAGE" "$context" >/dev/null
docker image inspect --format '{{.Id}}' "$BUSYBOX_IMAGE"

# The registry with a login: Debian's docker-registry and the libraries it links, a bcrypt htpasswd.
command -v docker-registry >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
command -v htpasswd >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils >/dev/null; }
registry_context="$(mktemp -d)"
trap 'rm -rf "$context" "$registry_context"' EXIT
cp "$REPO_ROOT/build/images/registry/Dockerfile" "$REPO_ROOT/build/images/registry/config.yml" "$registry_context/"
cp "$(command -v docker-registry)" "$registry_context/docker-registry"
for library in $(ldd "$(command -v docker-registry)" | grep -o '/[^ ]*'); do
  mkdir -p "$registry_context/lib$(dirname "$library")"
  cp -L "$library" "$registry_context/lib$library"
done
htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" > "$registry_context/htpasswd"
log "building $REGISTRY_IMAGE"
docker build -q -t "$REGISTRY_IMAGE" "$registry_context" >/dev/null
