# shellcheck shell=bash
# Helpers shared by the benchmark scripts. Source it after build/lib.sh; do not run it.

# bench_manifest NAME PREFIX N: an unsigned manifest of N busybox apps PREFIX01..PREFIXN, each
# sleeping, with memory, CPU quota, shares and pids limits (the same as the compose peers use).
bench_manifest() {
  local name="$1" prefix="$2" n="$3" i sep
  echo '{ "apiVersion": "edge/v1", "kind": "Manifest",'
  echo "  \"metadata\": { \"name\": \"$name\", \"version\": 1, \"issuedAt\": \"2026-01-01T00:00:00Z\", \"expiresAt\": \"2100-01-01T00:00:00Z\" },"
  echo '  "spec": { "apps": {'
  for i in $(seq -w 1 "$n"); do
    sep=$([ "$i" -eq "$n" ] && echo "" || echo ",")
    echo "    \"$prefix$i\": { \"image\": \"$BUSYBOX_IMAGE\", \"command\": [\"sleep\", \"86400\"], \"init\": true, \"stopGracePeriodSeconds\": 1,"
    echo "      \"resources\": { \"memory\": \"16Mi\", \"cpus\": 0.1, \"cpuShares\": 128, \"pidsLimit\": 16 } }$sep"
  done
  echo '  } } }'
}

# An empty manifest: applying it removes every app the agent manages.
empty_manifest() {
  echo '{ "apiVersion": "edge/v1", "kind": "Manifest", "metadata": { "name": "empty", "version": 1, "issuedAt": "2026-01-01T00:00:00Z", "expiresAt": "2100-01-01T00:00:00Z" }, "spec": {} }'
}

now_ms() { date +%s%3N; }

# The median of the numbers on standard input.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
