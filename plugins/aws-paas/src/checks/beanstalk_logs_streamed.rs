//! Elastic Beanstalk environments stream instance logs to CloudWatch Logs.

use splitline_plugin_sdk::kinds::aws::BeanstalkEnvironment;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EB-003",
        long_id: "aws-elasticbeanstalk-logs-streamed",
        title: "Elastic Beanstalk environment streams instance logs to CloudWatch Logs",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[BeanstalkEnvironment::KIND_NAME],
        risk: "Without streaming, web server and application logs live only on instances that Auto Scaling replaces at will: the evidence of an intrusion disappears with the instance, and nobody can search or alert on it meanwhile.",
        remediation: Remediation {
            text: "Turn on instance log streaming to CloudWatch Logs with a retention that fits your log policy.",
            cli: Some("aws elasticbeanstalk update-environment --environment-name ENV --option-settings Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=StreamLogs,Value=true Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=RetentionInDays,Value=90"),
            terraform: Some("resource \"aws_elastic_beanstalk_environment\" \"this\" {\n  # ...\n  setting {\n    namespace = \"aws:elasticbeanstalk:cloudwatch:logs\"\n    name      = \"StreamLogs\"\n    value     = \"true\"\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.cloudwatchlogs.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticbeanstalk-controls.html#elasticbeanstalk-3",
        ],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

const NS: &str = "aws:elasticbeanstalk:cloudwatch:logs";

fn run(e: &mut Eval) {
    for (r, env) in e.each::<BeanstalkEnvironment>() {
        let name = &env.environment_name;
        if env.option_settings.is_none() {
            e.error(r, format!("Elastic Beanstalk environment {name} has no OptionSettings in its configuration."));
            continue;
        }
        match env.option(NS, "StreamLogs") {
            Some(v) if v.eq_ignore_ascii_case("true") => {
                e.pass(r, format!("Elastic Beanstalk environment {name} streams instance logs to CloudWatch Logs.")).evidence(format!("{NS}.StreamLogs"), "true");
            }
            other => {
                e.fail(r, format!("Elastic Beanstalk environment {name} does not stream instance logs to CloudWatch Logs."))
                    .evidence(format!("{NS}.StreamLogs"), other.unwrap_or("absent (default false)"));
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
    fn streaming_on_passes_off_or_absent_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(BEANSTALK, "on", env("on", json!([["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"]])))
            .resource(BEANSTALK, "off", env("off", json!([["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "false"]])))
            .resource(BEANSTALK, "absent", env("absent", json!([])))
            .run(&super::CHECK);
        out.assert_status("on", Status::Pass);
        let f = out.assert_status("off", Status::Fail);
        assert_eq!(f.message, "Elastic Beanstalk environment off does not stream instance logs to CloudWatch Logs.");
        out.assert_status("absent", Status::Fail);
    }
}
