#!/usr/bin/env bash
# Starts a local registry on 127.0.0.1:5000 (Debian's docker-registry) and pushes the test image
# to it, so that tests can pull by digest. Idempotent. Prints the pushed image's digest reference.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v docker-registry >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
# The package may start its own service on the same port; this script owns the test registry.
if ! curl -fsS http://127.0.0.1:5000/v2/ >/dev/null 2>&1; then
  mkdir -p /var/lib/edgeagent-registry
  nohup docker-registry serve "$REPO_ROOT/build/registry/config.yml" >/var/log/edgeagent-registry.log 2>&1 &
  for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:5000/v2/ >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS http://127.0.0.1:5000/v2/ >/dev/null || die "registry did not start (see /var/log/edgeagent-registry.log)"
fi
remote="127.0.0.1:5000/${BUSYBOX_IMAGE}"
docker tag "$BUSYBOX_IMAGE" "$remote"
docker push -q "$remote" >/dev/null
docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$remote" | grep '^127.0.0.1:5000/' | head -1
