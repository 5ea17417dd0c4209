// The plugin is a plain ES module with no imports, so its checks run under
// Node.js as they are, without building the component:
//   node --test examples/js-plugin/
import assert from "node:assert/strict";
import { test } from "node:test";

import { plugin } from "./plugin.js";

const ctx = { scanTime: 1795852800n, provider: "gcp", account: "p", inventorySchema: "1.0", settings: "{}" };

function firewall(name, config) {
  return { kind: "gcp.compute.firewall", id: `fw/${name}`, account: "p", region: "global", name, tags: [], config: JSON.stringify(config) };
}

function instance(name, config) {
  return { kind: "gcp.compute.instance", id: `vm/${name}`, account: "p", region: "europe-west1", name, tags: [], config: JSON.stringify(config) };
}

function find(findings, checkId, resourceId) {
  const matches = findings.filter((f) => f.checkId === checkId && f.resourceId === resourceId);
  assert.equal(matches.length, 1, `one finding of ${checkId} for ${resourceId}`);
  return matches[0];
}

test("metadata follows the host's rules", () => {
  const info = plugin.info();
  assert.match(info.name, /^[a-z0-9-]+$/);
  for (const c of info.checks) {
    assert.match(c.id, /^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    assert.match(c.longId, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(c.title && c.risk && c.remediation.text);
    for (const k of c.resourceKinds) assert.ok(info.resourceKinds.includes(k));
  }
});

test("SSH and RDP from the internet fail unless the rule is disabled", () => {
  const open = { direction: "INGRESS", sourceRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "tcp", ports: ["22", "3389"] }] };
  const findings = plugin.evaluate(ctx, [
    firewall("open", open),
    firewall("closed", { ...open, disabled: true }),
    firewall("iap", { ...open, sourceRanges: ["35.235.240.0/20"] }),
    firewall("range", { direction: "INGRESS", sourceRanges: ["::/0"], allowed: [{ IPProtocol: "tcp", ports: ["20-25"] }] }),
    firewall("all", { direction: "INGRESS", sourceRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "all" }] }),
    firewall("egress", { direction: "EGRESS", destinationRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "all" }] }),
  ]);
  const f = find(findings, "JSEX-FW-001", "fw/open");
  assert.equal(f.status, "fail");
  assert.equal(f.message, "Firewall rule open allows TCP 22 (SSH) and 3389 (RDP) from 0.0.0.0/0.");
  assert.equal(find(findings, "JSEX-FW-001", "fw/closed").status, "pass");
  assert.equal(find(findings, "JSEX-FW-001", "fw/iap").status, "pass");
  assert.equal(find(findings, "JSEX-FW-001", "fw/range").status, "fail");
  assert.equal(find(findings, "JSEX-FW-001", "fw/all").status, "fail");
  assert.equal(find(findings, "JSEX-FW-001", "fw/egress").status, "not-applicable");
  assert.equal(findings.length, 12, "two checks per firewall rule");
  for (const x of findings) assert.match(x.message, /\.$/);
});

test("admin-ports setting and its validation", () => {
  const rule = firewall("web", { direction: "INGRESS", sourceRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "tcp", ports: ["5432"] }] });
  assert.equal(find(plugin.evaluate(ctx, [rule]), "JSEX-FW-001", "fw/web").status, "pass");
  const pg = { ...ctx, settings: JSON.stringify({ "admin-ports": [22, 5432] }) };
  assert.equal(find(plugin.evaluate(pg, [rule]), "JSEX-FW-001", "fw/web").status, "fail");
  assert.throws(() => plugin.evaluate({ ...ctx, settings: '{"admin-ports": "22"}' }, [rule]), (e) => typeof e === "string");
});

test("external IP with the default service account fails", () => {
  const nic = { accessConfigs: [{ natIP: "198.51.100.1" }] };
  const findings = plugin.evaluate(ctx, [
    instance("exposed", { networkInterfaces: [nic], serviceAccounts: [{ email: "123-compute@developer.gserviceaccount.com" }] }),
    instance("own-sa", { networkInterfaces: [nic], serviceAccounts: [{ email: "app@p.iam.gserviceaccount.com" }] }),
    instance("internal", { networkInterfaces: [{}], serviceAccounts: [{ email: "123-compute@developer.gserviceaccount.com" }] }),
  ]);
  assert.equal(find(findings, "JSEX-GCE-001", "vm/exposed").status, "fail");
  assert.equal(find(findings, "JSEX-GCE-001", "vm/own-sa").status, "pass");
  assert.equal(find(findings, "JSEX-GCE-001", "vm/internal").status, "pass");
});

test("malformed configuration is an error finding, never a pass", () => {
  const findings = plugin.evaluate(ctx, [
    firewall("odd", { direction: "INGRESS", sourceRanges: "0.0.0.0/0" }),
    { ...instance("broken", {}), config: "not json" },
  ]);
  assert.equal(find(findings, "JSEX-FW-001", "fw/odd").status, "error");
  assert.equal(find(findings, "JSEX-GCE-001", "vm/broken").status, "error");
});
