//! How the NSG checks read security rules: which inbound Allow rules admit
//! the whole internet, which ports and protocols they cover, and whether a
//! higher-priority Deny rule shadows them. Shared so the port checks agree
//! on every edge case.

use splitline_plugin_sdk::kinds::azure::{NetworkSecurityGroup, SecurityRule, SecurityRuleProperties};
use splitline_plugin_sdk::{Eval, Finding};

/// Source prefixes that mean "any address on the internet".
const WORLD: &[&str] = &["*", "internet", "any", "0.0.0.0/0", "0.0.0.0", "::/0"];

/// The sources of a rule (singular and plural fields together).
pub fn sources(p: &SecurityRuleProperties) -> Vec<&str> {
    let mut v: Vec<&str> = p.source_address_prefixes.iter().map(String::as_str).collect();
    if let Some(s) = p.source_address_prefix.as_deref().filter(|s| !s.is_empty()) {
        v.push(s);
    }
    v
}

/// The internet-wide sources of a rule, as written.
pub fn world_sources(p: &SecurityRuleProperties) -> Vec<&str> {
    sources(p).into_iter().filter(|s| WORLD.contains(&s.trim().to_ascii_lowercase().as_str())).collect()
}

/// The destination port expressions of a rule (`*`, `22`, `1000-2000`).
pub fn ports(p: &SecurityRuleProperties) -> Vec<&str> {
    let mut v: Vec<&str> = p.destination_port_ranges.iter().map(String::as_str).collect();
    if let Some(s) = p.destination_port_range.as_deref().filter(|s| !s.is_empty()) {
        v.push(s);
    }
    v
}

/// Whether one port expression covers `port`.
pub fn expr_covers(expr: &str, port: u16) -> bool {
    let expr = expr.trim();
    if expr == "*" {
        return true;
    }
    match expr.split_once('-') {
        Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
            (Ok(a), Ok(b)) => (a..=b).contains(&port),
            _ => false,
        },
        None => expr.parse::<u16>() == Ok(port),
    }
}

/// Whether the rule matches `port` over one of `protocols` (`Tcp`, `Udp`);
/// a rule for `*` matches every protocol.
pub fn covers(p: &SecurityRuleProperties, port: u16, protocols: &[&str]) -> bool {
    protocol_matches(p, protocols) && ports(p).iter().any(|e| expr_covers(e, port))
}

pub fn protocol_matches(p: &SecurityRuleProperties, protocols: &[&str]) -> bool {
    p.protocol == "*" || protocols.iter().any(|proto| p.protocol.eq_ignore_ascii_case(proto))
}

fn inbound(p: &SecurityRuleProperties, access: &str) -> bool {
    p.direction.eq_ignore_ascii_case("Inbound") && p.access.eq_ignore_ascii_case(access)
}

/// The inbound Allow rules open to the internet that admit `port` over one
/// of `protocols` and are not shadowed by an earlier (lower priority number)
/// inbound Deny rule from the whole internet for that port, with their index.
pub fn open_rules<'a>(rules: &'a [SecurityRule], port: u16, protocols: &[&str]) -> Vec<(usize, &'a SecurityRule)> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, r)| inbound(&r.properties, "Allow") && !world_sources(&r.properties).is_empty())
        .filter(|(_, r)| covers(&r.properties, port, protocols))
        .filter(|(_, r)| !shadowed(rules, r, port, protocols))
        .collect()
}

/// Whether an inbound Deny rule from the whole internet with a lower priority
/// number blocks `port` for the same protocols before `rule` is reached.
fn shadowed(rules: &[SecurityRule], rule: &SecurityRule, port: u16, protocols: &[&str]) -> bool {
    let Some(priority) = rule.properties.priority else { return false };
    rules.iter().any(|d| {
        let p = &d.properties;
        inbound(p, "Deny")
            && p.priority.is_some_and(|dp| dp < priority)
            && sources(p).iter().any(|s| matches!(s.trim(), "*" | "0.0.0.0/0") || s.eq_ignore_ascii_case("Internet"))
            && (p.protocol == "*" || protocols.iter().all(|proto| p.protocol.eq_ignore_ascii_case(proto)))
            && ports(p).iter().any(|e| expr_covers(e, port))
    })
}

