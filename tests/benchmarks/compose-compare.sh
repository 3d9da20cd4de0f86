#!/usr/bin/env bash
# Benchmark: how fast edge-agent converges a device, against docker-compose 1.29 on the same stack and
# against the engine's own floor, in three scenarios:
#   from empty      10 apps (a dependency chain of 3, the other 7 independent), nothing to running
#   image change    one app's image changes (a new tag of the same image: the container is recreated)
#   limits change   the memory limit of all 10 changes (the agent updates in place; compose recreates)
# The floor, from empty only: 10 `docker run -d` in parallel with the same limits and no ordering.
# Each side is a new process per run (`edge-agent apply --once`, `docker-compose up -d`), runs are
# interleaved (agent, compose, floor, agent, ...), and medians are printed with min-max and ratios.
# A device runs the daemon, not `apply --once`: each round also times `edge-agent run` (already
# started, its Docker event stream connected) from the moment it accepts a new manifest from its
# file to its verifying pass finding nothing left to do, read from its own log, stamped as each
# line arrives.
#   tests/benchmarks/compose-compare.sh [REPS]      (default 7)
# Prints figures; asserts nothing.
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
source "$REPO_ROOT/tests/benchmarks/bench-lib.sh"
cd "$REPO_ROOT"
reps="${1:-7}"
n=10

"$REPO_ROOT/build/setup.sh" >/dev/null
"$REPO_ROOT/build/images.sh" >/dev/null
command -v docker-compose >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
[ -x artifacts/linux-x64/edge-agent ] || "$REPO_ROOT/build/publish.sh" linux-x64
agent="${EDGEAGENT_BIN:-$REPO_ROOT/artifacts/linux-x64/edge-agent}"
other_image="edgeagent/busybox:compare-b"

work="$(mktemp -d)"
project=benchcmp
compose() { docker-compose -p "$project" -f "$1" "${@:2}"; }
floor_names() { for i in $(seq -w 1 "$n"); do echo "floor$i"; done; }
apply() { "$agent" apply --manifest "$1" --once --allow-unsigned --config "$work/agent.json" >"$work/agent.log" 2>&1 \
  || die "edge-agent apply $1 failed: $(tail -n 5 "$work/agent.log")"; }
reset_all() {
  "$agent" apply --manifest "$work/empty.json" --once --allow-unsigned --config "$work/agent.json" >/dev/null 2>&1 || true
  compose "$work/compose-a.yml" down -t 0 >/dev/null 2>&1 || true
  floor_names | xargs docker rm -f >/dev/null 2>&1 || true
}
daemon_stop() { [ -z "${daemon_pid:-}" ] || { kill "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; daemon_pid=; }; }
cleanup() { set +e; daemon_stop; reset_all; docker rmi "$other_image" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
docker tag "$BUSYBOX_IMAGE" "$other_image"

# The stack, identical on both sides: app02 depends on app01, app03 on app02; every app has the
# same limits as the other benchmarks. $1 memory, $2 image of app05.
manifest() {
  local memory="$1" image5="$2" i image deps sep
  echo '{ "apiVersion": "edge/v1", "kind": "Manifest",'
  echo '  "metadata": { "name": "compare", "version": 1, "issuedAt": "2026-01-01T00:00:00Z", "expiresAt": "2100-01-01T00:00:00Z" },'
  echo '  "spec": { "apps": {'
  for i in $(seq -w 1 "$n"); do
    image=$([ "$i" = 05 ] && echo "$image5" || echo "$BUSYBOX_IMAGE")
    case "$i" in 02) deps='"dependsOn": ["app01"], ' ;; 03) deps='"dependsOn": ["app02"], ' ;; *) deps="" ;; esac
    sep=$([ "$i" -eq "$n" ] && echo "" || echo ",")
    echo "    \"app$i\": { \"image\": \"$image\", $deps\"command\": [\"sleep\", \"86400\"], \"init\": true, \"stopGracePeriodSeconds\": 1,"
    echo "      \"resources\": { \"memory\": \"${memory}Mi\", \"cpus\": 0.1, \"cpuShares\": 128, \"pidsLimit\": 16 } }$sep"
  done
  echo '  } } }'
}
compose_file() {
  local memory="$1" image5="$2" i image
  echo 'version: "2.4"'
  echo 'services:'
  for i in $(seq -w 1 "$n"); do
    image=$([ "$i" = 05 ] && echo "$image5" || echo "$BUSYBOX_IMAGE")
    printf '  app%s:\n    image: %s\n    command: ["sleep", "86400"]\n    init: true\n    stop_grace_period: 1s\n' "$i" "$image"
    printf '    mem_limit: %sm\n    cpus: 0.1\n    cpu_shares: 128\n    pids_limit: 16\n' "$memory"
    case "$i" in 02) printf '    depends_on: [app01]\n' ;; 03) printf '    depends_on: [app02]\n' ;; esac
  done
}
manifest 16 "$BUSYBOX_IMAGE" > "$work/a.json"; compose_file 16 "$BUSYBOX_IMAGE" > "$work/compose-a.yml"
manifest 16 "$other_image" > "$work/image.json"; compose_file 16 "$other_image" > "$work/compose-image.yml"
manifest 24 "$BUSYBOX_IMAGE" > "$work/limits.json"; compose_file 24 "$BUSYBOX_IMAGE" > "$work/compose-limits.yml"
empty_manifest > "$work/empty.json"
printf '{ "deviceId": "compare", "stateDir": "%s/state", "manifestFile": null, "allowUnsigned": true, "policy": { "requireDigest": false }, "resyncSeconds": 60 }\n' "$work" > "$work/agent.json"
printf '{ "deviceId": "compare", "stateDir": "%s/daemon-state", "manifestFile": "%s/daemon/manifest.json", "allowUnsigned": true, "policy": { "requireDigest": false }, "resyncSeconds": 600 }\n' "$work" "$work" > "$work/daemon.json"
mkdir -p "$work/daemon"

