//! Cloud KMS symmetric keys rotate automatically at least every 90 days.

use splitline_plugin_sdk::kinds::gcp::{KmsCryptoKey, duration_seconds};
use splitline_plugin_sdk::prelude::*;

/// Setting: the longest acceptable rotation period, in days (default 90).
pub const MAX_DAYS_SETTING: &str = "kms-rotation-max-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-KMS-001",
        long_id: "gcp-kms-key-rotation",
        title: "Cloud KMS symmetric key rotates automatically within 90 days",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[KmsCryptoKey::KIND_NAME],
        risk: "A key version that never rotates protects ever more data for ever longer: a compromised version exposes everything encrypted since it was created, and cryptoperiod limits in most standards are missed.",
        remediation: Remediation {
            text: "Set a rotation period of 90 days or less (and a next rotation time) on the key; the threshold is the plugin setting kms-rotation-max-days.",
            cli: Some("gcloud kms keys update KEY --keyring=KEYRING --location=LOCATION --rotation-period=90d --next-rotation-time=2026-02-01T00:00:00Z"),
            terraform: Some("resource \"google_kms_crypto_key\" \"this\" {\n  # ...\n  rotation_period = \"7776000s\"\n}"),
        },
        references: &["https://cloud.google.com/kms/docs/key-rotation", "https://cloud.google.com/kms/docs/rotate-key"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.10"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let max_days: i64 = match e.ctx().setting(MAX_DAYS_SETTING, 90) {
        Ok(d) => d,
        Err(message) => {
            for (r, _) in e.each::<KmsCryptoKey>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, key) in e.each::<KmsCryptoKey>() {
        let purpose = key.purpose.as_deref().unwrap_or("ENCRYPT_DECRYPT");
        if purpose != "ENCRYPT_DECRYPT" {
            e.not_applicable(r, format!("Cloud KMS key {} has purpose {purpose}, which has no automatic rotation.", r.name));
            continue;
        }
        if key.primary.as_ref().and_then(|p| p.state.as_deref()).is_some_and(|s| s.starts_with("DESTROY")) {
            e.not_applicable(r, format!("Cloud KMS key {} has no usable primary version left.", r.name));
            continue;
        }
        let Some(period) = key.rotation_period.as_deref() else {
            e.fail(r, format!("Cloud KMS key {} does not rotate automatically.", r.name)).evidence("rotationPeriod", "absent");
            continue;
        };
        let Some(seconds) = duration_seconds(period) else {
            e.error(r, format!("Cloud KMS key {} has an unreadable rotation period {period:?}.", r.name)).evidence("rotationPeriod", period);
            continue;
        };
        let days = seconds / 86_400;
        if seconds <= max_days * 86_400 {
            e.pass(r, format!("Cloud KMS key {} rotates every {days} day(s).", r.name)).evidence("rotationPeriod", period);
        } else {
            e.fail(r, format!("Cloud KMS key {} rotates only every {days} days, more than {max_days}.", r.name)).evidence("rotationPeriod", period);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.kms.crypto-key";

    fn key(name: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut k = json!({"name": format!("projects/p/locations/europe-west1/keyRings/r/cryptoKeys/{name}"), "purpose": "ENCRYPT_DECRYPT", "primary": {"state": "ENABLED"}});
        k.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        k
    }

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .resource(KIND, "k/90", key("k90", json!({"rotationPeriod": "7776000s"})))
            .resource(KIND, "k/365", key("k365", json!({"rotationPeriod": "31536000s"})))
            .resource(KIND, "k/never", key("never", json!({})))
            .resource(KIND, "k/sign", key("sign", json!({"purpose": "ASYMMETRIC_SIGN"})))
            .resource(KIND, "k/destroyed", key("destroyed", json!({"primary": {"state": "DESTROYED"}})))
            .resource(KIND, "k/odd", key("odd", json!({"rotationPeriod": "90d"})))
    }

    #[test]
    fn rotation_within_90_days_passes() {
        let out = fixture().run(&super::CHECK);
        out.assert_status("k/90", Status::Pass);
        let f = out.assert_status("k/365", Status::Fail);
        assert!(f.message.ends_with("rotates only every 365 days, more than 90."), "{}", f.message);
        out.assert_status("k/never", Status::Fail);
        out.assert_status("k/sign", Status::NotApplicable);
        out.assert_status("k/destroyed", Status::NotApplicable);
        out.assert_status("k/odd", Status::Error);
    }

    #[test]
    fn threshold_comes_from_settings() {
        let out = fixture().setting("kms-rotation-max-days", json!(365)).run(&super::CHECK);
        out.assert_status("k/365", Status::Pass);
        let out = fixture().setting("kms-rotation-max-days", json!("quarterly")).run(&super::CHECK);
        out.assert_status("k/90", Status::Error);
    }
}
