//! API Gateway (REST APIs, v1): APIs with their methods, stages (stage
//! variables redacted) and custom domain names. The API's JSON is
//! camelCase and the documents keep it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_sdk_apigateway::types as t;
use serde_json::{Map, Value};
use splitline_collect::{Operation, Resource, redact};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, policy_document, ts};

pub const REST_API: &str = "aws.apigateway.rest-api";
pub const STAGE: &str = "aws.apigateway.stage";
pub const DOMAIN_NAME: &str = "aws.apigateway.domain-name";
pub const KINDS: &[&str] = &[REST_API, STAGE, DOMAIN_NAME];

/// API Gateway's management API is authorised by HTTP verb: every read is `apigateway:GET`.
pub const OPS: &[Operation] = &[
    Operation { service: "apigateway", name: "GetRestApis", permission: "apigateway:GET", kinds: &[REST_API, STAGE] },
    Operation { service: "apigateway", name: "GetResources", permission: "apigateway:GET", kinds: &[REST_API] },
    Operation { service: "apigateway", name: "GetStages", permission: "apigateway:GET", kinds: &[STAGE] },
    Operation { service: "apigateway", name: "GetDomainNames", permission: "apigateway:GET", kinds: &[DOMAIN_NAME] },
];

fn map(m: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
}

fn endpoint_configuration(e: &t::EndpointConfiguration) -> Value {
    Obj::new()
        .put("types", Value::Array(e.types().iter().map(|x| Value::from(x.as_str())).collect()))
        .put("vpcEndpointIds", crate::json::strs(e.vpc_endpoint_ids()))
        .build()
}

/// API Gateway returns the resource policy as an escaped JSON string.
fn api_policy(raw: &str) -> Value {
    match policy_document(raw) {
        Value::String(s) => policy_document(&s.replace("\\\"", "\"").replace("\\\\", "\\")),
        v => v,
    }
}

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let ag = clients.apigateway(&cx.region);
    tokio::join!(apis(&cx, &ag), domain_names(&cx, &ag));
}

fn emit(cx: &Cx, kind: &str, id: String, name: String, tags: BTreeMap<String, String>, config: Value) {
    cx.sink.resource(Resource {
        kind: kind.into(),
        id,
        account: cx.account.clone(),
        region: cx.region.clone(),
        name,
        tags,
        config,
    });
}

async fn apis(cx: &Cx, ag: &aws_sdk_apigateway::Client) {
    if !cx.wants(REST_API) && !cx.wants(STAGE) {
        return;
    }
    let mut apis = Vec::new();
    let mut position: Option<String> = None;
    loop {
        match cx.call(ag.get_rest_apis().limit(500).set_position(position.clone()).send()).await {
            Ok(out) => {
                apis.extend(out.items().iter().cloned());
                position = out.position().map(str::to_string);
                if position.is_none() {
                    break;
                }
            }
            Err(f) => {
                let kinds: Vec<&str> = [REST_API, STAGE].into_iter().filter(|k| cx.wants(k)).collect();
                return cx.gap(&kinds, "API Gateway GetRestApis", &f);
            }
        }
    }
    for api in &apis {
        let Some(id) = api.id() else { continue };
        let name = api.name().unwrap_or(id);
        let base = format!("arn:aws:apigateway:{}::/restapis/{id}", cx.region);
        if cx.wants(REST_API) {
            let mut items = Vec::new();
            let mut position: Option<String> = None;
            let ok = loop {
                let call =
                    ag.get_resources().rest_api_id(id).embed("methods").limit(500).set_position(position.clone());
                match cx.call(call.send()).await {
                    Ok(out) => {
                        items.extend(out.items().iter().map(resource));
                        position = out.position().map(str::to_string);
                        if position.is_none() {
                            break true;
                        }
                    }
                    Err(f) => {
                        cx.gap(&[REST_API], &format!("API Gateway GetResources of API {id}"), &f);
                        break false;
                    }
                }
            };
            if ok {
                let config = Obj::new()
                    .put("id", id)
                    .put("name", api.name())
                    .put("description", api.description())
                    .put("createdDate", api.created_date().map(ts))
                    .put("version", api.version())
                    .put("apiKeySource", api.api_key_source().map(|x| x.as_str()))
                    .put("endpointConfiguration", api.endpoint_configuration().map(endpoint_configuration))
                    .put("disableExecuteApiEndpoint", api.disable_execute_api_endpoint())
                    .put("policy", api.policy().map(api_policy))
                    .put("tags", serde_json::to_value(map(api.tags())).ok())
                    .put("resources", items)
                    .build();
                emit(cx, REST_API, base.clone(), name.to_string(), map(api.tags()), config);
            }
        }
        if cx.wants(STAGE) {
            let stages = match cx.call(ag.get_stages().rest_api_id(id).send()).await {
                Ok(s) => s,
                Err(f) => {
                    cx.gap(&[STAGE], &format!("API Gateway GetStages of API {id}"), &f);
                    continue;
                }
            };
            for s in stages.item() {
                let Some(stage_name) = s.stage_name() else { continue };
                let mut config = stage(s);
                if let Some(obj) = config.as_object_mut() {
                    obj.insert("restApiId".into(), Value::from(id));
                    obj.insert("restApiName".into(), Value::from(name));
                }
                emit(
                    cx,
                    STAGE,
                    format!("{base}/stages/{stage_name}"),
                    format!("{name}/{stage_name}"),
                    map(s.tags()),
                    config,
                );
            }
        }
    }
}

