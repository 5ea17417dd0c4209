// js-firewall: an example splitline plugin written in JavaScript.
//
// Built into a WebAssembly component by @bytecodealliance/componentize-js
// (build.mjs) against the WIT world `scanner-plugin` of
// `splitline:plugin@0.1.0`. The exported interface `plugin` is the exported
// object `plugin` below. WIT names map to JavaScript as follows:
//   records   -> plain objects with camelCase keys (long-id -> longId)
//   enums     -> their case names as strings ("high", "not-applicable")
//   option<T> -> the value, or undefined/null for none
//   result<T, string> as a return -> return T for ok, throw for err
//     (the thrown value, or its `payload` property, must be a string)
//   s64       -> BigInt (ctx.scanTime)
//
// Checks:
//   JSEX-FW-001  firewall rule does not open SSH/RDP (settable) to the internet
//   JSEX-FW-002  firewall rule has logging enabled
//   JSEX-GCE-001 VM with an external IP does not run as the default compute SA

const NAME = "js-firewall";
const VERSION = "0.1.0";
const FIREWALL = "gcp.compute.firewall";
const INSTANCE = "gcp.compute.instance";
const INTERNET = new Set(["0.0.0.0/0", "::/0"]);
const DEFAULT_ADMIN_PORTS = [22, 3389];
const PORT_NAMES = { 22: "SSH", 3389: "RDP" };

const ADMIN_PORTS = {
  id: "JSEX-FW-001",
  longId: "jsex-gcp-firewall-admin-ports-internet",
  title: "Firewall rule does not allow SSH or RDP from the internet",
  severity: "high",
  serviceModel: "iaas",
  controlDomain: "network",
  resourceKinds: [FIREWALL],
  risk:
    "An enabled ingress rule that admits 0.0.0.0/0 (or ::/0) on port 22 or 3389 exposes " +
    "every targeted VM's remote administration service to the whole internet: credential " +
    "stuffing, brute force and exploits of the SSH or RDP server need no other foothold.",
  remediation: {
    text:
      "Restrict the rule's sourceRanges to known addresses, or delete it and reach VMs " +
      "through Identity-Aware Proxy TCP forwarding (source 35.235.240.0/20) or a bastion. " +
      "The ports checked are the setting admin-ports (default [22, 3389]).",
    cli: "gcloud compute firewall-rules update RULE_NAME --source-ranges=35.235.240.0/20",
    terraform:
      'resource "google_compute_firewall" "ssh_via_iap" {\n' +
      '  name          = "allow-ssh-from-iap"\n' +
      "  network       = google_compute_network.vpc.id\n" +
      '  source_ranges = ["35.235.240.0/20"]\n' +
      '  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n}',
  },
  references: [
    "https://cloud.google.com/firewall/docs/using-firewalls",
    "https://cloud.google.com/iap/docs/using-tcp-forwarding",
  ],
  compliance: [
    { framework: "cis-gcp-3.0.0", control: "3.6" },
    { framework: "cis-gcp-3.0.0", control: "3.7" },
  ],
};

const LOGGING = {
  id: "JSEX-FW-002",
  longId: "jsex-gcp-firewall-rule-logging",
  title: "Enabled firewall rule has firewall rules logging turned on",
  severity: "low",
  serviceModel: "iaas",
  controlDomain: "logging-monitoring",
  resourceKinds: [FIREWALL],
  risk:
    "Without firewall rules logging there is no record of which connections a rule " +
    "allowed or denied, so an intrusion through the rule cannot be traced or even noticed.",
  remediation: {
    text: "Turn on logging for the rule (logConfig.enable); use metadata exclusion to limit its volume.",
    cli: "gcloud compute firewall-rules update RULE_NAME --enable-logging --logging-metadata=exclude-all",
  },
  references: ["https://cloud.google.com/firewall/docs/firewall-rules-logging"],
  compliance: [],
};

