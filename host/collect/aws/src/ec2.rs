//! EC2: security groups, instances, volumes, snapshots, images, VPCs with
//! flow logs, EBS encryption by default. (SSM managed nodes: `ssm.rs`.)

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_ec2::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, name_tag, tags, ts};

pub const SECURITY_GROUP: &str = "aws.ec2.security-group";
pub const INSTANCE: &str = "aws.ec2.instance";
pub const VOLUME: &str = "aws.ec2.volume";
pub const SNAPSHOT: &str = "aws.ec2.snapshot";
pub const IMAGE: &str = "aws.ec2.image";
pub const EBS_DEFAULT: &str = "aws.ec2.ebs-encryption-by-default";
pub const VPC: &str = "aws.ec2.vpc";
pub const KINDS: &[&str] = &[SECURITY_GROUP, INSTANCE, VOLUME, SNAPSHOT, IMAGE, EBS_DEFAULT, VPC];

pub const OPS: &[Operation] = &[
    Operation {
        service: "ec2",
        name: "DescribeSecurityGroups",
        permission: "ec2:DescribeSecurityGroups",
        kinds: &[SECURITY_GROUP],
    },
    Operation { service: "ec2", name: "DescribeInstances", permission: "ec2:DescribeInstances", kinds: &[INSTANCE] },
    Operation { service: "ec2", name: "DescribeVolumes", permission: "ec2:DescribeVolumes", kinds: &[VOLUME] },
    Operation { service: "ec2", name: "DescribeSnapshots", permission: "ec2:DescribeSnapshots", kinds: &[SNAPSHOT] },
    Operation {
        service: "ec2",
        name: "DescribeSnapshotAttribute",
        permission: "ec2:DescribeSnapshotAttribute",
        kinds: &[SNAPSHOT],
    },
    Operation { service: "ec2", name: "DescribeImages", permission: "ec2:DescribeImages", kinds: &[IMAGE] },
    Operation {
        service: "ec2",
        name: "DescribeImageAttribute",
        permission: "ec2:DescribeImageAttribute",
        kinds: &[IMAGE],
    },
    Operation {
        service: "ec2",
        name: "GetEbsEncryptionByDefault",
        permission: "ec2:GetEbsEncryptionByDefault",
        kinds: &[EBS_DEFAULT],
    },
    Operation {
        service: "ec2",
        name: "GetEbsDefaultKmsKeyId",
        permission: "ec2:GetEbsDefaultKmsKeyId",
        kinds: &[EBS_DEFAULT],
    },
    Operation { service: "ec2", name: "DescribeVpcs", permission: "ec2:DescribeVpcs", kinds: &[VPC] },
    Operation { service: "ec2", name: "DescribeFlowLogs", permission: "ec2:DescribeFlowLogs", kinds: &[VPC] },
];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let ec2 = clients.ec2(&cx.region);
    tokio::join!(
        security_groups(&cx, &ec2),
        instances(&cx, &ec2),
        volumes(&cx, &ec2),
        snapshots(&cx, &ec2),
        images(&cx, &ec2),
        ebs_default(&cx, &ec2),
        vpcs(&cx, &ec2),
    );
}

fn arn(cx: &Cx, what: &str, id: &str) -> String {
    format!("arn:aws:ec2:{}:{}:{what}/{id}", cx.region, cx.account)
}

