//! Essential contacts receive the legal, security, suspension and technical notifications.

use splitline_plugin_sdk::kinds::gcp::Project;
use splitline_plugin_sdk::prelude::*;

/// Setting: the notification categories that need a contact (default LEGAL, SECURITY, SUSPENSION, TECHNICAL).
pub const CATEGORIES_SETTING: &str = "essential-contacts-categories";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-ORG-001",
        long_id: "gcp-org-essential-contacts",
        title: "Essential contacts are set for the legal, security, suspension and technical notification categories",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &[Project::KIND_NAME],
        risk: "Without essential contacts Google sends security incidents, abuse reports and suspension warnings to whoever holds Owner or Organization Administrator, often individuals who have moved on: a compromised project can be suspended before the right team hears of it.",
        remediation: Remediation {
            text: "Add a monitored group address at the organization level for LEGAL, SECURITY, SUSPENSION and TECHNICAL (or ALL). The categories to require are the plugin setting essential-contacts-categories.",
            cli: Some("gcloud essential-contacts create --email=security@example.com --notification-categories=security,suspension,technical,legal --organization=ORG_ID"),
            terraform: Some("resource \"google_essential_contacts_contact\" \"security\" {\n  parent                              = \"organizations/${var.org_id}\"\n  email                               = \"security@example.com\"\n  language_tag                        = \"en\"\n  notification_category_subscriptions = [\"SECURITY\", \"SUSPENSION\", \"TECHNICAL\", \"LEGAL\"]\n}"),
        },
        references: &["https://cloud.google.com/resource-manager/docs/manage-notification-contacts"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.16"), compliance("nist-csf-2.0", "GV.RR-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    let default: Vec<String> = ["LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL"].map(String::from).to_vec();
    let required = match e.ctx().setting(CATEGORIES_SETTING, default) {
        Ok(c) => c,
        Err(message) => {
            for (r, _) in e.each::<Project>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, p) in e.each::<Project>() {
        let Some(contacts) = p.essential_contacts.as_ref() else {
            e.error(r, format!("Project {} has no collected essential contacts, so its notification contacts cannot be assessed.", p.project_id)).evidence("essentialContacts", "absent");
            continue;
        };
        let usable: Vec<_> = contacts.iter().filter(|c| c.validation_state.as_deref() != Some("INVALID")).collect();
        let covers = |cat: &str| usable.iter().any(|c| c.notification_category_subscriptions.iter().any(|s| s == cat || s == "ALL"));
        let missing: Vec<&str> = required.iter().map(String::as_str).filter(|c| !covers(c)).collect();
        if missing.is_empty() {
            let emails: Vec<&str> = usable.iter().map(|c| c.email.as_str()).collect();
            e.pass(r, format!("Project {} has essential contacts for {}.", p.project_id, required.join(", "))).evidence("essentialContacts[].email", emails.join(", "));
        } else if usable.is_empty() {
            e.fail(r, format!("Project {} has no valid essential contact.", p.project_id)).evidence("essentialContacts", contacts.len());
        } else {
            e.fail(r, format!("Project {} has no essential contact for {}.", p.project_id, missing.join(", "))).evidence("missing categories", missing.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.resourcemanager.project";

    fn project(id: &str, contacts: serde_json::Value) -> serde_json::Value {
        json!({"name": "projects/1", "projectId": id, "essentialContacts": contacts})
    }

    #[test]
    fn every_required_category_needs_a_valid_contact() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/all", project("all", json!([{"name": "organizations/1/contacts/1", "email": "sec@acme.example", "notificationCategorySubscriptions": ["ALL"], "validationState": "VALID"}])))
            .resource(KIND, "p/partial", project("partial", json!([{"name": "projects/1/contacts/2", "email": "ops@acme.example", "notificationCategorySubscriptions": ["TECHNICAL", "SECURITY"]}])))
            .resource(KIND, "p/invalid", project("invalid", json!([{"email": "gone@acme.example", "notificationCategorySubscriptions": ["ALL"], "validationState": "INVALID"}])))
            .resource(KIND, "p/none", project("none", json!([])))
            .resource(KIND, "p/unread", json!({"name": "projects/2", "projectId": "unread"}))
            .run(&super::CHECK);
        out.assert_status("p/all", Status::Pass);
        let f = out.assert_status("p/partial", Status::Fail);
        assert_eq!(f.message, "Project partial has no essential contact for LEGAL, SUSPENSION.");
        out.assert_status("p/invalid", Status::Fail);
        let f = out.assert_status("p/none", Status::Fail);
        assert_eq!(f.message, "Project none has no valid essential contact.");
        out.assert_status("p/unread", Status::Error);
    }
}
