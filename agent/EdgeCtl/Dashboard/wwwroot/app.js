// The EdgeAgent dashboard: renders the fleet pushed by `edgectl fleet serve` over server-sent events.
// Everything a device reports is shown with textContent, never as HTML: a device is not trusted with the page.
"use strict";

let fleet = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function ago(at) {
  if (!at) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 1000));
  if (seconds < 120) return seconds + " s ago";
  if (seconds < 7200) return Math.round(seconds / 60) + " min ago";
  return Math.round(seconds / 3600) + " h ago";
}

function card(title, counts) {
  const list = el("dl");
  for (const [key, value] of Object.entries(counts)) list.append(el("dt", {}, key), el("dd", {}, value));
  if (Object.keys(counts).length === 0) list.append(el("dt", {}, "none"), el("dd", {}, ""));
  return el("div", { class: "card" }, el("h3", {}, title), list);
}

function renderSummary() {
  const summary = document.getElementById("summary");
  summary.replaceChildren(
    card("Devices by state", fleet.byState),
    card("By applied manifest", fleet.byManifest),
    card("By agent version", fleet.byAgent));
}

function streamsText(device) {
  const span = el("span");
  device.streams.forEach((stream, i) => {
    if (i > 0) span.append(", ");
    const text = `${stream.name} ${stream.applied === undefined || stream.applied === null ? "none" : "v" + stream.applied}`;
    const held = stream.held === undefined || stream.held === null ? "" : ` (v${stream.held})`;
    span.append(el("span", { class: stream.drift ? "drift" : null, title: stream.drift ? "drift: the topic holds a newer version" : null }, text + held + (stream.rejected ? ` [${stream.rejected}]` : "")));
  });
  if (device.streams.length === 0) span.append("nothing");
  return span;
}

function renderDevices() {
  const rows = fleet.devices.map(device => el("tr", { "data-device": device.id, "data-state": device.state },
    el("td", {}, el("a", { href: "#/device/" + encodeURIComponent(device.id) }, device.id)),
    el("td", { class: "state state-" + device.state }, device.state),
    el("td", { class: "online" }, device.online || "?"),
    el("td", {}, ago(device.lastSeen)),
    el("td", {}, device.status ? device.status.agentVersion : "-"),
    el("td", {}, streamsText(device)),
    el("td", { class: "failing" }, device.failingApps.join(", ") || "-"),
    el("td", {}, device.tunnels)));
  document.querySelector("#devices tbody").replaceChildren(...rows);
}

function renderMesh() {
  const mesh = document.getElementById("mesh");
  const nodes = fleet.mesh.nodes;
  const place = new Map();
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1) - Math.PI / 2;
    place.set(node.id, { x: 320 + 160 * Math.cos(angle), y: 210 + 160 * Math.sin(angle) });
  });
  const edges = fleet.mesh.edges.map(edge => {
    const a = place.get(edge.from), b = place.get(edge.to);
    return svg("line", { class: "edge " + (edge.up ? "up" : "down"), "data-from": edge.from, "data-to": edge.to, x1: a.x, y1: a.y, x2: b.x, y2: b.y },
      svg("title", {}, `${edge.from} - ${edge.to}: ${edge.ports} tunnel port(s), ${edge.up ? "up" : "down"}`));
  });
  const drawn = nodes.map(node => {
    const p = place.get(node.id);
    return svg("g", { class: "node " + (node.isDevice ? "device" : "address"), "data-node": node.id },
      svg("circle", { cx: p.x, cy: p.y, r: 9 }),
      svg("text", { x: p.x + 12, y: p.y - 10 }, node.address && node.isDevice ? `${node.id} (${node.address})` : node.id));
  });
  mesh.replaceChildren(...edges, ...drawn);
  if (nodes.length === 0) mesh.append(svg("text", { x: 20, y: 30 }, "no device reports tunnels"));
}

function renderRollouts() {
  const box = document.getElementById("rollouts");
  const items = fleet.rollouts.map(rollout => {
    const waves = rollout.waves.map((wave, i) => el("span", { class: "wave", "data-wave": i + 1 },
      `wave ${i + 1}: ${wave.devices} device(s)` + (i <= rollout.wave ? " — " + Object.entries(wave.states).map(([k, v]) => `${v} ${k}`).join(", ") : " — waiting")));
    return el("div", { class: "rollout", "data-rollout": rollout.id },
      el("strong", {}, `${rollout.id}: group ${rollout.group} v${rollout.previousVersion ?? "?"} → v${rollout.version}, ${rollout.phase}`),
      el("div", {}, ...waves), el("div", {}, rollout.message || ""));
  });
  box.replaceChildren(...(items.length ? items : [el("p", {}, "no rollout")]));
}

function renderDevice(id) {
  const device = fleet.devices.find(d => d.id === id);
  document.getElementById("device-title").textContent = id;
  if (!device) {
    document.getElementById("device-summary").textContent = "this device has not reported";
    document.querySelector("#device-apps tbody").replaceChildren();
    document.getElementById("device-events").replaceChildren();
    document.getElementById("device-streams").replaceChildren();
    return;
  }
  const status = device.status || { apps: {} };
  document.getElementById("device-summary").replaceChildren(
    el("span", { class: "state state-" + device.state, id: "device-state" }, device.state),
    ` · ${device.online || "never seen"} · last seen ${ago(device.lastSeen)} · agent ${status.agentVersion || "?"} · tunnels ${device.tunnels}`,
    status.lastError ? ` · last error: ${status.lastError}` : "");
  const apps = Object.entries(status.apps || {}).map(([name, app]) => el("tr", { "data-app": name },
    el("td", {}, name), el("td", {}, app.desired), el("td", {}, app.observed), el("td", { class: "restarts" }, app.restarts ?? 0),
    el("td", {}, app.exitCode ?? "-"), el("td", {}, app.image || "-"), el("td", { class: "limits" }, app.limits || "unlimited"), el("td", {}, app.health || "-"), el("td", {}, app.lastError || "-")));
  document.querySelector("#device-apps tbody").replaceChildren(...apps);
  document.getElementById("device-streams").replaceChildren(...device.streams.map(s => el("li", {}, streamsText({ streams: [s] }))));
  document.getElementById("device-events").replaceChildren(...device.events.map(e =>
    el("li", { "data-type": e.type }, `${e.at} ${e.type}${e.stream ? " " + e.stream : ""}${e.version ? " v" + e.version : ""}: ${e.message}`)));
}

function render() {
  if (!fleet) return;
  const route = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const deviceId = route.startsWith("device/") ? route.slice("device/".length) : null;
  document.getElementById("fleet-view").hidden = deviceId !== null;
  document.getElementById("device-view").hidden = deviceId === null;
  if (deviceId !== null) {
    renderDevice(deviceId);
  } else {
    renderSummary();
    renderRollouts();
    renderDevices();
    renderMesh();
  }
  const connection = document.getElementById("connection");
  connection.dataset.state = fleet.brokerConnected ? "connected" : "disconnected";
  connection.textContent = fleet.brokerConnected ? "live" : "broker unreachable: showing the last known state";
}

function connect() {
  const source = new EventSource("/api/stream");
  source.onmessage = message => { fleet = JSON.parse(message.data); render(); };
  source.onerror = () => {
    const connection = document.getElementById("connection");
    connection.dataset.state = "disconnected";
    connection.textContent = "edgectl unreachable: reconnecting…";
  };
}

window.addEventListener("hashchange", render);
setInterval(render, 5000); // "last seen" keeps counting between updates
connect();
