//! What the checks' tests share: kinds and a Lambda function document.

use serde_json::json;

pub const FUNCTION: &str = "aws.lambda.function";
pub const ROLE: &str = "aws.iam.role";
pub const POLICY: &str = "aws.iam.policy";
pub const REST_API: &str = "aws.apigateway.rest-api";
pub const STAGE: &str = "aws.apigateway.stage";
pub const DOMAIN: &str = "aws.apigateway.domain-name";

/// A GetFunctionConfiguration document for `name`, extended with `extra`.
pub fn function(name: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut f = json!({
        "FunctionName": name,
        "FunctionArn": format!("arn:aws:lambda:us-east-1:111122223333:function:{name}"),
        "Runtime": "python3.12",
        "PackageType": "Zip",
        "Role": format!("arn:aws:iam::111122223333:role/{name}-role"),
    });
    f.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    f
}
