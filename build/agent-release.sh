#!/usr/bin/env bash
# An agent release: one image per architecture holding the NativeAOT edge-agent binary as
# /edge-agent (nothing else: FROM scratch), labelled with its version and the binary's SHA-256,
# optionally pushed to a registry. A device pulls it by digest like any app image and checks the
# binary against the SHA-256 pinned in the signed manifest (issue J).
# Usage: build/agent-release.sh [--push REGISTRY/REPOSITORY] [amd64] [arm64]   (default: both)
# Prints, per architecture: ARCH VERSION SHA256 IMAGE (the pushed digest reference with --push).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

push=""
archs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --push) push="$2"; shift 2 ;;
    amd64|arm64) archs+=("$1"); shift ;;
    *) die "usage: build/agent-release.sh [--push REGISTRY/REPOSITORY] [amd64] [arm64]" ;;
  esac
done
[ ${#archs[@]} -gt 0 ] || archs=(amd64 arm64)
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
[ -n "$version" ] || die "no <Version> in Directory.Build.props"

fresh() { # binary: newer than every source file of the agent
  [ -x "$1" ] && [ -z "$(find agent Directory.Build.props Directory.Packages.props -newer "$1" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]
}

for arch in "${archs[@]}"; do
  case "$arch" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; esac
  binary="$REPO_ROOT/artifacts/$rid/edge-agent"
  fresh "$binary" || "$REPO_ROOT/build/publish.sh" "$rid" "$REPO_ROOT/artifacts/$rid" >/dev/null
  sha="$(sha256sum "$binary" | cut -d' ' -f1)"
  context="$(mktemp -d)"
  cp "$binary" "$context/edge-agent"
  cat > "$context/Dockerfile" <<EOF
FROM scratch
COPY edge-agent /edge-agent
LABEL io.edgeagent.release.version="$version" io.edgeagent.release.sha256="$sha" io.edgeagent.release.arch="$arch"
EOF
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
