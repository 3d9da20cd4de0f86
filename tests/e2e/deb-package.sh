#!/usr/bin/env bash
# The Debian packages: built, lintian-clean, installed on a Debian system booted with systemd (in a
# container), reinstalled, reconfigured, removed and purged, with the unit and the state where Debian
# and the README say. Usage: tests/e2e/deb-package.sh   (installs what it needs; runs alone)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/build/setup.sh" >/dev/null 2>&1 || die "build/setup.sh failed"
command -v lintian >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lintian >/dev/null; }
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
agent_deb="$REPO_ROOT/artifacts/deb/edge-agent_${version}_amd64.deb"
ctl_deb="$REPO_ROOT/artifacts/deb/edgectl_${version}_amd64.deb"

step "build/package.sh amd64 writes both packages" bash -c "build/package.sh amd64 && test -s '$agent_deb' && test -s '$ctl_deb'"
step "lintian: no errors and no warnings" lintian --fail-on error,warning "$agent_deb" "$ctl_deb"

layout() {
  local bad
  bad="$(dpkg-deb -c "$agent_deb" "$ctl_deb" | awk '{print $6}' | grep -vE '^\./(|etc/|etc/edge-agent/|etc/edge-agent/agent\.json|lib/|lib/systemd/|lib/systemd/system/|lib/systemd/system/edge-agent\.service|usr/|usr/bin/|usr/bin/edge(-agent|ctl)|usr/lib/|usr/lib/edge-agent/|usr/lib/edge-agent/agent-guard|usr/share/|usr/share/(doc|man)/.*)$')"
  [ -z "$bad" ] || { echo "outside the expected layout: $bad"; return 1; }
  dpkg-deb -f "$agent_deb" Depends | grep -q 'docker.io | docker-ce' || { echo "no Docker engine in Depends"; return 1; }
  dpkg-deb -f "$agent_deb" Recommends | grep -q openvswitch-switch || { echo "Open vSwitch not recommended"; return 1; }
  [ "$(dpkg-deb -I "$agent_deb" conffiles)" = /etc/edge-agent/agent.json ] || { echo "conffiles wrong"; return 1; }
}
step "files only in Debian's layout; Depends a Docker engine, Recommends Open vSwitch; agent.json a conffile" layout

image="$("$REPO_ROOT/build/rootfs.sh" amd64)" || { echo "FAIL a Debian rootfs with systemd"; exit 1; }

# As an image builder does it: configured into an offline root with the host's dpkg, no chroot, no
# target binary run ($DPKG_ROOT-aware maintainer scripts).
offline="$(mktemp -d)"
cleanup rm -rf "$offline"
snapshot="$(docker create "$image" /bin/true)"
cleanup docker rm -f "$snapshot"
docker export "$snapshot" | tar -C "$offline" -x
chrootless() {
  dpkg --root="$offline" --force-script-chrootless --force-depends -i "$agent_deb" >/dev/null 2>&1 || return 1
  dpkg --root="$offline" -s edge-agent | grep -qx 'Status: install ok installed' || { echo "not configured"; return 1; }
  [ "$(stat -c '%a' "$offline/var/lib/edge-agent")" = 700 ] || { echo "state dir mode"; return 1; }
  [ "$(readlink "$offline/etc/systemd/system/multi-user.target.wants/edge-agent.service")" = /lib/systemd/system/edge-agent.service ] || { echo "unit not enabled in the offline root"; return 1; }
  [ ! -e /etc/systemd/system/multi-user.target.wants/edge-agent.service ] || { echo "enabled on the host instead"; return 1; }
}
step "configured into an offline root without running it (dpkg --root, chrootless): installed, enabled, state dir 0700" chrootless
debs="$(mktemp -d)"
cleanup rm -rf "$debs"
cp "$agent_deb" "$ctl_deb" "$debs/"
name="edgeagent-e2e-deb-$$"
cleanup docker rm -f "$name"
docker run -d --name "$name" --cap-add SYS_ADMIN --cap-add NET_ADMIN --security-opt seccomp=unconfined \
  --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
  -v /var/run/docker.sock:/var/run/docker.sock -v "$debs:/debs:ro" \
  -e container=docker "$image" /lib/systemd/systemd >/dev/null
