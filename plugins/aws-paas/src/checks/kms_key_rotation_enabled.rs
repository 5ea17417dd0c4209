//! Customer managed symmetric KMS keys rotate their key material automatically.

use splitline_plugin_sdk::kinds::aws::KmsKey;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-KMS-001",
        long_id: "aws-kms-key-rotation-enabled",
        title: "Customer managed symmetric KMS key has automatic rotation enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[KmsKey::KIND_NAME],
        risk: "Key material that never rotates protects ever more data for ever longer: if it is ever exposed (through an HSM flaw, a mishandled import or a cryptographic weakness), everything encrypted under it since creation is affected. AWS managed keys rotate on their own; customer managed keys only when you turn it on.",
        remediation: Remediation {
            text: "Enable automatic rotation (yearly by default, 90 to 2560 days configurable). Rotation keeps old key material for decryption, so nothing needs re-encrypting. Imported (EXTERNAL) and asymmetric keys must be rotated manually.",
            cli: Some("aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365"),
            terraform: Some("resource \"aws_kms_key\" \"this\" {\n  # ...\n  enable_key_rotation = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.6"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, k) in e.each::<KmsKey>() {
        let label = k.label();
        let manager = k.key_manager.as_deref().unwrap_or("CUSTOMER");
        let spec = k.key_spec.as_deref().unwrap_or("SYMMETRIC_DEFAULT");
        let origin = k.origin.as_deref().unwrap_or("AWS_KMS");
        let state = k.key_state.as_deref().unwrap_or("Enabled");
        if manager != "CUSTOMER" {
            e.not_applicable(r, format!("KMS key {label} is an AWS managed key, which AWS rotates itself."));
        } else if spec != "SYMMETRIC_DEFAULT" || origin != "AWS_KMS" {
            e.not_applicable(r, format!("KMS key {label} ({spec}, origin {origin}) does not support automatic rotation."))
                .evidence("KeySpec", spec)
                .evidence("Origin", origin);
        } else if matches!(state, "PendingDeletion" | "PendingReplicaDeletion") {
            e.not_applicable(r, format!("KMS key {label} is scheduled for deletion.")).evidence("KeyState", state);
        } else {
            match k.key_rotation_enabled {
                Some(true) => {
                    let f = e.pass(r, format!("KMS key {label} rotates its key material automatically."));
                    f.evidence("KeyRotationEnabled", true);
                    if let Some(days) = k.rotation_period_in_days {
                        f.evidence("RotationPeriodInDays", days);
                    }
                }
                Some(false) => {
                    e.fail(r, format!("KMS key {label} does not rotate its key material automatically.")).evidence("KeyRotationEnabled", false);
                }
                None => {
                    e.error(r, format!("KMS key {label} has no KeyRotationEnabled field although it is a customer managed symmetric key."));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.kms.key";

    fn key(id: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut k = json!({"KeyId": id, "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS", "KeyState": "Enabled"});
        k.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        k
    }

    #[test]
    fn customer_symmetric_keys_must_rotate() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "k-on", key("k-on", json!({"KeyRotationEnabled": true, "RotationPeriodInDays": 365, "Aliases": [{"AliasName": "alias/app"}]})))
            .resource(KIND, "k-off", key("k-off", json!({"KeyRotationEnabled": false})))
            .resource(KIND, "k-unknown", key("k-unknown", json!({})))
            .run(&super::CHECK);
        let f = out.assert_status("k-on", Status::Pass);
        assert_eq!(f.message, "KMS key alias/app (k-on) rotates its key material automatically.");
        let f = out.assert_status("k-off", Status::Fail);
        assert_eq!(f.message, "KMS key k-off does not rotate its key material automatically.");
        out.assert_status("k-unknown", Status::Error);
    }

    #[test]
    fn aws_managed_asymmetric_imported_and_deleted_keys_do_not_apply() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "k-aws", key("k-aws", json!({"KeyManager": "AWS"})))
            .resource(KIND, "k-rsa", key("k-rsa", json!({"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"})))
            .resource(KIND, "k-ext", key("k-ext", json!({"Origin": "EXTERNAL", "KeyRotationEnabled": false})))
            .resource(KIND, "k-del", key("k-del", json!({"KeyState": "PendingDeletion", "KeyRotationEnabled": false})))
            .run(&super::CHECK);
        for id in ["k-aws", "k-rsa", "k-ext", "k-del"] {
            out.assert_status(id, Status::NotApplicable);
        }
    }
}