/// A rule as evidence, in the API's field names.
pub fn describe(rule: &SecurityRule) -> String {
    let p = &rule.properties;
    format!(
        "{} priority={} protocol={} destinationPort={} from {}",
        rule.name,
        p.priority.map_or_else(|| "?".to_string(), |n| n.to_string()),
        p.protocol,
        ports(p).join(","),
        world_sources(p).join(", ")
    )
}

/// One evidence entry per rule, named by its index in `securityRules`.
pub fn add_evidence(f: &mut Finding, open: &[(usize, &SecurityRule)]) {
    for (i, rule) in open {
        f.evidence(format!("properties.securityRules[{i}]"), describe(rule));
    }
}

/// The rule names, for a message.
pub fn names(open: &[(usize, &SecurityRule)]) -> String {
    let mut n: Vec<&str> = open.iter().map(|(_, r)| r.name.as_str()).collect();
    n.sort_unstable();
    n.dedup();
    n.join(", ")
}

/// The shared logic of the remote administration checks (RDP, SSH): a
/// failure names the rules that admit `port` from the internet.
pub fn check_admin_port(e: &mut Eval, port: u16, service: &str) {
    for (r, nsg) in e.each::<NetworkSecurityGroup>() {
        let open = open_rules(&nsg.properties.security_rules, port, &["Tcp", "Udp"]);
        if open.is_empty() {
            e.pass(
                r,
                format!(
                    "Network security group {} does not allow {service} (port {port}) from the internet.",
                    nsg.name
                ),
            );
            continue;
        }
        let f = e.fail(
            r,
            format!(
                "Network security group {} allows {service} (port {port}) from the internet through rule {}.",
                nsg.name,
                names(&open)
            ),
        );
        add_evidence(f, &open);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(v: serde_json::Value) -> Vec<SecurityRule> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn port_expressions() {
        assert!(expr_covers("*", 22));
        assert!(expr_covers("20-25", 22));
        assert!(expr_covers(" 22 ", 22));
        assert!(!expr_covers("2200", 22));
        assert!(!expr_covers("x-y", 22));
    }

    #[test]
    fn world_open_allow_rules_unless_shadowed() {
        let r = rules(json!([
            {"name": "ssh-any", "properties": {"direction": "Inbound", "access": "Allow", "priority": 300, "protocol": "Tcp", "sourceAddressPrefix": "Internet", "destinationPortRange": "22"}},
            {"name": "ssh-office", "properties": {"direction": "Inbound", "access": "Allow", "priority": 200, "protocol": "Tcp", "sourceAddressPrefix": "203.0.113.0/24", "destinationPortRange": "22"}},
            {"name": "out", "properties": {"direction": "Outbound", "access": "Allow", "priority": 100, "protocol": "*", "sourceAddressPrefix": "*", "destinationPortRange": "*"}},
            {"name": "many", "properties": {"direction": "Inbound", "access": "Allow", "priority": 400, "protocol": "*", "sourceAddressPrefixes": ["10.0.0.0/8", "0.0.0.0/0"], "destinationPortRanges": ["3380-3390"]}}
        ]));
        let open = open_rules(&r, 22, &["Tcp"]);
        assert_eq!(open.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0]);
        assert_eq!(describe(open[0].1), "ssh-any priority=300 protocol=Tcp destinationPort=22 from Internet");
        assert_eq!(open_rules(&r, 3389, &["Tcp"]).len(), 1);

        let shadow = rules(json!([
            {"name": "deny-ssh", "properties": {"direction": "Inbound", "access": "Deny", "priority": 100, "protocol": "*", "sourceAddressPrefix": "*", "destinationPortRange": "22"}},
            {"name": "ssh-any", "properties": {"direction": "Inbound", "access": "Allow", "priority": 300, "protocol": "Tcp", "sourceAddressPrefix": "*", "destinationPortRange": "22"}}
        ]));
        assert!(open_rules(&shadow, 22, &["Tcp"]).is_empty());
        let late_deny = rules(json!([
            {"name": "deny-ssh", "properties": {"direction": "Inbound", "access": "Deny", "priority": 500, "protocol": "*", "sourceAddressPrefix": "*", "destinationPortRange": "22"}},
            {"name": "ssh-any", "properties": {"direction": "Inbound", "access": "Allow", "priority": 300, "protocol": "Tcp", "sourceAddressPrefix": "*", "destinationPortRange": "22"}}
        ]));
        assert_eq!(open_rules(&late_deny, 22, &["Tcp"]).len(), 1);
    }
}