inside() { docker exec "$name" sh -c "$*"; }
postinst() { inside "DPKG_MAINTSCRIPT_PACKAGE=edge-agent DPKG_MAINTSCRIPT_NAME=postinst /var/lib/dpkg/info/edge-agent.postinst configure $version"; }
booted() { for _ in $(seq 60); do state="$(inside systemctl is-system-running 2>/dev/null)"; case "$state" in running|degraded) return 0 ;; esac; sleep 1; done; echo "systemd: $state"; return 1; }
step "a Debian system boots systemd in a container" booted

# No Docker engine package in this system (the host's engine is mounted): its dependency is forced.
install_agent() { inside "dpkg --force-depends -i /debs/$(basename "$agent_deb")"; }
active() { for _ in $(seq 30); do [ "$(inside systemctl is-active edge-agent)" = active ] && return 0; sleep 1; done; inside "systemctl status edge-agent --no-pager; journalctl -u edge-agent --no-pager | tail -20"; return 1; }
step "dpkg -i installs and configures edge-agent" install_agent
step "postinst: /var/lib/edge-agent is a root-only directory" bash -c "[ \"\$(docker exec $name stat -c '%a %U' /var/lib/edge-agent)\" = '700 root' ]"
step "postinst: the unit is enabled" bash -c "[ \"\$(docker exec $name systemctl is-enabled edge-agent)\" = enabled ]"
step "postinst: the agent runs (Type=notify reached active) with the default configuration" active
journal() { for _ in $(seq 15); do inside "journalctl -u edge-agent EDGEAGENT_AGENT_VERSION=$version SYSLOG_IDENTIFIER=edge-agent -o cat --no-pager | grep -q 'starting as device'" && return 0; sleep 1; done; inside "journalctl -u edge-agent -o verbose --no-pager | tail -40"; return 1; }
step "journald: the agent's entries carry its own fields (EDGEAGENT_AGENT_VERSION=$version)" journal
step "edge-agent --version prints $version" bash -c "docker exec $name edge-agent --version | grep -qx '$version.*'"

inside "sed -i 's|// Only images|// Edited on the device. Only images|' /etc/edge-agent/agent.json"
step "reinstalling the same package succeeds" install_agent
step "the administrator's agent.json survives the reinstall" inside "grep -q 'Edited on the device' /etc/edge-agent/agent.json"
step "the maintainer scripts can run again (postinst configure twice)" bash -c "$(declare -f inside postinst); name=$name version=$version; postinst && postinst"
step "still running after all that" active
inside "chmod 0755 /var/lib/edge-agent" && postinst
step "a rerun restores the state directory's permissions" bash -c "[ \"\$(docker exec $name stat -c '%a' /var/lib/edge-agent)\" = 700 ]"

inside "echo 'provisioned' > /etc/edge-agent/device.key && touch /var/lib/edge-agent/trust-state.json"
step "dpkg -r removes edge-agent" inside "dpkg -r edge-agent"
step "prerm: the agent is stopped on removal" bash -c "[ \"\$(docker exec $name systemctl is-active edge-agent)\" != active ]"
step "removal keeps the configuration and the state" inside "test ! -e /usr/bin/edge-agent && test -f /etc/edge-agent/agent.json && test -f /var/lib/edge-agent/trust-state.json"
step "dpkg -P purges the state, the keys and the configuration" inside "dpkg -P edge-agent && test ! -e /var/lib/edge-agent && test ! -e /etc/edge-agent"
step "no unit left enabled after the purge" inside "test ! -e /etc/systemd/system/multi-user.target.wants/edge-agent.service"

step "edgectl installs and runs" inside "dpkg -i /debs/$(basename "$ctl_deb") && edgectl --version | grep -q '$version' && test -f /usr/share/man/man1/edgectl.1.gz"
step "edgectl purges cleanly" inside "dpkg -P edgectl && test ! -e /usr/bin/edgectl"

finish
