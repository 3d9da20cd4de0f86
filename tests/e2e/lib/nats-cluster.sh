# A three-node NATS cluster on loopback from the repository's broker-config/nats/, for the
# scenarios and the fleet benchmark. Source it after setting $work, which holds pki/ca/ca.pem,
# pki/broker/localhost.{pem,key} and authorization.conf; node N lives in $work/nodes/edge-N.

mqtt_port() { echo $((18882 + $1)); }  # node N's MQTT listener
http_port() { echo $((18222 + $1)); }  # its monitoring endpoint
node_dir() { echo "$work/nodes/edge-$1"; }

configure_node() { # N: broker-config/nats/ with loopback ports and this run's paths, in its own directory
  local n="$1" dir; dir="$(node_dir "$1")"
  mkdir -p "$dir/jetstream" || return 1
  cp "$REPO_ROOT/broker-config/nats/edge-$n.conf" "$dir/" && cp "$work/authorization.conf" "$dir/authorization.conf" || return 1
  sed -e "s#^listen: 127.0.0.1:4222#listen: 127.0.0.1:$((14221 + n))#" -e "s#^http: 127.0.0.1:8222#http: 127.0.0.1:$(http_port "$n")#" \
      -e "s#store_dir: /var/lib/nats/jetstream#store_dir: $dir/jetstream#" \
      -e "s#listen: 0.0.0.0:6222#listen: 127.0.0.1:$((16221 + n))#" -e "s#nats-route://nats-\([123]\).example:6222#nats-route://127.0.0.1:1622\1#" \
      -e "s#listen: 0.0.0.0:8883#listen: 127.0.0.1:$(mqtt_port "$n")#" \
      -e "s#/etc/nats/certs/ca.pem#$work/pki/ca/ca.pem#" -e "s#/etc/nats/certs/broker.pem#$work/pki/broker/localhost.pem#" \
      -e "s#/etc/nats/certs/broker.key#$work/pki/broker/localhost.key#" \
      "$REPO_ROOT/broker-config/nats/edgeagent.conf" > "$dir/edgeagent.conf" || return 1
  ! grep -v '^ *#' "$dir/edgeagent.conf" | grep -nE '\.example|/etc/nats|/var/lib|0\.0\.0\.0|:4222|:6222|:8222|:8883' # every site-specific value replaced
}
start_node() { # N
  local dir; dir="$(node_dir "$1")"
  nats-server -c "$dir/edge-$1.conf" >> "$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
}
gone() { local _; for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; return 1; } # also for processes of other subshells
stop_node() { local pid; pid="$(cat "$(node_dir "$1")/pid" 2>/dev/null)" && kill "$pid" 2>/dev/null && gone "$pid"; true; }
kill_node() { local pid; pid="$(cat "$(node_dir "$1")/pid" 2>/dev/null)" && kill -KILL "$pid" 2>/dev/null && gone "$pid"; true; }
streams_of() { curl -sf --max-time 5 "http://127.0.0.1:$(http_port "$1")/jsz?streams=true" | jq -c '[.account_details[]?.stream_detail[]? | select(.name | startswith("$MQTT_"))]'; }
streams_current() { # every MQTT stream led, and its leader sees both other replicas online and current (only the leader knows)
  local streams name leader
  streams="$(streams_of "$1")" || { echo "no JetStream report"; return 1; }
  for name in $(jq -r '.[].name' <<<"$streams"); do
    leader="$(jq -r --arg n "$name" '.[] | select(.name == $n) | .cluster.leader // empty' <<<"$streams")"
    [ -n "$leader" ] || { echo "$name: no leader"; return 1; }
    streams_of "${leader#edge-}" | jq -e --arg n "$name" '.[] | select(.name == $n) | [.cluster.replicas[]? | select(.current and (.offline | not))] | length == 2' >/dev/null \
      || { echo "$name: not all replicas current at its leader $leader"; return 1; }
  done
}
node_ready() { # N: routes to both others and every MQTT stream fully replicated. (/healthz would be the check, but
  # NATS 2.9 reports a killed node's internal retained-message consumer as "not current" for good after it rejoins.)
  local routes why
  for _ in $(seq 120); do
    routes="$(curl -sf --max-time 5 "http://127.0.0.1:$(http_port "$1")/routez" | jq '.num_routes' 2>/dev/null)"
    if [ "${routes:-0}" -ge 2 ]; then why="$(streams_current "$1")" && return 0; else why="routes: ${routes:-none}"; fi
    sleep 0.5
  done
  echo "node $1: $why"; tail -5 "$(node_dir "$1")/server.log"; return 1
}
cluster_up() {
  for n in 1 2 3; do configure_node "$n" || return 1; done
  for n in 1 2 3; do start_node "$n"; done
  for n in 1 2 3; do node_ready "$n" || return 1; done
}