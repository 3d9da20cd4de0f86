#!/usr/bin/env bash
# Installs and starts what EdgeAgent's demo and tests need, idempotently:
# Docker engine (dockerd), busybox-static for the base image, mosquitto and its clients, Open vSwitch, iproute2, docker-compose,
# chromium with its WebDriver, nats-server, and the .NET SDK check.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || need_packages+=(busybox-static)
command -v file >/dev/null 2>&1 || need_packages+=(file)
command -v jq >/dev/null 2>&1 || need_packages+=(jq)
command -v curl >/dev/null 2>&1 || need_packages+=(curl)
[ -x /usr/sbin/mosquitto ] || need_packages+=(mosquitto)
# mosquitto_sub/_pub: the end-to-end scenarios watch and poke the brokers as a monitor would.
command -v mosquitto_sub >/dev/null 2>&1 || need_packages+=(mosquitto-clients)
# Open vSwitch: the tests start their own ovsdb-server/ovs-vswitchd (userspace datapath).
command -v ovsdb-server >/dev/null 2>&1 || need_packages+=(openvswitch-switch)
command -v ip >/dev/null 2>&1 || need_packages+=(iproute2)
command -v mkfs.ext4 >/dev/null 2>&1 || need_packages+=(e2fsprogs) # the disk tests' small loop-mounted data root
# The tests' simulated underlays are veth pairs: the userspace datapath needs their checksum offload off.
command -v ethtool >/dev/null 2>&1 || need_packages+=(ethtool)
# The compose import is checked against docker-compose itself (Debian's 1.29), field by field.
command -v docker-compose >/dev/null 2>&1 || need_packages+=(docker-compose)
# The dashboard (`edgectl fleet serve`) is tested in a real headless browser, driven over WebDriver.
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
# The clustered broker: three NATS nodes (MQTT on JetStream) for tests/e2e/broker-cluster.sh and the fan-out benchmark.
command -v nats-server >/dev/null 2>&1 || need_packages+=(nats-server)

if [ ${#need_packages[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_packages[*]}"
  if [ "$(id -u)" -ne 0 ]; then die "run as root to install packages (apt-get)"; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (dotnet not on PATH)"

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  log "starting dockerd"
  # No systemd as PID 1 on build machines: start the daemon directly, logging to a file.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl start docker
  else
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || { tail -20 /var/log/dockerd.log >&2 || true; die "dockerd did not start"; }
fi
log "docker $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