const EXPOSED_DEFAULT_SA = {
  id: "JSEX-GCE-001",
  longId: "jsex-gcp-instance-external-ip-default-service-account",
  title: "VM with an external IP address does not run as the Compute Engine default service account",
  severity: "high",
  serviceModel: "iaas",
  controlDomain: "identity-access",
  resourceKinds: [INSTANCE],
  risk:
    "The Compute Engine default service account is often granted Editor on the project. " +
    "A VM reachable from the internet that runs as it hands an attacker who compromises " +
    "the VM a token for that whole project through the metadata server.",
  remediation: {
    text:
      "Give the VM a dedicated service account with only the roles it needs, and remove " +
      "its external IP where it does not have to be reachable directly (use a load " +
      "balancer, Cloud NAT or IAP instead).",
    cli:
      "gcloud compute instances stop VM --zone=ZONE && gcloud compute instances " +
      "set-service-account VM --zone=ZONE --service-account=SA_EMAIL --scopes=cloud-platform",
  },
  references: [
    "https://cloud.google.com/compute/docs/access/service-accounts#default_service_account",
  ],
  compliance: [{ framework: "cis-gcp-3.0.0", control: "4.1" }],
};

const CHECKS = [ADMIN_PORTS, LOGGING, EXPOSED_DEFAULT_SA];

/** A resource document without the documented shape: an `error` finding. */
class BadConfig extends Error {}

function list(value, where) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BadConfig(`${where} is not a list`);
  return value;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Whether a firewall `allowed[]` entry admits TCP `port`. */
function allowsTcpPort(entry, port) {
  const proto = String(entry.IPProtocol ?? "").toLowerCase();
  if (proto !== "tcp" && proto !== "6" && proto !== "all") return false;
  const ports = list(entry.ports, "allowed[].ports");
  if (ports.length === 0) return true; // absent: all ports
  return ports.some((p) => {
    const [lo, hi = lo] = String(p).split("-").map(Number);
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new BadConfig(`port ${String(p)} is not a port or range`);
    return lo <= port && port <= hi;
  });
}

function readSettings(json) {
  let s;
  try {
    s = JSON.parse(json || "{}");
  } catch {
    throw "settings are not valid JSON";
  }
  if (s === null || typeof s !== "object" || Array.isArray(s)) throw "settings are not a JSON object";
  const ports = s["admin-ports"] ?? DEFAULT_ADMIN_PORTS;
  if (!Array.isArray(ports) || ports.length === 0 || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
    throw "setting admin-ports must be a non-empty list of port numbers";
  }
  return { adminPorts: ports };
}

function checkAdminPorts(add, fw, cfg, settings) {
  if (cfg.direction === "EGRESS") {
    return add("not-applicable", `Firewall rule ${fw.name} is an egress rule.`);
  }
  const open = list(cfg.sourceRanges, "sourceRanges").filter((r) => INTERNET.has(r));
  const ports = settings.adminPorts.filter((port) =>
    list(cfg.allowed, "allowed").some((entry) => allowsTcpPort(entry, port)),
  );
  const names = joinAnd(ports.map((p) => (PORT_NAMES[p] ? `${p} (${PORT_NAMES[p]})` : String(p))));
  if (open.length === 0 || ports.length === 0) {
    return add("pass", `Firewall rule ${fw.name} does not allow TCP port ${settings.adminPorts.join(" or ")} from the internet.`, [
      ["sourceRanges", list(cfg.sourceRanges, "sourceRanges").join(", ") || "(none)"],
    ]);
  }
  const evidence = [
    ["sourceRanges", open.join(", ")],
    ["allowed", ports.map((p) => `tcp:${p}`).join(", ")],
    ["disabled", String(cfg.disabled === true)],
  ];
  if (cfg.disabled === true) {
    return add("pass", `Firewall rule ${fw.name} would allow TCP ${names} from ${open.join(", ")} but is disabled.`, evidence);
  }
  add("fail", `Firewall rule ${fw.name} allows TCP ${names} from ${open.join(", ")}.`, evidence);
}

