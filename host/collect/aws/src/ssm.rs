//! Systems Manager: the region's managed nodes (DescribeInstanceInformation)
//! with their patch states (DescribeInstancePatchStates). A kind of its own,
//! so that SSM being unreadable (denied, not emulated) is a gap on this kind
//! only and leaves the EC2 instance checks their verdicts.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_sdk_ssm::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, ts};

pub const MANAGED_INSTANCE: &str = "aws.ssm.managed-instance";
pub const KINDS: &[&str] = &[MANAGED_INSTANCE];

pub const OPS: &[Operation] = &[
    Operation {
        service: "ssm",
        name: "DescribeInstanceInformation",
        permission: "ssm:DescribeInstanceInformation",
        kinds: &[MANAGED_INSTANCE],
    },
    Operation {
        service: "ssm",
        name: "DescribeInstancePatchStates",
        permission: "ssm:DescribeInstancePatchStates",
        kinds: &[MANAGED_INSTANCE],
    },
];

/// One element of `InstanceInformationList`, as the API names it.
pub fn instance_information(i: &t::InstanceInformation) -> Value {
    Obj::new()
        .put("InstanceId", i.instance_id())
        .put("PingStatus", i.ping_status().map(|x| x.as_str()))
        .put("LastPingDateTime", i.last_ping_date_time().map(ts))
        .put("AgentVersion", i.agent_version())
        .put("IsLatestVersion", i.is_latest_version())
        .put("PlatformType", i.platform_type().map(|x| x.as_str()))
        .put("PlatformName", i.platform_name())
        .put("PlatformVersion", i.platform_version())
        .put("ResourceType", i.resource_type().map(|x| x.as_str()))
        .put("IamRole", i.iam_role())
        .put("ActivationId", i.activation_id())
        .put("RegistrationDate", i.registration_date().map(ts))
        .put("Name", i.name())
        .put("ComputerName", i.computer_name())
        .put("IPAddress", i.ip_address())
        .put("AssociationStatus", i.association_status())
        .put("LastAssociationExecutionDate", i.last_association_execution_date().map(ts))
        .put("LastSuccessfulAssociationExecutionDate", i.last_successful_association_execution_date().map(ts))
        .put("SourceId", i.source_id())
        .put("SourceType", i.source_type().map(|x| x.as_str()))
        .build()
}

/// One element of `InstancePatchStates`, as the API names it.
pub fn patch_state(p: &t::InstancePatchState) -> Value {
    Obj::new()
        .put("InstanceId", p.instance_id())
        .put("PatchGroup", p.patch_group())
        .put("BaselineId", p.baseline_id())
        .put("Operation", p.operation().as_str())
        .put("OperationStartTime", ts(p.operation_start_time()))
        .put("OperationEndTime", ts(p.operation_end_time()))
        .put("RebootOption", p.reboot_option().map(|x| x.as_str()))
        .put("InstalledCount", p.installed_count())
        .put("InstalledOtherCount", p.installed_other_count())
        .put("InstalledPendingRebootCount", p.installed_pending_reboot_count())
        .put("InstalledRejectedCount", p.installed_rejected_count())
        .put("MissingCount", p.missing_count())
        .put("FailedCount", p.failed_count())
        .put("NotApplicableCount", p.not_applicable_count())
        .put("CriticalNonCompliantCount", p.critical_non_compliant_count())
        .put("SecurityNonCompliantCount", p.security_non_compliant_count())
        .put("OtherNonCompliantCount", p.other_non_compliant_count())
        .build()
}

/// The documented config: the managed node, with its patch state under
/// `PatchState` when a scan has reported.
pub fn managed_instance(i: &t::InstanceInformation, patch: Option<Value>) -> Value {
    let mut v = instance_information(i);
    if let (Some(obj), Some(p)) = (v.as_object_mut(), patch) {
        obj.insert("PatchState".into(), p);
    }
    v
}

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    if !cx.wants(MANAGED_INSTANCE) {
        return;
    }
    let ssm = clients.ssm(&cx.region);
    let mut nodes: Vec<t::InstanceInformation> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match cx.call(ssm.describe_instance_information().set_next_token(token.clone()).send()).await {
            Ok(out) => {
                nodes.extend(out.instance_information_list().iter().cloned());
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "SSM DescribeInstanceInformation", &f),
        }
    }
    nodes.retain(|n| n.instance_id().is_some_and(|id| !id.is_empty()));
    if nodes.is_empty() {
        return;
    }
    // Patch states of the managed nodes, 50 ids a call. If they cannot be
    // read, the nodes are still emitted without `PatchState` and the kind
    // gets a gap for the region (its checks report error there).
    let mut patches: HashMap<String, Value> = HashMap::new();
    let ids: Vec<String> = nodes.iter().filter_map(|n| n.instance_id().map(str::to_string)).collect();
    'chunks: for chunk in ids.chunks(50) {
        let mut token: Option<String> = None;
        loop {
            let call = ssm
                .describe_instance_patch_states()
                .set_instance_ids(Some(chunk.to_vec()))
                .set_next_token(token.clone());
            match cx.call(call.send()).await {
                Ok(out) => {
                    for p in out.instance_patch_states() {
                        patches.insert(p.instance_id().to_string(), patch_state(p));
                    }
                    token = out.next_token().map(str::to_string);
                    if token.is_none() {
                        break;
                    }
                }
                Err(f) => {
                    cx.gap(KINDS, "SSM DescribeInstancePatchStates", &f);
                    break 'chunks;
                }
            }
        }
    }
    for n in &nodes {
        let id = n.instance_id().unwrap_or_default();
        let config = managed_instance(n, patches.remove(id));
        cx.sink.resource(Resource {
            kind: MANAGED_INSTANCE.into(),
            id: format!("arn:aws:ssm:{}:{}:managed-instance/{id}", cx.region, cx.account),
            account: cx.account.clone(),
            region: cx.region.clone(),
            name: id.to_string(),
            tags: BTreeMap::new(),
            config,
        });
    }
}
