//! Elastic Beanstalk environments use enhanced health reporting.

use splitline_plugin_sdk::kinds::aws::BeanstalkEnvironment;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EB-002",
        long_id: "aws-elasticbeanstalk-enhanced-health",
        title: "Elastic Beanstalk environment uses enhanced health reporting",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[BeanstalkEnvironment::KIND_NAME],
        risk: "Basic health only watches the load balancer and Auto Scaling group: failing requests, a saturated instance or an application that stopped responding go unnoticed, and an incident (including one caused by an attack) is detected late. Enhanced health is also required for managed platform updates.",
        remediation: Remediation {
            text: "Set the health reporting system type to enhanced (the instance profile needs the AWSElasticBeanstalkWebTier or equivalent permissions).",
            cli: Some("aws elasticbeanstalk update-environment --environment-name ENV --option-settings Namespace=aws:elasticbeanstalk:healthreporting:system,OptionName=SystemType,Value=enhanced"),
            terraform: Some("resource \"aws_elastic_beanstalk_environment\" \"this\" {\n  # ...\n  setting {\n    namespace = \"aws:elasticbeanstalk:healthreporting:system\"\n    name      = \"SystemType\"\n    value     = \"enhanced\"\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/health-enhanced.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticbeanstalk-controls.html#elasticbeanstalk-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

const NS: &str = "aws:elasticbeanstalk:healthreporting:system";

fn run(e: &mut Eval) {
    for (r, env) in e.each::<BeanstalkEnvironment>() {
        let name = &env.environment_name;
        if env.option_settings.is_none() {
            e.error(r, format!("Elastic Beanstalk environment {name} has no OptionSettings in its configuration."));
            continue;
        }
        match env.option(NS, "SystemType") {
            Some(v) if v.eq_ignore_ascii_case("enhanced") => {
                e.pass(r, format!("Elastic Beanstalk environment {name} uses enhanced health reporting.")).evidence(format!("{NS}.SystemType"), v);
            }
            other => {
                e.fail(r, format!("Elastic Beanstalk environment {name} uses basic health reporting."))
                    .evidence(format!("{NS}.SystemType"), other.unwrap_or("absent (default basic)"));
            }
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
    fn enhanced_passes_basic_or_absent_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(BEANSTALK, "enh", env("enh", json!([["aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"]])))
            .resource(BEANSTALK, "basic", env("basic", json!([["aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic"]])))
            .resource(BEANSTALK, "absent", env("absent", json!([])))
            .resource(BEANSTALK, "uncollected", json!({"EnvironmentName": "uncollected"}))
            .run(&super::CHECK);
        out.assert_status("enh", Status::Pass);
        let f = out.assert_status("basic", Status::Fail);
        assert_eq!(f.message, "Elastic Beanstalk environment basic uses basic health reporting.");
        out.assert_status("absent", Status::Fail);
        out.assert_status("uncollected", Status::Error);
    }
}
