//! Azure SQL servers' firewalls do not admit the whole internet or every Azure service.

use splitline_plugin_sdk::kinds::azure::SqlServer;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-SQL-001",
        long_id: "azure-sql-server-no-open-firewall-rule",
        title: "SQL server firewall does not allow 0.0.0.0–255.255.255.255 or all Azure services",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[SqlServer::KIND_NAME],
        risk: "A firewall rule from 0.0.0.0 to 255.255.255.255 exposes the server's TDS endpoint to the whole internet, where SQL logins are brute-forced; the 0.0.0.0 rule ('Allow Azure services and resources to access this server') admits every Azure host of every customer, so an attacker needs only a VM or function in any subscription.",
        remediation: Remediation {
            text: "Delete the rules, allow only the client ranges that need access, prefer private endpoints with public network access disabled, and use Microsoft Entra-only authentication.",
            cli: Some("az sql server firewall-rule delete --resource-group RESOURCE_GROUP --server SERVER --name RULE"),
            terraform: Some("resource \"azurerm_mssql_server\" \"this\" {\n  # ...\n  public_network_access_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure"],
        compliance: &[compliance("cis-azure-2.1.0", "4.1.2"), compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<SqlServer>() {
        if s.properties.public_network_access.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("Disabled")) {
            e.pass(r, format!("SQL server {} has public network access disabled, so its firewall rules do not apply.", s.name))
                .evidence("properties.publicNetworkAccess", "Disabled");
            continue;
        }
        let mut bad = Vec::new();
        for (i, rule) in s.firewall_rules.iter().enumerate() {
            let p = &rule.properties;
            if p.start_ip_address.trim() == "0.0.0.0" && p.end_ip_address.trim() == "255.255.255.255" {
                bad.push((i, rule, "the whole internet"));
            } else if p.start_ip_address.trim() == "0.0.0.0" && p.end_ip_address.trim() == "0.0.0.0" {
                bad.push((i, rule, "every Azure service of any tenant"));
            }
        }
        if bad.is_empty() {
            e.pass(r, format!("SQL server {} has no firewall rule open to the internet or to all of Azure.", s.name));
            continue;
        }
        let what: Vec<String> = bad.iter().map(|(_, rule, w)| format!("{w} (rule {})", rule.name)).collect();
        let f = e.fail(r, format!("SQL server {} allows connections from {}.", s.name, what.join(" and ")));
        for (i, rule, _) in &bad {
            f.evidence(format!("firewallRules[{i}]"), format!("{} {}-{}", rule.name, rule.properties.start_ip_address, rule.properties.end_ip_address));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SQL, fixture_of, rid};

    #[test]
    fn open_rules_fail_unless_public_access_is_off() {
        let rule = |n: &str, a: &str, b: &str| json!({"name": n, "properties": {"startIpAddress": a, "endIpAddress": b}});
        let t = "Microsoft.Sql/servers";
        let out = fixture_of(SQL, t, &[
            ("open", json!({"properties": {"publicNetworkAccess": "Enabled"}, "firewallRules": [rule("office", "203.0.113.0", "203.0.113.255"), rule("AllowAll", "0.0.0.0", "255.255.255.255")]})),
            ("azure", json!({"properties": {}, "firewallRules": [rule("AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0")]})),
            ("private", json!({"properties": {"publicNetworkAccess": "Disabled"}, "firewallRules": [rule("AllowAll", "0.0.0.0", "255.255.255.255")]})),
            ("tight", json!({"properties": {}, "firewallRules": [rule("office", "203.0.113.0", "203.0.113.255")]})),
            ("odd", json!({"properties": {}, "firewallRules": [{"name": "x", "properties": {"startIpAddress": 0}}]})),
        ])
        .run(&super::CHECK);
        let f = out.assert_status(&rid(t, "open"), Status::Fail);
        assert_eq!(f.message, "SQL server open allows connections from the whole internet (rule AllowAll).");
        assert_eq!(f.evidence[0].property, "firewallRules[1]");
        let f = out.assert_status(&rid(t, "azure"), Status::Fail);
        assert!(f.message.contains("every Azure service of any tenant"), "{}", f.message);
        out.assert_status(&rid(t, "private"), Status::Pass);
        out.assert_status(&rid(t, "tight"), Status::Pass);
        out.assert_status(&rid(t, "odd"), Status::Error);
    }
}
