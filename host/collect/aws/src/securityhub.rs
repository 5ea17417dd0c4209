//! Security Hub: whether it is enabled in the region, and its standards.

use std::collections::BTreeMap;
use std::sync::Arc;

use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr};

pub const REGION_SETTINGS: &str = "aws.securityhub.region-settings";
pub const KINDS: &[&str] = &[REGION_SETTINGS];

pub const OPS: &[Operation] = &[
    Operation { service: "securityhub", name: "DescribeHub", permission: "securityhub:DescribeHub", kinds: KINDS },
    Operation {
        service: "securityhub",
        name: "GetEnabledStandards",
        permission: "securityhub:GetEnabledStandards",
        kinds: KINDS,
    },
];

/// "Not subscribed" answers: Security Hub is off in the region.
fn not_subscribed(f: &crate::call::Failure) -> bool {
    f.not_found
        || f.error_code.as_deref() == Some("InvalidAccessException")
            && f.message.to_ascii_lowercase().contains("not subscribed")
}

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let sh = clients.securityhub(&cx.region);
    let hub = match cx.call(sh.describe_hub().send()).await {
        Ok(h) => Some(h),
        Err(f) if not_subscribed(&f) => None,
        Err(f) => return cx.gap(KINDS, "Security Hub DescribeHub", &f),
    };
    let mut config = Obj::new();
    if let Some(h) = &hub {
        config = config
            .put("HubArn", h.hub_arn())
            .put("SubscribedAt", h.subscribed_at())
            .put("AutoEnableControls", h.auto_enable_controls())
            .put("ControlFindingGenerator", h.control_finding_generator().map(|x| x.as_str()));
        let mut subs = Vec::new();
        let mut token: Option<String> = None;
        loop {
            match cx.call(sh.get_enabled_standards().set_next_token(token.clone()).send()).await {
                Ok(out) => {
                    subs.extend(out.standards_subscriptions().iter().cloned());
                    token = out.next_token().map(str::to_string);
                    if token.is_none() {
                        config = config.put(
                            "StandardsSubscriptions",
                            arr(&subs, |s| {
                                Obj::new()
                                    .put("StandardsArn", s.standards_arn())
                                    .put("StandardsSubscriptionArn", s.standards_subscription_arn())
                                    .put("StandardsStatus", s.standards_status().map(|x| x.as_str()))
                                    .build()
                            }),
                        );
                        break;
                    }
                }
                Err(f) => {
                    // The hub is enabled; only its standards are unknown: the
                    // setting is still emitted and the gap says what is missing.
                    cx.gap(KINDS, "Security Hub GetEnabledStandards", &f);
                    break;
                }
            }
        }
    }
    cx.sink.resource(Resource {
        kind: REGION_SETTINGS.into(),
        id: format!("arn:aws:securityhub:{}:{}:region-settings", cx.region, cx.account),
        account: cx.account.clone(),
        region: cx.region.clone(),
        name: "Security Hub settings".into(),
        tags: BTreeMap::new(),
        config: config.build(),
    });
}
