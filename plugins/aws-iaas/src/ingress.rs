//! How the ingress checks read security group rules: which rules are open
//! to the whole internet, which ports they admit, and how a rule is shown
//! as evidence. Shared so the three port checks agree on every edge case.

use splitline_plugin_sdk::kinds::aws::{Ec2SecurityGroup, IpPermission};
use splitline_plugin_sdk::{Eval, Finding};

/// The ingress rules (`IpPermissions`) open to `0.0.0.0/0` or `::/0` that
/// `admits` accepts, with their index in the list.
pub fn open_rules(rules: &[IpPermission], admits: impl Fn(&IpPermission) -> bool) -> Vec<(usize, &IpPermission)> {
    rules.iter().enumerate().filter(|(_, rule)| rule.open_to_world() && admits(rule)).collect()
}

/// Whether the rule admits `port` over TCP, UDP or all protocols: the
/// protocols CIS AWS 5.2 and 5.3 name for remote administration ports.
pub fn covers_tcp_or_udp_port(rule: &IpPermission, port: i64) -> bool {
    let udp = matches!(rule.ip_protocol.as_str(), "udp" | "17");
    rule.covers_tcp_port(port)
        || (udp && rule.from_port.zip(rule.to_port).is_none_or(|(from, to)| (from..=to).contains(&port)))
}

/// The shared logic of the remote-administration port checks (SSH, RDP):
/// every security group passes unless a world-open rule admits `port` over
/// TCP, UDP or all protocols; a failure names the sources and lists each rule.
pub fn check_admin_port(e: &mut Eval, port: i64, service: &str) {
    for (r, sg) in e.each::<Ec2SecurityGroup>() {
        let open = open_rules(&sg.ip_permissions, |rule| covers_tcp_or_udp_port(rule, port));
        if open.is_empty() {
            e.pass(
                r,
                format!(
                    "Security group {} ({}) does not allow {service} from the internet.",
                    sg.group_name, sg.group_id
                ),
            );
            continue;
        }
        let f = e.fail(
            r,
            format!(
                "Security group {} ({}) allows {service} (port {port}) from {}.",
                sg.group_name,
                sg.group_id,
                sources_of(&open)
            ),
        );
        add_evidence(f, &open);
    }
}

/// One evidence entry per world-open rule, named by its index in `IpPermissions`.
pub fn add_evidence(f: &mut Finding, open: &[(usize, &IpPermission)]) {
    for (i, rule) in open {
        f.evidence(format!("IpPermissions[{i}]"), describe(rule));
    }
}

/// The internet-wide sources of a rule, IPv4 first.
pub fn world_sources(rule: &IpPermission) -> Vec<&'static str> {
    let mut sources = Vec::new();
    if rule.ip_ranges.iter().any(|r| r.cidr_ip == "0.0.0.0/0") {
        sources.push("0.0.0.0/0");
    }
    if rule.ipv6_ranges.iter().any(|r| r.cidr_ipv6 == "::/0") {
        sources.push("::/0");
    }
    sources
}

/// A rule as evidence, in the API's field names, e.g.
/// `IpProtocol=tcp FromPort=22 ToPort=22 from 0.0.0.0/0`.
pub fn describe(rule: &IpPermission) -> String {
    let mut s = format!("IpProtocol={}", rule.ip_protocol);
    if let Some(from) = rule.from_port {
        s.push_str(&format!(" FromPort={from}"));
    }
    if let Some(to) = rule.to_port {
        s.push_str(&format!(" ToPort={to}"));
    }
    format!("{s} from {}", world_sources(rule).join(", "))
}

/// The distinct internet-wide sources of several rules, for a message.
pub fn sources_of(rules: &[(usize, &IpPermission)]) -> String {
    let mut all: Vec<&str> = rules.iter().flat_map(|(_, rule)| world_sources(rule)).collect();
    all.sort_unstable();
    all.dedup();
    all.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitline_plugin_sdk::kinds::aws::{IpRange, Ipv6Range};

    fn rule(protocol: &str, ports: Option<(i64, i64)>, v4: &[&str], v6: &[&str]) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.into(),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            ip_ranges: v4.iter().map(|c| IpRange { cidr_ip: c.to_string(), description: None }).collect(),
            ipv6_ranges: v6.iter().map(|c| Ipv6Range { cidr_ipv6: c.to_string(), description: None }).collect(),
        }
    }

    #[test]
    fn udp_ranges_count_but_other_protocols_do_not() {
        assert!(covers_tcp_or_udp_port(&rule("udp", Some((3389, 3389)), &[], &[]), 3389));
        assert!(covers_tcp_or_udp_port(&rule("17", Some((3000, 4000)), &[], &[]), 3389));
        assert!(!covers_tcp_or_udp_port(&rule("udp", Some((53, 53)), &[], &[]), 3389));
        assert!(covers_tcp_or_udp_port(&rule("-1", None, &[], &[]), 22));
        assert!(!covers_tcp_or_udp_port(&rule("icmp", Some((-1, -1)), &[], &[]), 22));
    }

    #[test]
    fn only_world_open_rules_are_selected() {
        let rules = [
            rule("tcp", Some((22, 22)), &["10.0.0.0/8"], &[]),
            rule("tcp", Some((22, 22)), &["10.0.0.0/8", "0.0.0.0/0"], &[]),
            rule("tcp", Some((443, 443)), &["0.0.0.0/0"], &[]),
            rule("tcp", Some((22, 22)), &[], &["::/0"]),
        ];
        let open = open_rules(&rules, |r| r.covers_tcp_port(22));
        assert_eq!(open.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(sources_of(&open), "0.0.0.0/0 and ::/0");
        assert_eq!(describe(open[0].1), "IpProtocol=tcp FromPort=22 ToPort=22 from 0.0.0.0/0");
        assert_eq!(describe(&rule("-1", None, &["0.0.0.0/0"], &["::/0"])), "IpProtocol=-1 from 0.0.0.0/0, ::/0");
    }
}
