//! Lambda: functions with their URL configuration, resource policy and
//! tags. Environment variable values are redacted before they are stored.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_lambda::types as t;
use serde_json::{Map, Value};
use splitline_collect::{Operation, Resource, redact};
use tokio::task::JoinSet;

use crate::call::{Cx, Failure};
use crate::clients::Clients;
use crate::json::{Obj, policy_document, strs};

pub const FUNCTION: &str = "aws.lambda.function";
pub const KINDS: &[&str] = &[FUNCTION];

const fn op(name: &'static str, permission: &'static str) -> Operation {
    Operation { service: "lambda", name, permission, kinds: KINDS }
}

pub const OPS: &[Operation] = &[
    op("ListFunctions", "lambda:ListFunctions"),
    op("GetFunctionUrlConfig", "lambda:GetFunctionUrlConfig"),
    op("GetPolicy", "lambda:GetPolicy"),
    op("ListTags", "lambda:ListTags"),
];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let lambda = clients.lambda(&cx.region);
    let mut functions = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        match cx.call(lambda.list_functions().set_marker(marker.clone()).send()).await {
            Ok(out) => {
                functions.extend(out.functions().iter().cloned());
                marker = out.next_marker().map(str::to_string);
                if marker.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "Lambda ListFunctions", &f),
        }
    }
    let mut tasks = JoinSet::new();
    for f in functions {
        let (cx, lambda) = (cx.clone(), lambda.clone());
        tasks.spawn(async move { function(&cx, &lambda, &f).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn function(cx: &Cx, lambda: &aws_sdk_lambda::Client, f: &t::FunctionConfiguration) {
    let (Some(name), Some(arn)) = (f.function_name(), f.function_arn()) else { return };
    let (url, policy, tags) = tokio::join!(
        cx.optional(lambda.get_function_url_config().function_name(name).send()),
        cx.optional(lambda.get_policy().function_name(name).send()),
        cx.optional(lambda.list_tags().resource(arn).send()),
    );
    let fail = |op: &str, e: &Failure| cx.gap(KINDS, &format!("Lambda {op} of function {name}"), e);
    let url = match url {
        Ok(u) => u,
        Err(e) => return fail("GetFunctionUrlConfig", &e),
    };
    let policy = match policy {
        Ok(p) => p,
        Err(e) => return fail("GetPolicy", &e),
    };
    let tags: BTreeMap<String, String> = match tags {
        Ok(t) => t
            .and_then(|t| t.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()))
            .unwrap_or_default(),
        Err(e) => return fail("ListTags", &e),
    };
    let mut config = function_config(f);
    if let Some(obj) = config.as_object_mut() {
        if let Some(u) = &url {
            obj.insert("FunctionUrlConfig".into(), url_config(u));
        }
        if let Some(p) = policy.as_ref().and_then(|p| p.policy()) {
            obj.insert("Policy".into(), policy_document(p));
        }
    }
    cx.sink.resource(Resource {
        kind: FUNCTION.into(),
        id: arn.to_string(),
        account: cx.account.clone(),
        region: cx.region.clone(),
        name: name.to_string(),
        tags,
        config,
    });
}

/// The function configuration, environment values redacted.
pub fn function_config(f: &t::FunctionConfiguration) -> Value {
    let env = f.environment().map(|e| {
        let mut vars: Map<String, Value> = e
            .variables()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
            .unwrap_or_default();
        redact::redact_env(&mut vars);
        Obj::new().put("Variables", Value::Object(vars)).build()
    });
    Obj::new()
        .put("FunctionName", f.function_name())
        .put("FunctionArn", f.function_arn())
        .put("Runtime", f.runtime().map(|x| x.as_str()))
        .put("Role", f.role())
        .put("Handler", f.handler())
        .put("CodeSize", f.code_size())
        .put("Description", f.description())
        .put("Timeout", f.timeout())
        .put("MemorySize", f.memory_size())
        .put("LastModified", f.last_modified())
        .put("Version", f.version())
        .put("Architectures", Value::Array(f.architectures().iter().map(|a| Value::from(a.as_str())).collect()))
        .put("Environment", env)
        .put("KMSKeyArn", f.kms_key_arn())
        .put(
            "VpcConfig",
            f.vpc_config().filter(|v| v.vpc_id().is_some_and(|id| !id.is_empty())).map(|v| {
                Obj::new()
                    .put("SubnetIds", strs(v.subnet_ids()))
                    .put("SecurityGroupIds", strs(v.security_group_ids()))
                    .put("VpcId", v.vpc_id())
                    .build()
            }),
        )
        .put("TracingConfig", f.tracing_config().map(|c| Obj::new().put("Mode", c.mode().map(|x| x.as_str())).build()))
        .put(
            "LoggingConfig",
            f.logging_config().map(|c| {
                Obj::new()
                    .put("LogFormat", c.log_format().map(|x| x.as_str()))
                    .put("LogGroup", c.log_group())
                    .put("ApplicationLogLevel", c.application_log_level().map(|x| x.as_str()))
                    .put("SystemLogLevel", c.system_log_level().map(|x| x.as_str()))
                    .build()
            }),
        )
        .put("State", f.state().map(|x| x.as_str()))
        .put("LastUpdateStatus", f.last_update_status().map(|x| x.as_str()))
        .put("PackageType", f.package_type().map(|x| x.as_str()))
        .put("EphemeralStorage", f.ephemeral_storage().map(|e| Obj::new().put("Size", e.size()).build()))
        .build()
}

fn url_config(u: &aws_sdk_lambda::operation::get_function_url_config::GetFunctionUrlConfigOutput) -> Value {
    Obj::new()
        .put("FunctionUrl", u.function_url())
        .put("FunctionArn", u.function_arn())
        .put("AuthType", u.auth_type().as_str())
        .put(
            "Cors",
            u.cors().map(|c| {
                Obj::new()
                    .put("AllowCredentials", c.allow_credentials())
                    .put("AllowHeaders", strs(c.allow_headers()))
                    .put("AllowMethods", strs(c.allow_methods()))
                    .put("AllowOrigins", strs(c.allow_origins()))
                    .put("ExposeHeaders", strs(c.expose_headers()))
                    .put("MaxAge", c.max_age())
                    .build()
            }),
        )
        .put("InvokeMode", u.invoke_mode().map(|x| x.as_str()))
        .put("CreationTime", u.creation_time())
        .put("LastModifiedTime", u.last_modified_time())
        .build()
}
