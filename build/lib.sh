# shellcheck shell=bash
# Shared helpers for the build/ scripts. Source it; do not run it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Loop devices for partitions of an image file (card images): attach_partition IMAGE OFFSET SIZE
# (bytes) sets $attached; detach_partitions detaches them all (call it from the EXIT trap). Not in a
# subshell: $(attach_partition ...) would lose the record and leak the device.
attached_loops=()
attach_partition() {
  attached="$(losetup --find --show --offset "$2" --sizelimit "$3" "$1")" || die "cannot attach a loop device to $1"
  attached_loops+=("$attached")
}
detach_partitions() {
  local loop
  for loop in "${attached_loops[@]}"; do losetup -d "$loop" 2>/dev/null; done
  attached_loops=()
}

# Image tags used by the examples and tests (built locally: no registry is reachable).
BUSYBOX_IMAGE="edgeagent/busybox:1.35"
export BUSYBOX_IMAGE
# A registry with a login, for the registry tests (Testcontainers starts, stops and pauses it).
REGISTRY_IMAGE="edgeagent/registry-auth:test"
REGISTRY_USER="edge"
REGISTRY_PASSWORD="pull-token-7c1e"
export REGISTRY_IMAGE REGISTRY_USER REGISTRY_PASSWORD
