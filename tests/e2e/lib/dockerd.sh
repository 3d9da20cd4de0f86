# shellcheck shell=bash
# A dockerd of its own for one simulated device of an end-to-end scenario: its own data root, socket
# and bridge (no iptables), so that several agents each own "their" Docker on one machine. Source it.
# own_dockerd DIR INDEX: starts it with DIR/docker.sock; stop_own_dockerd DIR: removes its containers, stops it.

own_dockerd() {
  local dir="$1" bridge="ea-e2e$2"
  mkdir -p "$dir" || return 1
  ip link show "$bridge" >/dev/null 2>&1 || ip link add "$bridge" type bridge || return 1
  ip addr replace "10.233.$2.1/24" dev "$bridge" && ip link set "$bridge" up || return 1
  dockerd --data-root "$dir/docker" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" -H "unix://$dir/docker.sock" \
    --bridge "$bridge" --iptables=false --ip-masq=false > "$dir/dockerd.log" 2>&1 &
  echo "$bridge" > "$dir/bridge"
  local _
  for _ in $(seq 120); do docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 && return 0; sleep 0.25; done
  tail -5 "$dir/dockerd.log"; return 1
}

stop_own_dockerd() {
  local dir="$1" pid ids
  [ -S "$dir/docker.sock" ] || return 0
  mapfile -t ids < <(docker -H "unix://$dir/docker.sock" ps -aq 2>/dev/null)
  [ ${#ids[@]} -eq 0 ] || docker -H "unix://$dir/docker.sock" rm -f "${ids[@]}" >/dev/null 2>&1
  pid="$(cat "$dir/dockerd.pid" 2>/dev/null)" && kill "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  [ -s "$dir/bridge" ] && ip link del "$(cat "$dir/bridge")" 2>/dev/null
  true
}
