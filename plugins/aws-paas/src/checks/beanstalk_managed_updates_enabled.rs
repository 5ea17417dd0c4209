//! Elastic Beanstalk environments apply platform updates automatically.

use splitline_plugin_sdk::kinds::aws::BeanstalkEnvironment;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EB-001",
        long_id: "aws-elasticbeanstalk-managed-updates-enabled",
        title: "Elastic Beanstalk environment has managed platform updates enabled",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[BeanstalkEnvironment::KIND_NAME],
        risk: "Elastic Beanstalk publishes patched platform versions (OS, language runtime, web server), but an environment only moves to them when you update it or turn on managed updates: otherwise its instances keep running known-vulnerable software.",
        remediation: Remediation {
            text: "Enable managed platform updates with a weekly maintenance window and update level `minor` (or `patch`).",
            cli: Some("aws elasticbeanstalk update-environment --environment-name ENV --option-settings Namespace=aws:elasticbeanstalk:managedactions,OptionName=ManagedActionsEnabled,Value=true Namespace=aws:elasticbeanstalk:managedactions,OptionName=PreferredStartTime,Value=\"Sun:02:00\" Namespace=aws:elasticbeanstalk:managedactions:platformupdate,OptionName=UpdateLevel,Value=minor"),
            terraform: Some("resource \"aws_elastic_beanstalk_environment\" \"this\" {\n  # ...\n  setting {\n    namespace = \"aws:elasticbeanstalk:managedactions\"\n    name      = \"ManagedActionsEnabled\"\n    value     = \"true\"\n  }\n  setting {\n    namespace = \"aws:elasticbeanstalk:managedactions\"\n    name      = \"PreferredStartTime\"\n    value     = \"Sun:02:00\"\n  }\n  setting {\n    namespace = \"aws:elasticbeanstalk:managedactions:platformupdate\"\n    name      = \"UpdateLevel\"\n    value     = \"minor\"\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environment-platform-update-managed.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticbeanstalk-controls.html#elasticbeanstalk-2",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.PS-02")],
    },
    run,
};

const NS: &str = "aws:elasticbeanstalk:managedactions";

fn run(e: &mut Eval) {
    for (r, env) in e.each::<BeanstalkEnvironment>() {
        let name = &env.environment_name;
        if env.option_settings.is_none() {
            e.error(r, format!("Elastic Beanstalk environment {name} has no OptionSettings in its configuration."));
            continue;
        }
        let enabled = env.option(NS, "ManagedActionsEnabled");
        if enabled.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            let level = env.option("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel").unwrap_or("minor");
            e.pass(r, format!("Elastic Beanstalk environment {name} applies {level} platform updates automatically."))
                .evidence(format!("{NS}.ManagedActionsEnabled"), "true")
                .evidence("aws:elasticbeanstalk:managedactions:platformupdate.UpdateLevel", level);
        } else {
            e.fail(r, format!("Elastic Beanstalk environment {name} has managed platform updates disabled."))
                .evidence(format!("{NS}.ManagedActionsEnabled"), enabled.unwrap_or("absent (default false)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{BEANSTALK, env};

    #[test]
    fn managed_updates_on_passes_off_or_absent_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(BEANSTALK, "on", env("on", json!([["aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"], ["aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "patch"]])))
            .resource(BEANSTALK, "off", env("off", json!([["aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"]])))
            .resource(BEANSTALK, "absent", env("absent", json!([])))
            .resource(BEANSTALK, "uncollected", json!({"EnvironmentName": "uncollected"}))
            .run(&super::CHECK);
        let f = out.assert_status("on", Status::Pass);
        assert_eq!(f.message, "Elastic Beanstalk environment on applies patch platform updates automatically.");
        let f = out.assert_status("off", Status::Fail);
        assert_eq!(f.message, "Elastic Beanstalk environment off has managed platform updates disabled.");
        out.assert_status("absent", Status::Fail);
        out.assert_status("uncollected", Status::Error);
    }
}