function checkLogging(add, fw, cfg) {
  if (cfg.disabled === true) {
    return add("not-applicable", `Firewall rule ${fw.name} is disabled.`, [["disabled", "true"]]);
  }
  const on = cfg.logConfig?.enable === true;
  add(
    on ? "pass" : "fail",
    on ? `Firewall rule ${fw.name} has logging enabled.` : `Firewall rule ${fw.name} has logging turned off.`,
    [["logConfig.enable", String(on)]],
  );
}

function checkInstance(add, vm, cfg) {
  const ips = [];
  list(cfg.networkInterfaces, "networkInterfaces").forEach((nic, i) =>
    list(nic.accessConfigs, `networkInterfaces[${i}].accessConfigs`).forEach((ac) => {
      if (ac.natIP) ips.push(ac.natIP);
    }),
  );
  const defaults = list(cfg.serviceAccounts, "serviceAccounts")
    .map((sa) => String(sa.email ?? ""))
    .filter((email) => email.endsWith("-compute@developer.gserviceaccount.com"));
  if (ips.length === 0) {
    return add("pass", `VM ${vm.name} has no external IP address.`, [["networkInterfaces[].accessConfigs", "absent"]]);
  }
  const evidence = [["networkInterfaces[].accessConfigs[].natIP", ips.join(", ")]];
  if (defaults.length === 0) {
    return add("pass", `VM ${vm.name} has an external IP address but does not run as the default compute service account.`, evidence);
  }
  evidence.push(["serviceAccounts[].email", defaults.join(", ")]);
  add("fail", `VM ${vm.name} has external IP ${ips.join(", ")} and runs as the default compute service account ${defaults[0]}.`, evidence);
}

export const plugin = {
  info() {
    return {
      name: NAME,
      version: VERSION,
      provider: "gcp",
      serviceModel: "iaas",
      resourceKinds: [FIREWALL, INSTANCE],
      checks: CHECKS,
    };
  },

  evaluate(ctx, resources) {
    // Throwing a string makes `evaluate` return `err(string)`: the host then
    // reports the whole call as a plugin error (a settings mistake, here).
    const settings = readSettings(ctx.settings);
    const findings = [];
    for (const r of resources) {
      const checks =
        r.kind === FIREWALL
          ? [
              [ADMIN_PORTS, (add, cfg) => checkAdminPorts(add, r, cfg, settings)],
              [LOGGING, (add, cfg) => checkLogging(add, r, cfg)],
            ]
          : r.kind === INSTANCE
            ? [[EXPOSED_DEFAULT_SA, (add, cfg) => checkInstance(add, r, cfg)]]
            : [];
      let cfg;
      try {
        cfg = JSON.parse(r.config);
      } catch {
        cfg = undefined;
      }
      for (const [check, run] of checks) {
        // Exactly one finding per (check, resource): the last `add` wins, and a
        // malformed document turns into an `error` finding, never a pass.
        let finding;
        const add = (status, message, evidence = []) => {
          finding = {
            checkId: check.id,
            resourceId: r.id,
            status,
            severity: check.severity,
            message,
            evidence: evidence.map(([property, value]) => ({ property, value })),
          };
        };
        try {
          if (cfg === null || typeof cfg !== "object" || Array.isArray(cfg)) {
            throw new BadConfig("the configuration is not a JSON object");
          }
          run(add, cfg);
        } catch (e) {
          // BadConfig: a documented field with the wrong shape. TypeError: a
          // shape this code did not foresee. Either way an error, not a crash.
          if (!(e instanceof BadConfig) && !(e instanceof TypeError)) throw e;
          const what = `${r.kind === FIREWALL ? "Firewall rule" : "VM"} ${r.name} could not be evaluated`;
          add("error", e instanceof BadConfig ? `${what}: ${e.message}.` : `${what} (${e.name}).`);
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};
