//! How the firewall checks read VPC firewall rules: which rules admit
//! traffic from the whole internet, which ports they admit, and how a rule
//! is shown as evidence. Shared so the port checks agree on every edge case.

use splitline_plugin_sdk::kinds::gcp::{ComputeFirewall, FirewallRule};
use splitline_plugin_sdk::{Eval, Resource};

/// Source ranges that mean "the whole internet".
pub const WORLD: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// The internet-wide sources of an enabled ingress allow rule; empty for
/// egress rules (`direction` absent means `INGRESS`), disabled rules and
/// rules with narrower sources.
pub fn world_sources(fw: &ComputeFirewall) -> Vec<&str> {
    if fw.direction.as_deref().is_some_and(|d| d != "INGRESS") || fw.disabled == Some(true) {
        return Vec::new();
    }
    fw.source_ranges.iter().map(String::as_str).filter(|s| WORLD.contains(s)).collect()
}

/// Whether an `allowed[]` entry admits `port` over TCP, UDP or all
/// protocols. Absent `ports` means every port; entries are `22` or `20-30`.
pub fn admits(rule: &FirewallRule, port: u32) -> bool {
    let protocol_matches = matches!(rule.ip_protocol.to_ascii_lowercase().as_str(), "tcp" | "udp" | "all" | "6" | "17");
    protocol_matches && (rule.ports.is_empty() || rule.ports.iter().any(|p| port_spec_covers(p, port)))
}

fn port_spec_covers(spec: &str, port: u32) -> bool {
    match spec.split_once('-') {
        Some((from, to)) => match (from.trim().parse::<u32>(), to.trim().parse::<u32>()) {
            (Ok(from), Ok(to)) => (from..=to).contains(&port),
            _ => false,
        },
        None => spec.trim().parse::<u32>() == Ok(port),
    }
}

/// An `allowed[]` entry as evidence in the API's field names, e.g. `IPProtocol=tcp ports=22,80`.
pub fn describe(rule: &FirewallRule) -> String {
    if rule.ports.is_empty() {
        format!("IPProtocol={} (all ports)", rule.ip_protocol)
    } else {
        format!("IPProtocol={} ports={}", rule.ip_protocol, rule.ports.join(","))
    }
}

/// Where the rule applies, for messages: its target tags or service
/// accounts, or every instance of its network.
pub fn targets(fw: &ComputeFirewall) -> String {
    if !fw.target_tags.is_empty() {
        format!("instances tagged {}", fw.target_tags.join(", "))
    } else if !fw.target_service_accounts.is_empty() {
        format!("instances running as {}", fw.target_service_accounts.join(", "))
    } else {
        "every instance of its network".to_string()
    }
}

/// The shared logic of the port checks: every firewall rule passes unless
/// it is an enabled ingress rule from the internet that admits one of
/// `ports`; the failure names the ports, the sources and the targets.
pub fn check_ports(e: &mut Eval, ports: &[(u32, &str)], what: &str) {
    for (r, fw) in e.each::<ComputeFirewall>() {
        report(e, r, &fw, ports, what);
    }
}

fn report(e: &mut Eval, r: &Resource, fw: &ComputeFirewall, ports: &[(u32, &str)], what: &str) {
    let sources = world_sources(fw);
    let exposed: Vec<String> = if sources.is_empty() {
        Vec::new()
    } else {
        ports
            .iter()
            .filter(|(port, _)| fw.allowed.iter().any(|rule| admits(rule, *port)))
            .map(|(port, name)| format!("{port} ({name})"))
            .collect()
    };
    if exposed.is_empty() {
        e.pass(r, format!("Firewall rule {} does not allow {what} from the internet.", fw.name));
        return;
    }
    let f = e.fail(
        r,
        format!(
            "Firewall rule {} allows {what} (port {}) from {} to {}.",
            fw.name,
            exposed.join(", "),
            sources.join(" and "),
            targets(fw)
        ),
    );
    f.evidence("sourceRanges", sources.join(", "));
    for (i, rule) in fw.allowed.iter().enumerate() {
        if ports.iter().any(|(port, _)| admits(rule, *port)) {
            f.evidence(format!("allowed[{i}]"), describe(rule));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, ports: &[&str]) -> FirewallRule {
        FirewallRule { ip_protocol: protocol.into(), ports: ports.iter().map(|p| p.to_string()).collect() }
    }

    #[test]
    fn ports_ranges_and_protocols() {
        assert!(admits(&rule("tcp", &["22"]), 22));
        assert!(admits(&rule("tcp", &["20-30"]), 22));
        assert!(admits(&rule("tcp", &[]), 3389));
        assert!(admits(&rule("all", &[]), 22));
        assert!(admits(&rule("udp", &["3389"]), 3389));
        assert!(!admits(&rule("icmp", &[]), 22));
        assert!(!admits(&rule("tcp", &["80", "443"]), 22));
        assert!(!admits(&rule("tcp", &["bogus"]), 22));
        assert_eq!(describe(&rule("tcp", &["22", "80"])), "IPProtocol=tcp ports=22,80");
        assert_eq!(describe(&rule("all", &[])), "IPProtocol=all (all ports)");
    }

    #[test]
    fn only_enabled_ingress_from_the_world_counts() {
        let mut fw =
            ComputeFirewall { source_ranges: vec!["10.0.0.0/8".into(), "0.0.0.0/0".into()], ..Default::default() };
        assert_eq!(world_sources(&fw), vec!["0.0.0.0/0"]);
        fw.direction = Some("EGRESS".into());
        assert!(world_sources(&fw).is_empty());
        fw.direction = Some("INGRESS".into());
        fw.disabled = Some(true);
        assert!(world_sources(&fw).is_empty());
    }
}
