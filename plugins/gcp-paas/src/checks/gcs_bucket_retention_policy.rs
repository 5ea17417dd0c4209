//! Buckets that policy says need retention have a retention policy.

use std::collections::BTreeMap;

use splitline_plugin_sdk::kinds::gcp::StorageBucket;
use splitline_plugin_sdk::prelude::*;

/// Setting: every bucket needs a retention policy.
pub const REQUIRED_SETTING: &str = "bucket-retention-required";
/// Setting: buckets with one of these labels need one (`"*"` matches any value).
pub const LABELS_SETTING: &str = "bucket-retention-required-labels";
/// Setting: the minimum retention period in days (default 1).
pub const MIN_DAYS_SETTING: &str = "bucket-retention-min-days";
/// Setting: the retention policy must also be locked (default false).
pub const LOCKED_SETTING: &str = "bucket-retention-locked";

struct Policy {
    all: bool,
    labels: BTreeMap<String, String>,
    min_days: i64,
    locked: bool,
}

fn policy(e: &Eval) -> Result<Policy, String> {
    let ctx = e.ctx();
    Ok(Policy {
        all: ctx.setting(REQUIRED_SETTING, false)?,
        labels: ctx.setting(LABELS_SETTING, BTreeMap::new())?,
        min_days: ctx.setting(MIN_DAYS_SETTING, 1)?,
        locked: ctx.setting(LOCKED_SETTING, false)?,
    })
}

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-007",
        long_id: "gcp-gcs-bucket-retention-policy",
        title: "Cloud Storage bucket that requires retention has a retention policy of at least the required period",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "Without a retention policy, records that must be kept (financial, legal, audit) can be deleted or overwritten before their time, by mistake or by an attacker; an unlocked policy can still be removed by a bucket administrator.",
        remediation: Remediation {
            text: "Set a retention policy of at least the required period and, where records must be immutable (WORM), lock it. Which buckets need one is set with the plugin settings bucket-retention-required, bucket-retention-required-labels, bucket-retention-min-days and bucket-retention-locked.",
            cli: Some("gcloud storage buckets update gs://BUCKET --retention-period=365d"),
            terraform: Some("resource \"google_storage_bucket\" \"records\" {\n  # ...\n  retention_policy {\n    retention_period = 31536000\n    is_locked        = true\n  }\n}"),
        },
        references: &["https://cloud.google.com/storage/docs/bucket-lock"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    let policy = match policy(e) {
        Ok(p) => p,
        Err(message) => {
            for (r, _) in e.each::<StorageBucket>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, b) in e.each::<StorageBucket>() {
        let matched = policy.labels.iter().find(|(k, v)| r.tag(k).is_some_and(|actual| v.as_str() == "*" || actual == v.as_str()));
        let why = match (policy.all, matched) {
            (true, _) => format!("the plugin setting {REQUIRED_SETTING} requires one"),
            (false, Some((k, _))) => format!("its label {k}={} requires one", r.tag(k).unwrap_or_default()),
            (false, None) => {
                e.not_applicable(r, format!("No setting requires a retention policy on Cloud Storage bucket {}.", b.name));
                continue;
            }
        };
        let rp = b.retention_policy.clone().unwrap_or_default();
        let Some(period) = rp.retention_period.as_deref() else {
            e.fail(r, format!("Cloud Storage bucket {} has no retention policy, but {why}.", b.name)).evidence("retentionPolicy", "absent");
            continue;
        };
        let Ok(seconds) = period.parse::<i64>() else {
            e.error(r, format!("Cloud Storage bucket {} has an unreadable retention period {period:?}.", b.name)).evidence("retentionPolicy.retentionPeriod", period);
            continue;
        };
        let days = seconds / 86_400;
        let locked = rp.is_locked == Some(true);
        if days < policy.min_days {
            e.fail(r, format!("Cloud Storage bucket {} retains objects for {days} day(s), less than the required {} day(s).", b.name, policy.min_days))
                .evidence("retentionPolicy.retentionPeriod", period);
        } else if policy.locked && !locked {
            e.fail(r, format!("Cloud Storage bucket {} has a retention policy of {days} day(s) that is not locked, but a locked policy is required.", b.name))
                .evidence("retentionPolicy.isLocked", false);
        } else {
            e.pass(r, format!("Cloud Storage bucket {} retains objects for {days} day(s){}.", b.name, if locked { " under a locked policy" } else { "" }))
                .evidence("retentionPolicy.retentionPeriod", period)
                .evidence("retentionPolicy.isLocked", locked);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.storage.bucket";

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .resource_in("eu", KIND, "b/records", json!({"name": "records", "retentionPolicy": {"retentionPeriod": "31536000", "isLocked": true}}), &[("retention", "7y")])
            .resource_in("eu", KIND, "b/short", json!({"name": "short", "retentionPolicy": {"retentionPeriod": "86400"}}), &[("retention", "7y")])
            .resource_in("eu", KIND, "b/none", json!({"name": "none"}), &[("retention", "7y")])
            .resource(KIND, "b/scratch", json!({"name": "scratch"}))
    }

    #[test]
    fn nothing_required_by_default() {
        let out = fixture().run(&super::CHECK);
        for id in ["b/records", "b/short", "b/none", "b/scratch"] {
            out.assert_status(id, Status::NotApplicable);
        }
    }

    #[test]
    fn labelled_buckets_need_a_long_enough_and_locked_policy() {
        let out = fixture().setting("bucket-retention-required-labels", json!({"retention": "*"})).setting("bucket-retention-min-days", json!(30)).run(&super::CHECK);
        out.assert_status("b/records", Status::Pass);
        let f = out.assert_status("b/short", Status::Fail);
        assert_eq!(f.message, "Cloud Storage bucket short retains objects for 1 day(s), less than the required 30 day(s).");
        let f = out.assert_status("b/none", Status::Fail);
        assert_eq!(f.message, "Cloud Storage bucket none has no retention policy, but its label retention=7y requires one.");
        out.assert_status("b/scratch", Status::NotApplicable);

        let out = fixture().setting("bucket-retention-required", json!(true)).setting("bucket-retention-locked", json!(true)).run(&super::CHECK);
        out.assert_status("b/records", Status::Pass);
        let f = out.assert_status("b/short", Status::Fail);
        assert!(f.message.contains("not locked"), "{}", f.message);
        out.assert_status("b/scratch", Status::Fail);
    }

    #[test]
    fn bad_settings_and_periods_are_errors() {
        let out = fixture().setting("bucket-retention-min-days", json!("a month")).run(&super::CHECK);
        out.assert_status("b/scratch", Status::Error);
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/odd", json!({"name": "odd", "retentionPolicy": {"retentionPeriod": "forever"}}))
            .setting("bucket-retention-required", json!(true))
            .run(&super::CHECK);
        out.assert_status("b/odd", Status::Error);
    }
}
