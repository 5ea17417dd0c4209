//! Network security groups do not admit database ports from the internet.

use splitline_plugin_sdk::kinds::azure::NetworkSecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::nsg;

/// Default ports of the database engines most often found exposed.
const DATABASE_PORTS: &[(u16, &str)] = &[
    (1433, "SQL Server"),
    (3306, "MySQL/MariaDB"),
    (5432, "PostgreSQL"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch/OpenSearch"),
    (5984, "CouchDB"),
];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-004",
        long_id: "azure-nsg-database-ports-restricted",
        title: "Network security group does not allow database ports (1433, 3306, 5432, 1521, 27017, 6379, 9200, 5984) from the internet",
        severity: Severity::Critical,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME],
        risk: "A database port open to the internet puts the data one connection away: Redis, Elasticsearch, CouchDB and older MongoDB accept connections without authentication by default, and automated campaigns find, dump, wipe and ransom such databases within hours; the other engines are brute-forced against their built-in accounts.",
        remediation: Remediation {
            text: "Remove the rule. Allow database ports only from the application subnet or an application security group, and reach databases for administration through Azure Bastion or a VPN.",
            cli: Some("az network nsg rule delete --resource-group RESOURCE_GROUP --nsg-name NSG --name RULE"),
            terraform: Some("resource \"azurerm_network_security_rule\" \"db_from_app\" {\n  # ...\n  source_application_security_group_ids = [azurerm_application_security_group.app.id]\n  destination_port_range                = \"5432\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01"), compliance("iso27001-2022", "A.8.20"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, sg) in e.each::<NetworkSecurityGroup>() {
        let rules = &sg.properties.security_rules;
        let mut open = Vec::new();
        let mut exposed = Vec::new();
        for (port, engine) in DATABASE_PORTS {
            let o = nsg::open_rules(rules, *port, &["Tcp"]);
            if !o.is_empty() {
                exposed.push(format!("{port} ({engine})"));
                for rule in o {
                    if !open.iter().any(|(i, _)| *i == rule.0) {
                        open.push(rule);
                    }
                }
            }
        }
        if exposed.is_empty() {
            e.pass(r, format!("Network security group {} does not allow database ports from the internet.", sg.name));
            continue;
        }
        open.sort_by_key(|(i, _)| *i);
        let f = e.fail(
            r,
            format!("Network security group {} allows database ports {} from the internet through rule {}.", sg.name, exposed.join(", "), nsg::names(&open)),
        );
        nsg::add_evidence(f, &open);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{NSG, SUB, nsg_id};

    #[test]
    fn database_ports_from_internet_fail() {
        let rule = |name: &str, src: &str, port: &str| json!({"name": name, "properties": {"direction": "Inbound", "access": "Allow", "priority": 200, "protocol": "Tcp", "sourceAddressPrefix": src, "destinationPortRange": port}});
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("sql"), json!({"name": "sql", "properties": {"securityRules": [rule("web", "*", "443"), rule("sql", "Internet", "1433")]}}))
            .resource(NSG, &nsg_id("app"), json!({"name": "app", "properties": {"securityRules": [rule("pg", "10.1.0.0/24", "5432")]}}))
            .run(&super::CHECK);
        let f = out.assert_status(&nsg_id("sql"), Status::Fail);
        assert_eq!(f.message, "Network security group sql allows database ports 1433 (SQL Server) from the internet through rule sql.");
        assert_eq!(f.evidence.len(), 1);
        out.assert_status(&nsg_id("app"), Status::Pass);
    }
}
