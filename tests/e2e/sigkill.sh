#!/usr/bin/env bash
# Crash-safe resume: the agent is killed with SIGKILL at seeded random instants while it applies
# signed manifests that alternate between two versions of a stack (an image change under probation,
# a limit changed in place, an app added and one removed, one app that never changes), then
# restarted; after every restart the device must be in the new desired state with no duplicate,
# orphan, half-configured or needlessly recreated container, and the version floor must not drop.
# Usage: tests/e2e/sigkill.sh [--seed N] [--rounds N]   (installs what it needs; runs alone)
source "$(dirname "${BASH_SOURCE[0]}")/lib/scenario.sh"
cd "$REPO_ROOT"

seed="$(date +%s)"
rounds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "usage: tests/e2e/sigkill.sh [--seed N] [--rounds N]" >&2; exit 2 ;;
  esac
done
[[ "$seed" =~ ^[0-9]+$ && "$rounds" =~ ^[0-9]+$ ]] || { echo "usage: --seed and --rounds take whole numbers" >&2; exit 2; }
RANDOM="$seed" # bash's generator: the same seed gives the same kills

prepare_agent
ctl="$edgectl"

image_a=edgeagent/busybox:1.35
image_b=edgeagent/busybox:sigkill-b
docker tag "$image_a" "$image_b" || die "docker tag"

