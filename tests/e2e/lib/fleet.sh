# shellcheck shell=bash
# A fleet for the end-to-end scenarios: the operator's PKI and trust root, and a mosquitto with the
# repository's configuration on a loopback port. Source it after scenario.sh; do not run it.
# Needs: $work (the scenario's directory), $edgectl. Defines: fleet_pki, fleet_broker PORT, $tls, ops_args PORT.
# shellcheck disable=SC2154 # $work and $edgectl are the scenario's, set before it sources this

fleet_pki() { # fleet CA; broker, operator and monitor certificates; root and manifests keys; root.json
  (cd "$work" && "$edgectl" ca init --out pki/ca && "$edgectl" cert issue --ca pki/ca --name localhost --kind broker --san 127.0.0.1 --out pki/broker \
    && "$edgectl" cert issue --ca pki/ca --name edge-operator --kind operator --out pki/operator \
    && "$edgectl" cert issue --ca pki/ca --name edge-monitor --kind operator --out pki/monitor \
    && "$edgectl" key generate --out root-key.pem && "$edgectl" key generate --out ops-key.pem \
    && "$edgectl" root init --root-key root-key.pem --manifests-key ops-key.pem --expires 30d --out root.json) >/dev/null
}

fleet_broker() { # port: mosquitto as broker-config/ configures it, certificates from fleet_pki; stopped at exit
  local port="$1" broker="$work/broker"
  mkdir -p "$broker/data"
  sed -e "s#^listener 8883.*#listener $port 127.0.0.1#" -e "s#/var/lib/mosquitto/#$broker/data/#" \
      -e "s#/etc/mosquitto/certs/ca.pem#$work/pki/ca/ca.pem#" -e "s#/etc/mosquitto/certs/broker.pem#$work/pki/broker/localhost.pem#" \
      -e "s#/etc/mosquitto/certs/broker.key#$work/pki/broker/localhost.key#" -e "s#/etc/mosquitto/edgeagent.acl#$broker/edgeagent.acl#" \
      "$REPO_ROOT/broker-config/mosquitto.conf" > "$broker/mosquitto.conf"
  cp "$REPO_ROOT/broker-config/edgeagent.acl" "$broker/edgeagent.acl"
  chown -R mosquitto: "$broker" "$work/pki/broker" 2>/dev/null
  chmod o+rx "$work" "$work/pki" "$work/pki/ca" && chmod o+r "$work/pki/ca/ca.pem"
  /usr/sbin/mosquitto -c "$broker/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
  cleanup kill $!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# The read-only monitor identity (mosquitto_sub): its own client id, so edgectl (the operator) never takes its session over.
# shellcheck disable=SC2034 # used by the scenarios that source this
tls=(--cafile "$work/pki/ca/ca.pem" --cert "$work/pki/monitor/edge-monitor.pem" --key "$work/pki/monitor/edge-monitor.key")

ops_args() { # port: edgectl's broker arguments as the operator
  echo --broker "mqtts://localhost:$1" --ca "$work/pki/ca/ca.pem" --cert "$work/pki/operator/edge-operator.pem" --key "$work/pki/operator/edge-operator.key"
}