fn resource(r: &t::Resource) -> Value {
    let methods: Option<Value> = r.resource_methods().map(|m| {
        let mut out = Map::new();
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort();
        for k in keys {
            let meth = &m[k];
            out.insert(
                k.clone(),
                Obj::new()
                    .put("httpMethod", meth.http_method())
                    .put("authorizationType", meth.authorization_type())
                    .put("authorizerId", meth.authorizer_id())
                    .put("apiKeyRequired", meth.api_key_required())
                    .put("operationName", meth.operation_name())
                    .put("requestValidatorId", meth.request_validator_id())
                    .build(),
            );
        }
        Value::Object(out)
    });
    Obj::new()
        .put("id", r.id())
        .put("parentId", r.parent_id())
        .put("pathPart", r.path_part())
        .put("path", r.path())
        .put("resourceMethods", methods)
        .build()
}

pub fn stage(s: &t::Stage) -> Value {
    let settings = s.method_settings().map(|m| {
        let mut out = Map::new();
        for (k, v) in m {
            out.insert(
                k.clone(),
                Obj::new()
                    .put("loggingLevel", v.logging_level())
                    .put("dataTraceEnabled", v.data_trace_enabled())
                    .put("metricsEnabled", v.metrics_enabled())
                    .put("throttlingBurstLimit", v.throttling_burst_limit())
                    .put("throttlingRateLimit", v.throttling_rate_limit())
                    .put("cachingEnabled", v.caching_enabled())
                    .put("cacheDataEncrypted", v.cache_data_encrypted())
                    .build(),
            );
        }
        Value::Object(out)
    });
    let variables = s.variables().map(|v| {
        let mut vars: Map<String, Value> = v.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        redact::redact_env(&mut vars);
        Value::Object(vars)
    });
    Obj::new()
        .put("stageName", s.stage_name())
        .put("deploymentId", s.deployment_id())
        .put("description", s.description())
        .put("clientCertificateId", s.client_certificate_id())
        .put("cacheClusterEnabled", s.cache_cluster_enabled())
        .put(
            "accessLogSettings",
            s.access_log_settings()
                .map(|a| Obj::new().put("format", a.format()).put("destinationArn", a.destination_arn()).build()),
        )
        .put("methodSettings", settings)
        .put("variables", variables)
        .put("tracingEnabled", s.tracing_enabled())
        .put("webAclArn", s.web_acl_arn())
        .put("createdDate", s.created_date().map(ts))
        .put("lastUpdatedDate", s.last_updated_date().map(ts))
        .put("tags", serde_json::to_value(map(s.tags())).ok())
        .build()
}

async fn domain_names(cx: &Cx, ag: &aws_sdk_apigateway::Client) {
    if !cx.wants(DOMAIN_NAME) {
        return;
    }
    let mut position: Option<String> = None;
    loop {
        match cx.call(ag.get_domain_names().limit(500).set_position(position.clone()).send()).await {
            Ok(out) => {
                for d in out.items() {
                    let Some(name) = d.domain_name() else { continue };
                    let config = Obj::new()
                        .put("domainName", name)
                        .put("securityPolicy", d.security_policy().map(|x| x.as_str()))
                        .put("endpointConfiguration", d.endpoint_configuration().map(endpoint_configuration))
                        .put("certificateArn", d.certificate_arn())
                        .put("regionalCertificateArn", d.regional_certificate_arn())
                        .put("domainNameStatus", d.domain_name_status().map(|x| x.as_str()))
                        .put("regionalDomainName", d.regional_domain_name())
                        .put("distributionDomainName", d.distribution_domain_name())
                        .put("tags", serde_json::to_value(map(d.tags())).ok())
                        .build();
                    let id = format!("arn:aws:apigateway:{}::/domainnames/{name}", cx.region);
                    emit(cx, DOMAIN_NAME, id, name.to_string(), map(d.tags()), config);
                }
                position = out.position().map(str::to_string);
                if position.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(&[DOMAIN_NAME], "API Gateway GetDomainNames", &f),
        }
    }
}
