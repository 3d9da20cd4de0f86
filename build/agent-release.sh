#!/usr/bin/env bash
# An agent release: one image per architecture holding the NativeAOT edge-agent binary as
# /edge-agent (nothing else: FROM scratch), labelled with its version and the binary's SHA-256,
# optionally pushed to a registry. A device pulls it by digest like any app image and checks the
# binary against the SHA-256 pinned in the signed manifest (README: Updating the agent).
# Usage: build/agent-release.sh [--version V] [--binary FILE] [--push REGISTRY/REPOSITORY] [amd64] [arm64]
#   --version V    build that version (default: Directory.Build.props'); a versioned build is cached
#                  outside the checkout, keyed by the agent's sources and V
#   --binary FILE  package FILE as the release instead of building one (one architecture; tests use
#                  it for releases that are broken on purpose)
# Prints, per architecture: ARCH VERSION SHA256 IMAGE (the pushed digest reference with --push).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

push="" version="" given=""
archs=()
usage() { die "usage: build/agent-release.sh [--version V] [--binary FILE] [--push REGISTRY/REPOSITORY] [amd64] [arm64]"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --push) [ $# -ge 2 ] || usage; push="$2"; shift 2 ;;
    --version) [ $# -ge 2 ] || usage; version="$2"; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; given="$2"; shift 2 ;;
    amd64|arm64) archs+=("$1"); shift ;;
    *) usage ;;
  esac
done
[ ${#archs[@]} -gt 0 ] || archs=(amd64 arm64)
default_version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
[ -n "$default_version" ] || die "no <Version> in Directory.Build.props"
[ -n "$version" ] || version="$default_version"
[[ "$version" =~ ^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(-[0-9A-Za-z.-]{1,40})?$ ]] || die "--version $version is not a release version like 1.4.0 or 1.4.0-rc.1"
if [ -n "$given" ]; then
  [ -f "$given" ] || die "--binary $given is not a file"
  [ ${#archs[@]} -eq 1 ] || die "--binary packages one architecture: name it (amd64 or arm64)"
fi

fresh() { # binary: newer than every source file of the agent
  [ -x "$1" ] && [ -z "$(find agent Directory.Build.props Directory.Packages.props -newer "$1" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]
}

binary_for() { # rid: the edge-agent binary of this release, built when needed
  local rid="$1"
  if [ "$version" = "$default_version" ]; then
    fresh "$REPO_ROOT/artifacts/$rid/edge-agent" || "$REPO_ROOT/build/publish.sh" "$rid" "$REPO_ROOT/artifacts/$rid" >/dev/null
    echo "$REPO_ROOT/artifacts/$rid/edge-agent"
    return
  fi
  local key cache
  key="$( (echo "$version $rid"; find agent Directory.Build.props Directory.Packages.props global.json build/publish.sh -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)"
  cache="${EDGEAGENT_CACHE:-/var/cache/edgeagent}/agent-release-$key"
  if [ ! -x "$cache/edge-agent" ]; then
    log "NativeAOT publish of edge-agent $version for $rid (cached in $cache)"
    mkdir -p "$cache.part"
    EDGEAGENT_VERSION="$version" EDGEAGENT_PROJECTS=EdgeAgent "$REPO_ROOT/build/publish.sh" "$rid" "$cache.part" >/dev/null || die "publish of $version failed"
    rm -rf "$cache" && mv "$cache.part" "$cache"
  fi
  echo "$cache/edge-agent"
}

for arch in "${archs[@]}"; do
  case "$arch" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; esac
  if [ -n "$given" ]; then binary="$given"; else binary="$(binary_for "$rid")"; fi
  sha="$(sha256sum "$binary" | cut -d' ' -f1)"
  context="$(mktemp -d)"
  cp "$binary" "$context/edge-agent"
  chmod 0755 "$context/edge-agent"
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY edge-agent /edge-agent
LABEL io.edgeagent.release.version="$version" io.edgeagent.release.sha256="$sha" io.edgeagent.release.arch="$arch"
DOCKERFILE
  tag="edgeagent/agent-release:$version-$arch"
  log "building $tag"
  docker build -q --platform "linux/$arch" -t "$tag" "$context" >/dev/null || { rm -rf "$context"; die "docker build failed for $arch"; }
  rm -rf "$context"
  image="$tag"
  if [ -n "$push" ]; then
    docker tag "$tag" "$push:$version-$arch"
    docker push -q "$push:$version-$arch" >/dev/null || die "docker push $push:$version-$arch failed"
    image="$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$push:$version-$arch" | grep "^$push@" | head -1)"
  fi
  echo "$arch $version $sha $image"
done
