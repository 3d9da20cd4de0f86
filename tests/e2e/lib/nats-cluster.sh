# shellcheck shell=bash
# A three-node NATS cluster on loopback from the repository's broker-config/nats/, for the
# scenarios and the fleet benchmark. Source it after setting $work, which holds pki/ca/ca.pem,
# pki/broker/localhost.{pem,key} and authorization.conf; node N lives in $work/nodes/edge-N.
# shellcheck disable=SC2154 # $work is the sourcing script's, as said above

mqtt_port() { echo $((18882 + $1)); }  # node N's MQTT listener
http_port() { echo $((18222 + $1)); }  # its monitoring endpoint
node_dir() { echo "$work/nodes/edge-$1"; }

configure_node() { # N: broker-config/nats/ with loopback ports and this run's paths, in its own directory
  local n="$1" dir; dir="$(node_dir "$1")"
  mkdir -p "$dir/jetstream" || return 1
  cp "$REPO_ROOT/broker-config/nats/edge-$n.conf" "$dir/" && cp "$work/authorization.conf" "$dir/authorization.conf" || return 1
  sed -e "s#^listen: 127.0.0.1:4222#listen: 127.0.0.1:$((14221 + n))#" -e "s#^http: 127.0.0.1:8222#http: 127.0.0.1:$(http_port "$n")#" \
      -e "s#store_dir: /var/lib/nats/jetstream#store_dir: $dir/jetstream#" \
      -e "s#listen: 0.0.0.0:6222#listen: 127.0.0.1:$((16221 + n))#" -e "s#nats-route://nats-\([123]\).example:6222#nats-route://localhost:1622\1#" \
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
jsz() { curl -sf --max-time 5 "http://127.0.0.1:$(http_port "$1")/jsz?$2"; } # N query: node N's JetStream report
streams_of() { jsz "$1" streams=true | jq -c '[.account_details[]?.stream_detail[]? | select(.name | startswith("$MQTT_"))]'; }
# Each node keeps the retained messages it hands to new subscribers in memory, fed by a consumer of
# its own on the replicated $MQTT_rmsgs stream ($MQTT_rmsgs_<node's JetStream peer id>), which it
# deletes and creates again when its first MQTT client connects after a start. NATS 2.9 can leave
# such a consumer without a leader for good (recreated while a peer was down or the meta leader was
# overloaded): its node then hands out stale retained desired state while the stream holds the
# latest. So a node counts as ready only when every node's consumer is led and current, as its streams.
retained_consumers_of() { jsz "$1" consumers=true | jq -c '[.account_details[]?.stream_detail[]? | select(.name == "$MQTT_rmsgs") | .consumer_detail[]?]'; }
peer_id() { grep -m1 -o 'Node: *[A-Za-z0-9]*' "$(node_dir "$1")/server.log" | awk '{print $2}'; } # N: its JetStream peer id, as its log says at start
all_replicated() { # LIST N: every entry LIST (streams_of, retained_consumers_of) gives on node N is led, and its leader sees
  local views name leader  # both other replicas online and current (only the leader knows; a follower may not know the leader yet)
  views="$(for m in 1 2 3; do printf '{"edge-%s": %s}\n' "$m" "$("$1" "$m" 2>/dev/null || echo null)"; done | jq -cs add)"
  jq -e --arg n "edge-$2" '.[$n] != null' <<<"$views" >/dev/null || { echo "no JetStream report"; return 1; }
  for name in $(jq -r --arg n "edge-$2" '.[$n][].name' <<<"$views"); do
    leader="$(jq -r --arg n "$name" '[.[] // [] | .[] | select(.name == $n) | .cluster.leader // empty][0] // empty' <<<"$views")"
    [ -n "$leader" ] || { echo "$name: no leader"; return 1; }
    jq -e --arg l "$leader" --arg n "$name" '.[$l] // [] | .[] | select(.name == $n) | [.cluster.replicas[]? | select(.current and (.offline | not))] | length == 2' <<<"$views" >/dev/null \
      || { echo "$name: not all replicas current at its leader $leader"; return 1; }
  done
}
meta_current() { # every node follows one JetStream meta leader, which sees both other nodes online and current (streams and
  local m l leader leaders=""  # consumers are created, and MQTT sessions stored, through it: without a quorum a node answers 10008)
  for m in 1 2 3; do l="$(jsz "$m" "" | jq -r '.meta_cluster.leader // empty' 2>/dev/null)"; leaders+="${l:-none} "; done
  leader="${leaders%% *}"
  { [ "$leader" != none ] && [ "$leaders" = "$leader $leader $leader " ]; } || { echo "meta leaders seen by nodes 1 2 3: $leaders"; return 1; }
  jsz "${leader#edge-}" "" | jq -e '[.meta_cluster.replicas[]? | select(.current and (.offline | not))] | length == 2' >/dev/null \
    || { echo "meta group: not both followers current at its leader $leader"; return 1; }
}
own_retained_consumer() { # N: node N has created its retained-message consumer
  local own; own="\$MQTT_rmsgs_$(peer_id "$1")"
  retained_consumers_of "$1" | jq -e --arg n "$own" 'any(.[]; .name == $n)' >/dev/null || { echo "no retained-message consumer of node $1 yet ($own)"; return 1; }
}
monitor_identity() { # the read-only monitor's certificate and key, without the extension (the scenarios' layout or the benchmark's)
  local dir; for dir in "$work/pki/monitor" "$work/pki/clients"; do [ -f "$dir/edge-monitor.pem" ] && { echo "$dir/edge-monitor"; return 0; }; done; return 1
}
mqtt_served() { # N: an MQTT client connects (the node sets up its MQTT state, its retained-message consumer too, only then)
  local id rc; id="$(monitor_identity)" || return 1
  timeout 15 mosquitto_sub -V mqttv311 -h localhost -p "$(mqtt_port "$1")" --cafile "$work/pki/ca/ca.pem" --cert "$id.pem" --key "$id.key" \
    -i "ready-$1" -t 'edge/v1/groups/+/desired' -C 1 -W 1 >/dev/null 2>&1; rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 27 ] # a retained message, or connected and nothing within a second
}
node_ready() { # N: routes to both others, an MQTT client served, the meta group, every MQTT stream and every node's retained-message consumer replicated
  # (/healthz says the same once all is well, but never names what is not)
  local routes why served=""
  for _ in $(seq 120); do
    routes="$(curl -sf --max-time 5 "http://127.0.0.1:$(http_port "$1")/routez" | jq '.num_routes' 2>/dev/null)"
    if [ "${routes:-0}" -lt 2 ]; then why="routes: ${routes:-none}"
    elif [ -z "$served" ] && ! mqtt_served "$1"; then why="no MQTT client served yet"
    else served=1; why="$(meta_current)" && why="$(all_replicated streams_of "$1")" && why="$(own_retained_consumer "$1")" \
      && why="$(all_replicated retained_consumers_of "$1")" && return 0
    fi
    sleep 0.5
  done
  echo "node $1: $why"; tail -5 "$(node_dir "$1")/server.log"; return 1
}
cluster_up() {
  for n in 1 2 3; do configure_node "$n" || return 1; done
  for n in 1 2 3; do start_node "$n"; done
  for n in 1 2 3; do node_ready "$n" || return 1; done
}