# The daemon's manifests carry rising versions (a file source refuses an older or equal one changed).
daemon_version=1
daemon_start() {
  daemon_offer "$work/empty.json"
  rm -f "$work/daemon.fifo"; mkfifo "$work/daemon.fifo"
  # $EPOCHREALTIME, not date: no process per line, so the stamp is taken as the line arrives.
  ( while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/./}" "$line"; done < "$work/daemon.fifo" > "$work/daemon.log" ) &
  EDGEAGENT_LOG_LEVEL=Debug "$agent" run --config "$work/daemon.json" > "$work/daemon.fifo" 2>&1 &
  daemon_pid=$!
  daemon_settled " v$daemon_version from" >/dev/null || die "edge-agent run did not converge: $(tail -n 5 "$work/daemon.log")"
}
# daemon_offer FILE: move the manifest into the daemon's file, with the next version.
daemon_offer() {
  daemon_version=$(( daemon_version + 1 ))
  sed "s/\"version\": 1,/\"version\": $daemon_version,/" "$1" > "$work/daemon/next.json"
  mv "$work/daemon/next.json" "$work/daemon/manifest.json"
}
# daemon_settled PATTERN: microseconds from the acceptance line matching PATTERN to the first
# "converged, nothing to do" after it (the verifying pass); waits up to 60 s.
daemon_settled() {
  local d
  for _ in $(seq 1 6000); do
    d=$(awk -v p="$1" 'index($0, "Accepted") && index($0, p) { t = $1 } t && /converged, nothing to do/ { print $1 - t; exit }' "$work/daemon.log" 2>/dev/null)
    [ -n "$d" ] && { echo "$d"; return 0; }
    sleep 0.01
  done
  return 1
}
# daemon_timed KEY FILE: offers FILE and records the milliseconds under KEY (not in a subshell: the
# version counter must carry over).
daemon_timed() {
  daemon_offer "$2"
  local us; us=$(daemon_settled " v$daemon_version from") || die "edge-agent run did not converge on $2"
  [ "$1" = - ] || record "$1" $(( us / 1000 ))
}

floor_up() {
  local name
  for name in $(floor_names); do
    docker run -d --name "$name" --init --memory 16m --cpus 0.1 --cpu-shares 128 --pids-limit 16 "$BUSYBOX_IMAGE" sleep 86400 >/dev/null &
  done
  wait
}
timed() { local t0; t0=$(now_ms); "$@" >/dev/null 2>&1 || die "$* failed"; echo $(( $(now_ms) - t0 )); }
all_running() { # $1 name filter: every container of the run is up
  [ "$(docker ps --filter "name=$1" --filter status=running -q | wc -l)" -ge "$n" ] || die "not all of $1 are running"
}

declare -A ms
record() { ms[$1]+="$2 "; }
reset_all
log "warming up (one untimed run of each side)"
apply "$work/a.json"; reset_all; compose "$work/compose-a.yml" up -d >/dev/null 2>&1; reset_all

for rep in $(seq 1 "$reps"); do
  log "round $rep of $reps"
  record agent_empty "$(timed apply "$work/a.json")"; all_running app
  record agent_image "$(timed apply "$work/image.json")"
  apply "$work/a.json"
  record agent_limits "$(timed apply "$work/limits.json")"
  reset_all
  record compose_empty "$(timed compose "$work/compose-a.yml" up -d)"; all_running "${project}_app"
  record compose_image "$(timed compose "$work/compose-image.yml" up -d)"
  compose "$work/compose-a.yml" up -d >/dev/null 2>&1
  record compose_limits "$(timed compose "$work/compose-limits.yml" up -d)"
  reset_all
  record floor_empty "$(timed floor_up)"; all_running floor
  reset_all
  daemon_start
  daemon_timed daemon_empty "$work/a.json"; all_running app
  daemon_timed daemon_image "$work/image.json"
  daemon_timed - "$work/a.json"
  daemon_timed daemon_limits "$work/limits.json"
  daemon_timed - "$work/empty.json"
  daemon_stop
done

stat() { local runs; read -ra runs <<<"${ms[$1]}"; printf '%s\n' "${runs[@]}" | median; }
range() { local runs; read -ra runs <<<"${ms[$1]}"; printf '%s\n' "${runs[@]}" | sort -n | sed -n '1p;$p' | paste -sd- ; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo
echo "== convergence, $n apps, median of $reps interleaved runs (min-max), milliseconds =="
printf '%-24s %18s %18s %18s %14s %14s\n' scenario edge-agent docker-compose "docker run x10" "agent/compose" "agent/floor"
for side in agent daemon; do
  for s in empty image limits; do
    a=$(stat "${side}_$s"); c=$(stat "compose_$s")
    if [ "$s" = empty ]; then f=$(stat floor_empty); fr="$f ($(range floor_empty))"; rf=$(ratio "$a" "$f"); else fr="-"; rf="-"; fi
    label=$([ "$side" = agent ] && echo "$s, apply --once" || echo "$s, run (daemon)")
    printf '%-24s %18s %18s %18s %14s %14s\n' "$label" "$a ($(range "${side}_$s"))" "$c ($(range "compose_$s"))" "$fr" "$(ratio "$a" "$c")" "$rf"
  done
done
