#!/usr/bin/env bash
# NativeAOT publish of edge-agent and edgectl. Usage: build/publish.sh [linux-x64|linux-arm64] [OUTDIR]
# Environment: EDGEAGENT_VERSION=V builds that version instead of Directory.Build.props' (an agent
# release, build/agent-release.sh); EDGEAGENT_PROJECTS="EdgeAgent" publishes only the agent;
# EDGEAGENT_PUBLISH_FLAGS adds MSBuild flags (e.g. -p:IlcGenerateMapFile=true for
# tests/benchmarks/size-breakdown.sh).
# Fails on any trim or AOT warning (TreatWarningsAsErrors covers the ILC analysis too).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rid="${1:-linux-x64}"
out="${2:-$REPO_ROOT/artifacts/$rid}"

need=()
command -v clang-14 >/dev/null 2>&1 || need+=(clang-14)
command -v llvm-objcopy-14 >/dev/null 2>&1 || need+=(llvm-14)
[ -e /usr/lib/x86_64-linux-gnu/libz.so ] || need+=(zlib1g-dev)
flags=(-p:CppCompilerAndLinker=clang-14 -p:ObjCopyName=llvm-objcopy-14)
[ -z "${EDGEAGENT_VERSION:-}" ] || flags+=("-p:Version=$EDGEAGENT_VERSION")
# shellcheck disable=SC2206 # word splitting wanted: several flags
[ -z "${EDGEAGENT_PUBLISH_FLAGS:-}" ] || flags+=($EDGEAGENT_PUBLISH_FLAGS)
if [ "$rid" = linux-arm64 ]; then
  # Cross-compiling: arm64 sysroot libraries from Debian's multiarch, linked by lld.
  dpkg --print-foreign-architectures | grep -q arm64 || { dpkg --add-architecture arm64; apt-get update -qq; }
  command -v ld.lld-14 >/dev/null 2>&1 || need+=(lld-14)
  dpkg -s libc6-dev:arm64 >/dev/null 2>&1 || need+=(libc6:arm64 libc6-dev:arm64 libgcc-12-dev:arm64 libstdc++6:arm64 zlib1g-dev:arm64 libssl3:arm64 qemu-user-static)
  flags+=(-p:SysRoot=/ -p:LinkerFlavor=lld)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing NativeAOT toolchain: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ "$rid" = linux-arm64 ] && ln -sf /usr/bin/ld.lld-14 /usr/local/bin/ld.lld

for project in ${EDGEAGENT_PROJECTS:-EdgeAgent EdgeCtl}; do
  log "NativeAOT publish $project for $rid"
  # PublishAot comes from the project (not the command line, which would impose it on the Core too).
  dotnet publish "$REPO_ROOT/agent/$project" -c Release -r "$rid" "${flags[@]}" -o "$out" -nologo -v:q \
    -warnaserror 2>&1 | grep -vE '^\s*$' | sed 's/^/  /' >&2 || true
  test -x "$out/$( [ "$project" = EdgeAgent ] && echo edge-agent || echo edgectl )" || die "publish of $project failed"
done
# The binaries carry no method names (StackTraceSupport=false): their symbols are kept beside them
# for build/symbolize.sh, never shipped to a device.
mkdir -p "$out/symbols"
for dbg in "$out"/*.dbg; do [ -e "$dbg" ] && mv -f "$dbg" "$out/symbols/"; done
rm -f "$out"/*.pdb
ls -l "$out"/edge-agent "$out"/edgectl 2>/dev/null >&2 || true
