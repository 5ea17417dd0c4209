//! Data Access audit logs are on for all services, all log types, and all users.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

const REQUIRED: [&str; 3] = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-LOG-001",
        long_id: "gcp-log-data-access-audit-logs",
        title: "Project audit configuration records ADMIN_READ, DATA_READ and DATA_WRITE for allServices with no exempted members",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "Only Admin Activity is logged by default: without Data Access logs nobody can tell who read or changed which data (objects, secrets, database exports, BigQuery tables), which is exactly what an investigation of a data breach needs; exempted members are invisible.",
        remediation: Remediation {
            text: "Add an auditConfigs entry for allServices with ADMIN_READ, DATA_READ and DATA_WRITE and no exemptedMembers (at the organization level to cover every project; projects inherit it, and this check only sees the project's own policy).",
            cli: Some("gcloud projects get-iam-policy PROJECT > policy.yaml  # add auditConfigs: [{service: allServices, auditLogConfigs: [{logType: ADMIN_READ}, {logType: DATA_READ}, {logType: DATA_WRITE}]}]\ngcloud projects set-iam-policy PROJECT policy.yaml"),
            terraform: Some("resource \"google_project_iam_audit_config\" \"all\" {\n  project = var.project\n  service = \"allServices\"\n  audit_log_config { log_type = \"ADMIN_READ\" }\n  audit_log_config { log_type = \"DATA_READ\" }\n  audit_log_config { log_type = \"DATA_WRITE\" }\n}"),
        },
        references: &["https://cloud.google.com/logging/docs/audit/configure-data-access"],
        compliance: &[compliance("cis-gcp-3.0.0", "2.1"), compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let Some(all) = p.audit_configs.iter().find(|c| c.service == "allServices") else {
            let others: Vec<&str> = p.audit_configs.iter().map(|c| c.service.as_str()).collect();
            let why = if others.is_empty() { "has no auditConfigs".to_string() } else { format!("configures Data Access logs only for {}", others.join(", ")) };
            e.fail(r, format!("{} {why}, so Data Access audit logs are not recorded for all services (unless an organization or folder policy enables them).", r.name))
                .evidence("auditConfigs[service=allServices]", "absent");
            continue;
        };
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|t| !all.audit_log_configs.iter().any(|c| c.log_type == *t)).collect();
        let exempted: Vec<String> = all.audit_log_configs.iter().flat_map(|c| c.exempted_members.iter().map(move |m| format!("{m} ({})", c.log_type))).collect();
        if missing.is_empty() && exempted.is_empty() {
            e.pass(r, format!("{} records ADMIN_READ, DATA_READ and DATA_WRITE audit logs for all services and all users.", r.name));
            continue;
        }
        let mut problems = Vec::new();
        if !missing.is_empty() {
            problems.push(format!("does not record {}", missing.join(", ")));
        }
        if !exempted.is_empty() {
            problems.push(format!("exempts {}", exempted.join(", ")));
        }
        let f = e.fail(r, format!("{}'s allServices audit configuration {}.", r.name, problems.join(" and ")));
        if !missing.is_empty() {
            f.evidence("auditConfigs[allServices].auditLogConfigs[].logType missing", missing.join(", "));
        }
        if !exempted.is_empty() {
            f.evidence("auditConfigs[allServices].auditLogConfigs[].exemptedMembers", exempted.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.resourcemanager.project-iam-policy";

    fn config(types: &[&str], exempt: &[&str]) -> serde_json::Value {
        let logs: Vec<serde_json::Value> = types.iter().map(|t| json!({"logType": t, "exemptedMembers": exempt})).collect();
        json!({"bindings": [], "auditConfigs": [{"service": "allServices", "auditLogConfigs": logs}]})
    }

    #[test]
    fn complete_configuration_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/full", config(&["ADMIN_READ", "DATA_READ", "DATA_WRITE"], &[]))
            .resource(KIND, "p/writes", config(&["DATA_WRITE"], &[]))
            .resource(KIND, "p/exempt", config(&["ADMIN_READ", "DATA_READ", "DATA_WRITE"], &["user:bot@acme.example"]))
            .resource(KIND, "p/none", json!({"bindings": []}))
            .resource(KIND, "p/one-service", json!({"auditConfigs": [{"service": "storage.googleapis.com", "auditLogConfigs": [{"logType": "DATA_READ"}]}]}))
            .run(&super::CHECK);
        out.assert_status("p/full", Status::Pass);
        let f = out.assert_status("p/writes", Status::Fail);
        assert_eq!(f.message, "writes's allServices audit configuration does not record ADMIN_READ, DATA_READ.");
        let f = out.assert_status("p/exempt", Status::Fail);
        assert!(f.message.contains("exempts user:bot@acme.example (ADMIN_READ)"), "{}", f.message);
        let f = out.assert_status("p/none", Status::Fail);
        assert!(f.message.contains("has no auditConfigs"), "{}", f.message);
        let f = out.assert_status("p/one-service", Status::Fail);
        assert!(f.message.contains("only for storage.googleapis.com"), "{}", f.message);
    }
}
