//! Microsoft Defender for Cloud plans are on for the resource types in use.

use splitline_plugin_sdk::kinds::azure::SecurityPricing;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: the Defender plans (pricing names) that must be on. Default:
/// the plans CIS Azure 2.1.0 section 2.1 asks for plus Resource Manager.
pub const SETTING: &str = "required-defender-plans";

pub const DEFAULT_PLANS: &[&str] = &[
    "VirtualMachines",
    "AppServices",
    "SqlServers",
    "SqlServerVirtualMachines",
    "OpenSourceRelationalDatabases",
    "CosmosDbs",
    "StorageAccounts",
    "Containers",
    "KeyVaults",
    "Arm",
];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-DEFENDER-001",
        long_id: "azure-defender-plan-enabled",
        title: "Microsoft Defender for Cloud plan is on (Standard) for each required resource type",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SecurityPricing::KIND_NAME],
        risk: "With a Defender plan off (Free tier), the resources of that type get no threat detection: malware uploads to storage, SQL injection and brute force against databases, Key Vault secret enumeration, suspicious Resource Manager operations and attacks on VMs go unalerted.",
        remediation: Remediation {
            text: "Turn the plan on (Standard) in Defender for Cloud > Environment settings for each subscription, or assign the 'Configure Microsoft Defender for Cloud plans' policy initiative. Adjust the plugin setting required-defender-plans to the resource types you use.",
            cli: Some("az security pricing create --name StorageAccounts --tier Standard"),
            terraform: Some("resource \"azurerm_security_center_subscription_pricing\" \"storage\" {\n  tier          = \"Standard\"\n  resource_type = \"StorageAccounts\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-cloud-introduction"],
        compliance: &[
            compliance("cis-azure-2.1.0", "2.1.3"),
            compliance("cis-azure-2.1.0", "2.1.4"),
            compliance("cis-azure-2.1.0", "2.1.5"),
            compliance("cis-azure-2.1.0", "2.1.6"),
            compliance("cis-azure-2.1.0", "2.1.7"),
            compliance("cis-azure-2.1.0", "2.1.8"),
            compliance("cis-azure-2.1.0", "2.1.9"),
            compliance("nist-csf-2.0", "DE.CM-09"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    let default: Vec<String> = DEFAULT_PLANS.iter().map(|s| s.to_string()).collect();
    let Some(required) = settings::get::<Vec<String>>(e, SETTING, default, SecurityPricing::KIND_NAME) else { return };
    for (r, plan) in e.each::<SecurityPricing>() {
        let name = if plan.name.is_empty() { r.name.clone() } else { plan.name.clone() };
        let tier = plan.properties.pricing_tier.clone().unwrap_or_default();
        let on = tier.eq_ignore_ascii_case("Standard");
        let is_required = required.iter().any(|p| p.eq_ignore_ascii_case(&name));
        if plan.properties.deprecated == Some(true) && !on {
            e.not_applicable(r, format!("Defender plan {name} is deprecated."));
        } else if on {
            let sub = plan.properties.sub_plan.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            e.pass(r, format!("Defender plan {name} is on{sub}.")).evidence("properties.pricingTier", &tier);
        } else if is_required {
            e.fail(r, format!("Defender plan {name} is off, so these resources get no threat detection."))
                .evidence("properties.pricingTier", if tier.is_empty() { "absent" } else { &tier });
        } else {
            e.not_applicable(r, format!("Defender plan {name} is off and not listed in {SETTING}."));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{PRICING, SUB};

    fn fixture() -> Fixture {
        let mut fx = Fixture::new("azure", SUB);
        for (plan, tier, deprecated) in [("VirtualMachines", "Standard", false), ("StorageAccounts", "Free", false), ("Dns", "Free", true), ("Api", "Free", false)] {
            let id = format!("/subscriptions/{SUB}/providers/Microsoft.Security/pricings/{plan}");
            fx = fx.resource(PRICING, &id, json!({"id": id, "name": plan, "properties": {"pricingTier": tier, "subPlan": "P2", "deprecated": deprecated}}));
        }
        fx
    }

    fn id(plan: &str) -> String {
        format!("/subscriptions/{SUB}/providers/Microsoft.Security/pricings/{plan}")
    }

    #[test]
    fn required_plans_must_be_standard() {
        let out = fixture().run(&super::CHECK);
        out.assert_status(&id("VirtualMachines"), Status::Pass);
        let f = out.assert_status(&id("StorageAccounts"), Status::Fail);
        assert_eq!(f.message, "Defender plan StorageAccounts is off, so these resources get no threat detection.");
        out.assert_status(&id("Dns"), Status::NotApplicable);
        out.assert_status(&id("Api"), Status::NotApplicable);
        let out = fixture().setting(super::SETTING, json!(["Api"])).run(&super::CHECK);
        out.assert_status(&id("Api"), Status::Fail);
        out.assert_status(&id("StorageAccounts"), Status::NotApplicable);
    }
}