work="${SIGKILL_WORK:-$(mktemp -d)}"
managed() { docker ps -aq --filter label=io.edgeagent.managed=true; }
remove_managed() { local ids; mapfile -t ids < <(managed); [ ${#ids[@]} -eq 0 ] || docker rm -f "${ids[@]}" >/dev/null; }
[ -n "${SIGKILL_WORK:-}" ] || cleanup rm -rf "$work"
cleanup docker rmi "$image_b"
cleanup remove_managed
kill_agents() { pkill -KILL -f "$work/agent.json"; }
cleanup kill_agents
remove_managed

{ "$ctl" key generate --out "$work/root.key" >/dev/null && "$ctl" key generate --out "$work/manifests.key" >/dev/null \
  && "$ctl" root init --root-key "$work/root.key" --root-threshold 1 --manifests-key "$work/manifests.key" --manifests-threshold 1 --out "$work/root.json" >/dev/null; } \
  || die "edgectl could not make a trust root"
cat > "$work/agent.json" <<EOF
{
  "deviceId": "pi-kill",
  "groups": [],
  "stateDir": "$work/state",
  "trustRoot": "$work/root.json",
  "docker": { "endpoint": "unix:///var/run/docker.sock" },
  "policy": { "requireDigest": false },
  "resyncSeconds": 2
}
EOF

app() { # name image [extra JSON]
  printf '"%s": { "image": "%s", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1%s }' "$1" "$2" "${3:-}"
}
# Odd versions are stack A, even ones stack B.
manifest() {
  local version="$1" apps
  if [ $((version % 2)) -eq 1 ]; then
    apps="$(app sk-web "$image_a" ', "update": { "probationSeconds": 1 }'), $(app sk-db "$image_a" ', "resources": { "memory": "64Mi" }'), $(app sk-old "$image_a"), $(app sk-side "$image_a")"
  else
    apps="$(app sk-web "$image_b" ', "update": { "probationSeconds": 1 }'), $(app sk-db "$image_a" ', "resources": { "memory": "96Mi" }'), $(app sk-new "$image_a"), $(app sk-side "$image_a")"
  fi
  cat > "$work/m.json" <<EOF
{ "apiVersion": "edge/v1", "kind": "Manifest",
  "metadata": { "name": "sigkill", "version": $version, "issuedAt": "2026-01-01T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                "target": { "devices": ["pi-kill"] } },
  "spec": { "apps": { $apps } } }
EOF
  "$ctl" manifest sign --key "$work/manifests.key" --in "$work/m.json" --out "$work/m-$version.dsse.json" >/dev/null
}

snapshot() { docker ps -a --no-trunc --filter label=io.edgeagent.managed=true --format '{{.ID}} {{.Names}} {{.State}}' | sort; }
apply_once() { timeout 120 "$agent" apply --manifest "$work/m-$1.dsse.json" --once --config "$work/agent.json"; }

# What must hold after a restart that applied version $1.
violations() {
  local version="$1" want name app hash running image memory side ids
  if [ $((version % 2)) -eq 1 ]; then want="sk-db sk-old sk-side sk-web"; else want="sk-db sk-new sk-side sk-web"; fi
  local names
  names="$(docker ps -a --filter label=io.edgeagent.managed=true --format '{{.Names}}' | sort | xargs)"
  [ "$names" = "$want" ] || echo "managed containers are [$names], want [$want] (duplicate, orphan or leftover previous version)"
  mapfile -t ids < <(managed)
  while read -r name app hash running image memory; do
    [ "$name" = "/$app" ] || echo "$name carries app label $app"
    [ -n "$hash" ] && [ "$hash" != "<no value>" ] || echo "$name has no spec hash (half-configured)"
    [ "$running" = true ] || echo "$name is not running"
    case "$app" in
      sk-web) [ "$image" = "$([ $((version % 2)) -eq 1 ] && echo "$image_a" || echo "$image_b")" ] || echo "sk-web runs $image" ;;
      sk-db) [ "$memory" = "$([ $((version % 2)) -eq 1 ] && echo 67108864 || echo 100663296)" ] || echo "sk-db memory limit is $memory" ;;
    esac
  done < <(docker inspect --format '{{.Name}} {{index .Config.Labels "io.edgeagent.app"}} {{index .Config.Labels "io.edgeagent.spec-hash"}} {{.State.Running}} {{.Config.Image}} {{.HostConfig.Memory}}' "${ids[@]}")
  side="$(docker inspect --format '{{.Id}}' sk-side 2>/dev/null)"
  [ "$side" = "$side_id" ] || echo "sk-side was recreated (an app that never changed)"
  local floor
  floor="$(python3 -c 'import json,sys; print(max(v["version"] for v in json.load(open(sys.argv[1]))["streams"].values()))' "$work/state/trust-state.json" 2>/dev/null)"
  [ "$floor" = "$version" ] || echo "version floor is ${floor:-unreadable}, want $version"
}

manifest 1
step "version 1 applied without kills (seed $seed, $rounds rounds)" apply_once 1
side_id="$(docker inspect --format '{{.Id}}' sk-side 2>/dev/null)"

kills=0
total_violations=0
for round in $(seq 1 "$rounds"); do
  version=$((round + 1))
  manifest "$version" || die "edgectl manifest sign failed"
  before="$(snapshot)"
  delay_ms=$((RANDOM % 1500))
  mode=daemon
  [ $((RANDOM % 2)) -eq 0 ] && mode=once
  if [ "$mode" = once ]; then
    "$agent" apply --manifest "$work/m-$version.dsse.json" --once --config "$work/agent.json" >"$work/killed.log" 2>&1 &
  else
    "$agent" apply --manifest "$work/m-$version.dsse.json" --config "$work/agent.json" >"$work/killed.log" 2>&1 &
  fi
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -KILL "$pid" 2>/dev/null; then
    kills=$((kills + 1))
    what="SIGKILL after $delay_ms ms ($mode)"
  else
    what="finished before its kill at $delay_ms ms ($mode)"
  fi
  wait "$pid" 2>/dev/null
  changed="$(diff <(printf '%s\n' "$before") <(snapshot) | grep -c '^>')"
  what="$what with $changed container change(s) made"

  if ! apply_once "$version" >"$work/restart.log" 2>&1; then
    found="the restarted agent did not converge: $(tail -3 "$work/restart.log" | tr '\n' ' ')"
  else
    found="$(violations "$version")"
  fi
  if [ -z "$found" ]; then
    echo "PASS round $round, v$version: $what; restarted, consistent"
  else
    echo "FAIL round $round, v$version: $what; restarted:"
    printf '%s\n' "$found" | sed 's/^/    violation: /'
    total_violations=$((total_violations + $(printf '%s\n' "$found" | wc -l)))
    failures=$((failures + 1))
  fi
done

older() { # the floor held: an older version is refused and changes nothing
  local before out
  before="$(docker ps -aq --no-trunc --filter label=io.edgeagent.managed=true | sort)"
  out="$(apply_once $((rounds)) 2>&1)" && { echo "v$rounds was accepted after v$((rounds + 1))"; return 1; }
  grep -q version-rollback <<<"$out" || { echo "$out"; return 1; }
  [ "$(docker ps -aq --no-trunc --filter label=io.edgeagent.managed=true | sort)" = "$before" ] || { echo "containers changed"; return 1; }
}
[ "$rounds" -gt 0 ] && step "after the kills an older version is still refused (version-rollback) and changes nothing" older
echo "sigkill: seed $seed, $rounds round(s), $kills kill(s) mid-apply, $total_violations violation(s)"
finish
