//! Elastic Beanstalk: environments with their option settings (environment
//! property values redacted).

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_elasticbeanstalk::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource, redact};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, ts};

pub const ENVIRONMENT: &str = "aws.elasticbeanstalk.environment";
pub const KINDS: &[&str] = &[ENVIRONMENT];

pub const OPS: &[Operation] = &[
    Operation {
        service: "elasticbeanstalk",
        name: "DescribeEnvironments",
        permission: "elasticbeanstalk:DescribeEnvironments",
        kinds: KINDS,
    },
    Operation {
        service: "elasticbeanstalk",
        name: "DescribeConfigurationSettings",
        permission: "elasticbeanstalk:DescribeConfigurationSettings",
        kinds: KINDS,
    },
];

/// Namespace whose values are the application's environment properties.
const ENV_NAMESPACE: &str = "aws:elasticbeanstalk:application:environment";

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let eb = clients.beanstalk(&cx.region);
    let mut envs = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match cx.call(eb.describe_environments().include_deleted(false).set_next_token(token.clone()).send()).await {
            Ok(out) => {
                envs.extend(out.environments().iter().cloned());
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "Elastic Beanstalk DescribeEnvironments", &f),
        }
    }
    for e in envs.iter().filter(|e| {
        !matches!(e.status(), Some(t::EnvironmentStatus::Terminated) | Some(t::EnvironmentStatus::Terminating))
    }) {
        let (Some(app), Some(name)) = (e.application_name(), e.environment_name()) else { continue };
        let settings = match cx
            .call(eb.describe_configuration_settings().application_name(app).environment_name(name).send())
            .await
        {
            Ok(s) => s,
            Err(f) => {
                cx.gap(KINDS, &format!("Elastic Beanstalk DescribeConfigurationSettings of environment {name}"), &f);
                continue;
            }
        };
        let options = settings.configuration_settings().first().map(|c| c.option_settings()).unwrap_or_default();
        let mut config = environment(e);
        if let Some(obj) = config.as_object_mut() {
            obj.insert("OptionSettings".into(), option_settings(options));
        }
        let arn = e.environment_arn().map_or_else(
            || format!("arn:aws:elasticbeanstalk:{}:{}:environment/{app}/{name}", cx.region, cx.account),
            str::to_string,
        );
        cx.sink.resource(Resource {
            kind: ENVIRONMENT.into(),
            id: arn,
            account: cx.account.clone(),
            region: cx.region.clone(),
            name: name.to_string(),
            tags: BTreeMap::new(),
            config,
        });
    }
}

pub fn environment(e: &t::EnvironmentDescription) -> Value {
    Obj::new()
        .put("EnvironmentName", e.environment_name())
        .put("EnvironmentId", e.environment_id())
        .put("ApplicationName", e.application_name())
        .put("EnvironmentArn", e.environment_arn())
        .put("VersionLabel", e.version_label())
        .put("SolutionStackName", e.solution_stack_name())
        .put("PlatformArn", e.platform_arn())
        .put("Description", e.description())
        .put("EndpointURL", e.endpoint_url())
        .put("CNAME", e.cname())
        .put("DateCreated", e.date_created().map(ts))
        .put("DateUpdated", e.date_updated().map(ts))
        .put("Status", e.status().map(|x| x.as_str()))
        .put("Health", e.health().map(|x| x.as_str()))
        .put("HealthStatus", e.health_status().map(|x| x.as_str()))
        .put(
            "Tier",
            e.tier()
                .map(|t| Obj::new().put("Name", t.name()).put("Type", t.r#type()).put("Version", t.version()).build()),
        )
        .build()
}

/// Option settings; environment property values redacted when they look secret.
pub fn option_settings(options: &[t::ConfigurationOptionSetting]) -> Value {
    arr(options, |o| {
        let value = match (o.namespace(), o.option_name(), o.value()) {
            (Some(ENV_NAMESPACE), Some(name), Some(v)) => {
                Some(redact::redact_value(name, v).unwrap_or_else(|| v.to_string()))
            }
            (_, _, v) => v.map(str::to_string),
        };
        Obj::new()
            .put("Namespace", o.namespace())
            .put("OptionName", o.option_name())
            .put("Value", value)
            .put("ResourceName", o.resource_name())
            .build()
    })
}
