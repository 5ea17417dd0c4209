//! API Gateway REST API methods require authorization.

use splitline_plugin_sdk::kinds::aws::ApiGatewayRestApi;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-APIGW-001",
        long_id: "aws-apigateway-methods-authorized",
        title: "API Gateway REST API has no method without authorization (OPTIONS excepted)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::ApplicationCode,
        resource_kinds: &[ApiGatewayRestApi::KIND_NAME],
        risk: "A method with authorizationType NONE and no API key lets anyone who finds the URL invoke the backend (usually a Lambda function with its role): data is read or changed without authentication unless the function checks every caller itself.",
        remediation: Remediation {
            text: "Attach an authorizer to every method that is not meant to be public: IAM (AWS_IAM), a Cognito user pool or a Lambda authorizer. Keep NONE only for CORS preflight (OPTIONS) and deliberately public endpoints, and redeploy the stages afterwards.",
            cli: Some("aws apigateway update-method --rest-api-id API_ID --resource-id RESOURCE_ID --http-method GET --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id API_ID --stage-name STAGE"),
            terraform: Some("resource \"aws_api_gateway_method\" \"get\" {\n  rest_api_id   = aws_api_gateway_rest_api.this.id\n  resource_id   = aws_api_gateway_resource.orders.id\n  http_method   = \"GET\"\n  authorization = \"COGNITO_USER_POOLS\"\n  authorizer_id = aws_api_gateway_authorizer.cognito.id\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, api) in e.each::<ApiGatewayRestApi>() {
        let name = api.name.as_deref().map(|n| format!("{n} ({})", api.id)).unwrap_or_else(|| api.id.clone());
        let Some(resources) = api.resources.as_ref() else {
            e.error(r, format!("REST API {name} has no resources in its configuration, so its methods could not be checked."));
            continue;
        };
        let mut open = Vec::new();
        let mut total = 0;
        for res in resources {
            for (verb, m) in &res.resource_methods {
                if verb == "OPTIONS" {
                    continue;
                }
                total += 1;
                let auth = m.authorization_type.as_deref().unwrap_or("NONE");
                if auth == "NONE" && m.api_key_required != Some(true) {
                    open.push(format!("{verb} {}", res.path));
                }
            }
        }
        if open.is_empty() {
            e.pass(r, format!("REST API {name} requires authorization on all {total} methods."));
        } else {
            let private = api.endpoint_configuration.as_ref().is_some_and(|c| c.types.iter().any(|t| t == "PRIVATE"));
            let reach = if private { " (private endpoint: callable from the VPC endpoints it allows)" } else { "" };
            let f = e.fail(r, format!("REST API {name} has {} of {total} methods without authorization{reach}: {}.", open.len(), open.join(", ")));
            for m in &open {
                f.evidence(format!("resources[{m}].authorizationType"), "NONE, apiKeyRequired false");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::REST_API;

    fn api(id: &str, resources: serde_json::Value) -> serde_json::Value {
        json!({"id": id, "name": format!("{id}-api"), "endpointConfiguration": {"types": ["REGIONAL"]}, "resources": resources})
    }

    #[test]
    fn unauthorized_methods_fail_and_are_listed() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                REST_API,
                "open",
                api("open", json!([
                    {"id": "r1", "path": "/", "resourceMethods": {"GET": {"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": false}}},
                    {"id": "r2", "path": "/orders", "resourceMethods": {
                        "POST": {"authorizationType": "COGNITO_USER_POOLS", "authorizerId": "a1"},
                        "DELETE": {"authorizationType": "NONE"},
                        "OPTIONS": {"authorizationType": "NONE"}
                    }}
                ])),
            )
            .run(&super::CHECK);
        let f = out.assert_status("open", Status::Fail);
        assert_eq!(f.message, "REST API open-api (open) has 2 of 3 methods without authorization: GET /, DELETE /orders.");
    }

    #[test]
    fn authorized_keyed_and_options_only_pass_missing_resources_error() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                REST_API,
                "closed",
                api("closed", json!([
                    {"path": "/", "resourceMethods": {"GET": {"authorizationType": "AWS_IAM"}, "OPTIONS": {"authorizationType": "NONE"}}},
                    {"path": "/partner", "resourceMethods": {"POST": {"authorizationType": "NONE", "apiKeyRequired": true}}},
                    {"path": "/empty"}
                ])),
            )
            .resource(REST_API, "uncollected", json!({"id": "uncollected"}))
            .run(&super::CHECK);
        let f = out.assert_status("closed", Status::Pass);
        assert_eq!(f.message, "REST API closed-api (closed) requires authorization on all 2 methods.");
        out.assert_status("uncollected", Status::Error);
    }
}
