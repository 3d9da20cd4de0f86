#!/usr/bin/env bash
# Debian packages of the agent and the operator's CLI, built with dpkg-deb from the NativeAOT binaries.
# Usage: build/package.sh [amd64] [arm64]      (default: both)
#   -> artifacts/deb/edge-agent_VERSION_ARCH.deb, artifacts/deb/edgectl_VERSION_ARCH.deb
# Binaries are published first (build/publish.sh) unless artifacts/RID holds ones newer than agent/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(amd64 arm64)
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
[ -n "$version" ] || die "no <Version> in Directory.Build.props"
# Reproducible: file times and the changelog date come from the last commit.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
out="$REPO_ROOT/artifacts/deb"
mkdir -p "$out"
template="$REPO_ROOT/build/debian"

fresh() { # binary: newer than every source file of the agent
  [ -x "$1" ] && [ -z "$(find agent Directory.Build.props Directory.Packages.props -newer "$1" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]
}

doc() { # package, staging root: copyright, changelog, man page
  local package="$1" root="$2" docdir="$2/usr/share/doc/$1"
  install -d -m 0755 "$docdir" "$root/usr/share/man/man1"
  install -m 0644 "$template/copyright" "$docdir/copyright"
  printf '%s (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- EdgeAgent developers <edgeagent@example.org>  %s\n' \
    "$package" "$version" "$version" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n > "$docdir/changelog.gz"
  chmod 0644 "$docdir/changelog.gz"
  local page="$template/$package/$package.1"
  sed "s/@VERSION@/$version/" "$page" | gzip -9n > "$root/usr/share/man/man1/$package.1.gz"
  chmod 0644 "$root/usr/share/man/man1/$package.1.gz"
}

build() { # package, arch, staging root
  local package="$1" arch="$2" root="$3"
  install -d -m 0755 "$root/DEBIAN"
  local size
  size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$template/$package/control.in" > "$root/DEBIAN/control"
  for script in conffiles postinst prerm postrm; do
    if [ -f "$template/$package/$script" ]; then
      install -m "$([ $script = conffiles ] && echo 0644 || echo 0755)" "$template/$package/$script" "$root/DEBIAN/$script"
    fi
  done
  (cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 -r md5sum) > "$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/md5sums"
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  local deb="$out/${package}_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
  log "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
}

for arch in "${archs[@]}"; do
  case "$arch" in
    amd64) rid=linux-x64 machine=x86-64 ;;
    arm64) rid=linux-arm64 machine=aarch64 ;;
    *) die "unknown architecture $arch (amd64 or arm64)" ;;
  esac
  bin="$REPO_ROOT/artifacts/$rid"
  { fresh "$bin/edge-agent" && fresh "$bin/edgectl"; } || "$REPO_ROOT/build/publish.sh" "$rid" "$bin"
  file -L "$bin/edge-agent" | grep -q "$machine" || die "$bin/edge-agent is not an $arch binary"

  stage="$(mktemp -d)"
  trap 'rm -rf "$stage"' EXIT
  agent="$stage/edge-agent"
  install -d -m 0755 "$agent/usr/bin" "$agent/lib/systemd/system" "$agent/etc/edge-agent"
  install -m 0755 "$bin/edge-agent" "$agent/usr/bin/edge-agent"
  install -m 0644 "$REPO_ROOT/build/systemd/edge-agent.service" "$agent/lib/systemd/system/edge-agent.service"
  install -d -m 0755 "$agent/usr/lib/edge-agent"
  install -m 0755 "$REPO_ROOT/build/systemd/agent-guard" "$agent/usr/lib/edge-agent/agent-guard"
  install -m 0644 "$template/edge-agent/agent.json" "$agent/etc/edge-agent/agent.json"
  doc edge-agent "$agent"
  gzip -9n < "$REPO_ROOT/README.md" > "$agent/usr/share/doc/edge-agent/README.md.gz"
  chmod 0644 "$agent/usr/share/doc/edge-agent/README.md.gz"
  build edge-agent "$arch" "$agent"

  ctl="$stage/edgectl"
  install -d -m 0755 "$ctl/usr/bin"
  install -m 0755 "$bin/edgectl" "$ctl/usr/bin/edgectl"
  doc edgectl "$ctl"
  build edgectl "$arch" "$ctl"
  rm -rf "$stage"
done
