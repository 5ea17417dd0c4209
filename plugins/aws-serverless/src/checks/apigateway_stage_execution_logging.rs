//! API Gateway stages have execution logging on.

use splitline_plugin_sdk::kinds::aws::ApiGatewayStage;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-APIGW-003",
        long_id: "aws-apigateway-stage-execution-logging",
        title: "API Gateway stage has execution logging at ERROR or INFO for all methods",
        severity: Severity::Low,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[ApiGatewayStage::KIND_NAME],
        risk: "Execution logs record authorizer decisions, integration errors and throttling; without them failed authorization attempts and backend errors caused by malicious input are invisible. Rated low because access logs (AWS-APIGW-002) cover the essential who-called-what.",
        remediation: Remediation {
            text: "Set the stage-wide (`*/*`) logging level to ERROR (or INFO while investigating); the account's API Gateway CloudWatch role must be set once per region. Keep data tracing off in production, since it logs full request and response bodies.",
            cli: Some("aws apigateway update-stage --rest-api-id API_ID --stage-name STAGE --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR'"),
            terraform: Some("resource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.this.id\n  stage_name  = aws_api_gateway_stage.this.stage_name\n  method_path = \"*/*\"\n  settings {\n    logging_level = \"ERROR\"\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<ApiGatewayStage>() {
        let label = s.label();
        let level = |k: &str| s.method_settings.get(k).and_then(|m| m.logging_level.clone()).unwrap_or_else(|| "OFF".into());
        let stage_level = level("*/*");
        let off_overrides: Vec<&String> = s.method_settings.iter().filter(|(k, m)| *k != "*/*" && m.logging_level.as_deref() == Some("OFF")).map(|(k, _)| k).collect();
        if stage_level == "OFF" {
            e.fail(r, format!("API Gateway stage {label} has execution logging off.")).evidence("methodSettings.*/*.loggingLevel", "OFF");
        } else if !off_overrides.is_empty() {
            let list: Vec<&str> = off_overrides.iter().map(|s| s.as_str()).collect();
            e.fail(r, format!("API Gateway stage {label} logs at {stage_level} but turns execution logging off for {}.", list.join(", ")))
                .evidence("methodSettings.*/*.loggingLevel", &stage_level);
        } else {
            e.pass(r, format!("API Gateway stage {label} has execution logging at {stage_level}.")).evidence("methodSettings.*/*.loggingLevel", &stage_level);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::STAGE;

    #[test]
    fn stage_wide_level_decides_and_off_overrides_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource(STAGE, "error", json!({"stageName": "prod", "restApiName": "orders", "methodSettings": {"*/*": {"loggingLevel": "ERROR", "metricsEnabled": true}}}))
            .resource(STAGE, "off", json!({"stageName": "dev", "restApiName": "orders", "methodSettings": {"*/*": {"loggingLevel": "OFF"}}}))
            .resource(STAGE, "none", json!({"stageName": "test", "restApiName": "orders"}))
            .resource(STAGE, "override", json!({"stageName": "uat", "restApiName": "orders", "methodSettings": {"*/*": {"loggingLevel": "INFO"}, "orders/GET": {"loggingLevel": "OFF"}}}))
            .run(&super::CHECK);
        let f = out.assert_status("error", Status::Pass);
        assert_eq!(f.message, "API Gateway stage orders/prod has execution logging at ERROR.");
        out.assert_status("off", Status::Fail);
        out.assert_status("none", Status::Fail);
        let f = out.assert_status("override", Status::Fail);
        assert!(f.message.contains("orders/GET"), "{}", f.message);
    }
}
