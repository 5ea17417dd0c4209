//! What the checks' tests share: kinds and documents in the API shapes.

use serde_json::json;

pub const RDS: &str = "aws.rds.db-instance";
pub const BEANSTALK: &str = "aws.elasticbeanstalk.environment";

/// An Elastic Beanstalk environment whose `OptionSettings` are `[namespace, option, value]` triples.
pub fn env(name: &str, options: serde_json::Value) -> serde_json::Value {
    let settings: Vec<serde_json::Value> = options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| json!({"Namespace": o[0], "OptionName": o[1], "Value": o[2]}))
        .collect();
    json!({"EnvironmentName": name, "ApplicationName": "app", "OptionSettings": settings})
}
