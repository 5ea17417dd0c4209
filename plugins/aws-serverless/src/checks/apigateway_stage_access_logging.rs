//! API Gateway stages write access logs.

use splitline_plugin_sdk::kinds::aws::ApiGatewayStage;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-APIGW-002",
        long_id: "aws-apigateway-stage-access-logging",
        title: "API Gateway stage has access logging configured",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[ApiGatewayStage::KIND_NAME],
        risk: "Without access logs there is no record of who called the API, from where, with which result: credential stuffing, enumeration and data scraping go unseen, and an incident cannot be scoped afterwards.",
        remediation: Remediation {
            text: "Configure access logging on the stage to a CloudWatch Logs group (or Firehose) with a format that includes the caller identity, source IP, request id and status.",
            cli: Some("aws apigateway update-stage --rest-api-id API_ID --stage-name STAGE --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN op=replace,path=/accessLogSettings/format,value='$context.requestId $context.identity.sourceIp $context.status'"),
            terraform: Some("resource \"aws_api_gateway_stage\" \"this\" {\n  # ...\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n    format          = jsonencode({ requestId = \"$context.requestId\", ip = \"$context.identity.sourceIp\", status = \"$context.status\" })\n  }\n}"),
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
        match s.access_log_settings.as_ref().and_then(|a| a.destination_arn.as_deref()).filter(|d| !d.is_empty()) {
            Some(dest) => {
                e.pass(r, format!("API Gateway stage {label} writes access logs to {dest}.")).evidence("accessLogSettings.destinationArn", dest);
            }
            None => {
                e.fail(r, format!("API Gateway stage {label} has access logging off.")).evidence("accessLogSettings", "absent");
            }
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
    fn destination_passes_absent_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(STAGE, "on", json!({"stageName": "prod", "restApiId": "a1", "restApiName": "orders", "accessLogSettings": {"destinationArn": "arn:aws:logs:us-east-1:111122223333:log-group:api", "format": "$context.requestId"}}))
            .resource(STAGE, "off", json!({"stageName": "dev", "restApiId": "a1", "restApiName": "orders"}))
            .resource(STAGE, "empty", json!({"stageName": "test", "restApiId": "a2", "accessLogSettings": {}}))
            .run(&super::CHECK);
        out.assert_status("on", Status::Pass);
        let f = out.assert_status("off", Status::Fail);
        assert_eq!(f.message, "API Gateway stage orders/dev has access logging off.");
        let f = out.assert_status("empty", Status::Fail);
        assert!(f.message.contains("a2/test"), "{}", f.message);
    }
}