fn ec2_tags(items: &[t::Tag]) -> (Value, BTreeMap<String, String>) {
    tags(items, |t| (t.key(), t.value()))
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

/// Runs a `NextToken`-paginated EC2 list; `None` after recording a gap.
macro_rules! paged {
    ($cx:expr, $kind:expr, $what:literal, |$token:ident| $call:expr, |$out:ident| $items:expr) => {{
        let mut all = Vec::new();
        let mut $token: Option<String> = None;
        loop {
            match $cx.call($call).await {
                Ok($out) => {
                    all.extend($items.iter().cloned());
                    $token = $out.next_token().map(str::to_string);
                    if $token.is_none() {
                        break Some(all);
                    }
                }
                Err(f) => {
                    $cx.gap(&[$kind], $what, &f);
                    break None;
                }
            }
        }
    }};
}

pub fn ip_permission(p: &t::IpPermission) -> Value {
    Obj::new()
        .put("IpProtocol", p.ip_protocol())
        .put("FromPort", p.from_port())
        .put("ToPort", p.to_port())
        .put(
            "IpRanges",
            arr(p.ip_ranges(), |r| Obj::new().put("CidrIp", r.cidr_ip()).put("Description", r.description()).build()),
        )
        .put(
            "Ipv6Ranges",
            arr(p.ipv6_ranges(), |r| {
                Obj::new().put("CidrIpv6", r.cidr_ipv6()).put("Description", r.description()).build()
            }),
        )
        .put(
            "UserIdGroupPairs",
            arr(p.user_id_group_pairs(), |g| {
                Obj::new()
                    .put("GroupId", g.group_id())
                    .put("GroupName", g.group_name())
                    .put("UserId", g.user_id())
                    .put("VpcId", g.vpc_id())
                    .put("Description", g.description())
                    .build()
            }),
        )
        .put(
            "PrefixListIds",
            arr(p.prefix_list_ids(), |l| {
                Obj::new().put("PrefixListId", l.prefix_list_id()).put("Description", l.description()).build()
            }),
        )
        .build()
}

pub fn security_group(g: &t::SecurityGroup) -> (Value, BTreeMap<String, String>) {
    let (tag_list, tag_map) = ec2_tags(g.tags());
    let v = Obj::new()
        .put("GroupId", g.group_id())
        .put("GroupName", g.group_name())
        .put("VpcId", g.vpc_id())
        .put("Description", g.description())
        .put("OwnerId", g.owner_id())
        .put("SecurityGroupArn", g.security_group_arn())
        .put("Tags", tag_list)
        .put("IpPermissions", arr(g.ip_permissions(), ip_permission))
        .put("IpPermissionsEgress", arr(g.ip_permissions_egress(), ip_permission))
        .build();
    (v, tag_map)
}

async fn security_groups(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(SECURITY_GROUP) {
        return;
    }
    let Some(groups) = paged!(
        cx,
        SECURITY_GROUP,
        "EC2 DescribeSecurityGroups",
        |token| ec2.describe_security_groups().set_next_token(token.clone()).send(),
        |out| out.security_groups()
    ) else {
        return;
    };
    for g in &groups {
        let id = g.group_id().unwrap_or_default();
        let (config, tag_map) = security_group(g);
        let rid = g.security_group_arn().map_or_else(|| arn(cx, "security-group", id), str::to_string);
        let name = name_tag(&tag_map).or_else(|| g.group_name().map(str::to_string)).unwrap_or_else(|| id.into());
        emit(cx, SECURITY_GROUP, rid, name, tag_map, config);
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

pub fn instance(i: &t::Instance) -> (Value, BTreeMap<String, String>) {
    let (tag_list, tag_map) = ec2_tags(i.tags());
    let v = Obj::new()
        .put("InstanceId", i.instance_id())
        .put("ImageId", i.image_id())
        .put("InstanceType", i.instance_type().map(|x| x.as_str()))
        .put("KeyName", non_empty(i.key_name()))
        .put("LaunchTime", i.launch_time().map(ts))
        .put(
            "State",
            i.state().map(|s| Obj::new().put("Name", s.name().map(|n| n.as_str())).put("Code", s.code()).build()),
        )
        .put("Placement", i.placement().map(|p| Obj::new().put("AvailabilityZone", p.availability_zone()).build()))
        .put("VpcId", i.vpc_id())
        .put("SubnetId", i.subnet_id())
        .put("PrivateIpAddress", non_empty(i.private_ip_address()))
        .put("PublicIpAddress", non_empty(i.public_ip_address()))
        .put("PublicDnsName", non_empty(i.public_dns_name()))
        .put("PrivateDnsName", non_empty(i.private_dns_name()))
        .put(
            "IamInstanceProfile",
            i.iam_instance_profile().map(|p| Obj::new().put("Arn", p.arn()).put("Id", p.id()).build()),
        )
        .put(
            "SecurityGroups",
            arr(i.security_groups(), |g| {
                Obj::new().put("GroupId", g.group_id()).put("GroupName", g.group_name()).build()
            }),
        )
        .put(
            "MetadataOptions",
            i.metadata_options().map(|m| {
                Obj::new()
                    .put("HttpTokens", m.http_tokens().map(|x| x.as_str()))
                    .put("HttpEndpoint", m.http_endpoint().map(|x| x.as_str()))
                    .put("HttpPutResponseHopLimit", m.http_put_response_hop_limit())
                    .put("State", m.state().map(|x| x.as_str()))
                    .put("InstanceMetadataTags", m.instance_metadata_tags().map(|x| x.as_str()))
                    .build()
            }),
        )
        .put(
            "BlockDeviceMappings",
            arr(i.block_device_mappings(), |b| {
                Obj::new()
                    .put("DeviceName", b.device_name())
                    .put(
                        "Ebs",
                        b.ebs().map(|e| {
                            Obj::new()
                                .put("VolumeId", e.volume_id())
                                .put("Status", e.status().map(|x| x.as_str()))
                                .put("AttachTime", e.attach_time().map(ts))
                                .put("DeleteOnTermination", e.delete_on_termination())
                                .build()
                        }),
                    )
                    .build()
            }),
        )
        .put("Monitoring", i.monitoring().map(|m| Obj::new().put("State", m.state().map(|x| x.as_str())).build()))
        .put("Tags", tag_list)
        .put("Architecture", i.architecture().map(|x| x.as_str()))
        .put("PlatformDetails", i.platform_details())
        .put("RootDeviceName", i.root_device_name())
        .put("RootDeviceType", i.root_device_type().map(|x| x.as_str()))
        .put("EbsOptimized", i.ebs_optimized())
        .build();
    (v, tag_map)
}

async fn instances(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(INSTANCE) {
        return;
    }
    let Some(reservations) = paged!(
        cx,
        INSTANCE,
        "EC2 DescribeInstances",
        |token| ec2.describe_instances().set_next_token(token.clone()).send(),
        |out| out.reservations()
    ) else {
        return;
    };
    let instances: Vec<&t::Instance> = reservations
        .iter()
        .flat_map(|r| r.instances())
        .filter(|i| i.state().and_then(|s| s.name()) != Some(&t::InstanceStateName::Terminated))
        .collect();
    for i in instances {
        let id = i.instance_id().unwrap_or_default();
        let (config, tag_map) = instance(i);
        let name = name_tag(&tag_map).unwrap_or_else(|| id.to_string());
        emit(cx, INSTANCE, arn(cx, "instance", id), name, tag_map, config);
    }
}

pub fn volume(v: &t::Volume) -> (Value, BTreeMap<String, String>) {
    let (tag_list, tag_map) = ec2_tags(v.tags());
    let c = Obj::new()
        .put("VolumeId", v.volume_id())
        .put("Encrypted", v.encrypted())
        .put("KmsKeyId", v.kms_key_id())
        .put("Size", v.size())
        .put("VolumeType", v.volume_type().map(|x| x.as_str()))
        .put("State", v.state().map(|x| x.as_str()))
        .put(
            "Attachments",
            arr(v.attachments(), |a| {
                Obj::new()
                    .put("InstanceId", a.instance_id())
                    .put("Device", a.device())
                    .put("State", a.state().map(|x| x.as_str()))
                    .put("DeleteOnTermination", a.delete_on_termination())
                    .put("AttachTime", a.attach_time().map(ts))
                    .build()
            }),
        )
        .put("CreateTime", v.create_time().map(ts))
        .put("Tags", tag_list)
        .put("AvailabilityZone", v.availability_zone())
        .put("Iops", v.iops())
        .put("Throughput", v.throughput())
        .put("MultiAttachEnabled", v.multi_attach_enabled())
        .put("SnapshotId", non_empty(v.snapshot_id()))
        .build();
    (c, tag_map)
}

async fn volumes(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(VOLUME) {
        return;
    }
    let Some(vols) = paged!(
        cx,
        VOLUME,
        "EC2 DescribeVolumes",
        |token| ec2.describe_volumes().set_next_token(token.clone()).send(),
        |out| out.volumes()
    ) else {
        return;
    };
    for v in &vols {
        let id = v.volume_id().unwrap_or_default();
        let (config, tag_map) = volume(v);
        let name = name_tag(&tag_map).unwrap_or_else(|| id.to_string());
        emit(cx, VOLUME, arn(cx, "volume", id), name, tag_map, config);
    }
}

pub fn snapshot(s: &t::Snapshot, perms: &[t::CreateVolumePermission]) -> (Value, BTreeMap<String, String>) {
    let (tag_list, tag_map) = ec2_tags(s.tags());
    let c = Obj::new()
        .put("SnapshotId", s.snapshot_id())
        .put("VolumeId", s.volume_id())
        .put("Encrypted", s.encrypted())
        .put("KmsKeyId", s.kms_key_id())
        .put("OwnerId", s.owner_id())
        .put("State", s.state().map(|x| x.as_str()))
        .put("StartTime", s.start_time().map(ts))
        .put("VolumeSize", s.volume_size())
        .put("Description", s.description())
        .put("StorageTier", s.storage_tier().map(|x| x.as_str()))
        .put("Tags", tag_list)
        .put(
            "CreateVolumePermissions",
            arr(perms, |p| Obj::new().put("Group", p.group().map(|g| g.as_str())).put("UserId", p.user_id()).build()),
        )
        .build();
    (c, tag_map)
}

async fn snapshots(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(SNAPSHOT) {
        return;
    }
    let Some(snaps) = paged!(
        cx,
        SNAPSHOT,
        "EC2 DescribeSnapshots",
        |token| ec2.describe_snapshots().owner_ids("self").set_next_token(token.clone()).send(),
        |out| out.snapshots()
    ) else {
        return;
    };
    for s in &snaps {
        let id = s.snapshot_id().unwrap_or_default();
        let call = ec2
            .describe_snapshot_attribute()
            .snapshot_id(id)
            .attribute(t::SnapshotAttributeName::CreateVolumePermission)
            .send();
        let perms = match cx.call(call).await {
            Ok(out) => out.create_volume_permissions().to_vec(),
            Err(f) => {
                cx.gap(&[SNAPSHOT], &format!("EC2 DescribeSnapshotAttribute of snapshot {id}"), &f);
                continue;
            }
        };
        let (config, tag_map) = snapshot(s, &perms);
        let name = name_tag(&tag_map).unwrap_or_else(|| id.to_string());
        let rid = format!("arn:aws:ec2:{}::snapshot/{id}", cx.region);
        emit(cx, SNAPSHOT, rid, name, tag_map, config);
    }
}

pub fn image(i: &t::Image, perms: &[t::LaunchPermission]) -> (Value, BTreeMap<String, String>) {
    let (tag_list, tag_map) = ec2_tags(i.tags());
    let c = Obj::new()
        .put("ImageId", i.image_id())
        .put("Name", i.name())
        .put("Description", i.description())
        .put("OwnerId", i.owner_id())
        .put("Public", i.public())
        .put("State", i.state().map(|x| x.as_str()))
        .put("CreationDate", i.creation_date())
        .put("DeprecationTime", i.deprecation_time())
        .put(
            "BlockDeviceMappings",
            arr(i.block_device_mappings(), |b| {
                Obj::new()
                    .put("DeviceName", b.device_name())
                    .put(
                        "Ebs",
                        b.ebs().map(|e| {
                            Obj::new()
                                .put("SnapshotId", e.snapshot_id())
                                .put("Encrypted", e.encrypted())
                                .put("VolumeSize", e.volume_size())
                                .put("VolumeType", e.volume_type().map(|x| x.as_str()))
                                .build()
                        }),
                    )
                    .build()
            }),
        )
        .put("Tags", tag_list)
        .put("Architecture", i.architecture().map(|x| x.as_str()))
        .put("PlatformDetails", i.platform_details())
        .put("ImageLocation", i.image_location())
        .put(
            "LaunchPermissions",
            arr(perms, |p| {
                Obj::new()
                    .put("Group", p.group().map(|g| g.as_str()))
                    .put("UserId", p.user_id())
                    .put("OrganizationArn", p.organization_arn())
                    .put("OrganizationalUnitArn", p.organizational_unit_arn())
                    .build()
            }),
        )
        .build();
    (c, tag_map)
}

async fn images(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(IMAGE) {
        return;
    }
    let Some(images) = paged!(
        cx,
        IMAGE,
        "EC2 DescribeImages",
        |token| ec2.describe_images().owners("self").set_next_token(token.clone()).send(),
        |out| out.images()
    ) else {
        return;
    };
    for i in &images {
        let id = i.image_id().unwrap_or_default();
        let call =
            ec2.describe_image_attribute().image_id(id).attribute(t::ImageAttributeName::LaunchPermission).send();
        let perms = match cx.call(call).await {
            Ok(out) => out.launch_permissions().to_vec(),
            Err(f) => {
                cx.gap(&[IMAGE], &format!("EC2 DescribeImageAttribute of image {id}"), &f);
                continue;
            }
        };
        let (config, tag_map) = image(i, &perms);
        let name = i.name().map(str::to_string).unwrap_or_else(|| id.to_string());
        let rid = format!("arn:aws:ec2:{}::image/{id}", cx.region);
        emit(cx, IMAGE, rid, name, tag_map, config);
    }
}

async fn ebs_default(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(EBS_DEFAULT) {
        return;
    }
    let (enc, key) = tokio::join!(
        cx.call(ec2.get_ebs_encryption_by_default().send()),
        cx.call(ec2.get_ebs_default_kms_key_id().send()),
    );
    let enc = match enc {
        Ok(v) => v,
        Err(f) => {
            cx.gap(&[EBS_DEFAULT], "EC2 GetEbsEncryptionByDefault", &f);
            return;
        }
    };
    // The default key is a detail of the setting: without it the setting is
    // still emitted, and the gap says the key could not be read.
    let key = match key {
        Ok(k) => k.kms_key_id().map(str::to_string),
        Err(f) => {
            cx.gap(&[EBS_DEFAULT], "EC2 GetEbsDefaultKmsKeyId", &f);
            None
        }
    };
    let config = Obj::new()
        .put("EbsEncryptionByDefault", enc.ebs_encryption_by_default())
        .put("SseType", enc.sse_type().map(|x| x.as_str()))
        .put("KmsKeyId", key)
        .build();
    emit(
        cx,
        EBS_DEFAULT,
        format!("arn:aws:ec2:{}:{}:ebs-encryption-by-default", cx.region, cx.account),
        "EBS encryption by default".into(),
        BTreeMap::new(),
        config,
    );
}

pub fn flow_log(f: &t::FlowLog) -> Value {
    Obj::new()
        .put("FlowLogId", f.flow_log_id())
        .put("FlowLogStatus", f.flow_log_status())
        .put("DeliverLogsStatus", f.deliver_logs_status())
        .put("TrafficType", f.traffic_type().map(|x| x.as_str()))
        .put("LogDestinationType", f.log_destination_type().map(|x| x.as_str()))
        .put("LogDestination", f.log_destination())
        .put("LogGroupName", f.log_group_name())
        .put("ResourceId", f.resource_id())
        .put("CreationTime", f.creation_time().map(ts))
        .build()
}

async fn vpcs(cx: &Cx, ec2: &aws_sdk_ec2::Client) {
    if !cx.wants(VPC) {
        return;
    }
    let Some(vpcs) =
        paged!(cx, VPC, "EC2 DescribeVpcs", |token| ec2.describe_vpcs().set_next_token(token.clone()).send(), |out| {
            out.vpcs()
        })
    else {
        return;
    };
    if vpcs.is_empty() {
        return;
    }
    // One DescribeFlowLogs for the region, grouped by VPC.
    let Some(logs) = paged!(
        cx,
        VPC,
        "EC2 DescribeFlowLogs",
        |token| ec2.describe_flow_logs().set_next_token(token.clone()).send(),
        |out| out.flow_logs()
    ) else {
        return;
    };
    for v in &vpcs {
        let id = v.vpc_id().unwrap_or_default();
        let (tag_list, tag_map) = ec2_tags(v.tags());
        let mine: Vec<Value> = logs.iter().filter(|l| l.resource_id() == Some(id)).map(flow_log).collect();
        let config = Obj::new()
            .put("VpcId", id)
            .put("IsDefault", v.is_default())
            .put("CidrBlock", v.cidr_block())
            .put("State", v.state().map(|x| x.as_str()))
            .put("OwnerId", v.owner_id())
            .put("Tags", tag_list)
            .put("FlowLogs", mine)
            .build();
        let name = name_tag(&tag_map).unwrap_or_else(|| id.to_string());
        emit(cx, VPC, arn(cx, "vpc", id), name, tag_map, config);
    }
}
