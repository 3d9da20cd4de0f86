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
