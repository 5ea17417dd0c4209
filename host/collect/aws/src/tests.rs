//! Unit tests: registry, permissions, the call recorder against a local
//! recorded-response server, conversions of documented shapes, redaction.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use splitline_collect::{Collector, GapCode, ProviderProgress, Request, Sink, read_only_violations};

use super::*;

fn workspace() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

#[test]
fn registry_is_read_only_and_rendered_whole() {
    assert!(
        read_only_violations("aws", Aws::operations()).is_empty(),
        "{:?}",
        read_only_violations("aws", Aws::operations())
    );
    let policy: serde_json::Value = serde_json::from_str(&Aws::permissions(None)).unwrap();
    let st = &policy["Statement"][0];
    assert_eq!(policy["Version"], "2012-10-17");
    assert_eq!(st["Sid"], "SplitlineReadOnly");
    assert_eq!(st["Effect"], "Allow");
    assert_eq!(st["Resource"], "*");
    let actions: Vec<&str> = st["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    let mut sorted = actions.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(actions, sorted, "sorted and unique");
    let registry: BTreeSet<&str> = Aws::operations().iter().map(|o| o.permission).collect();
    assert_eq!(actions.iter().copied().collect::<BTreeSet<_>>(), registry);
    // One entry per (service, operation).
    let mut seen = BTreeSet::new();
    for op in Aws::operations() {
        assert!(seen.insert((op.service, op.name)), "duplicate {}:{}", op.service, op.name);
        assert_ne!(registry_service_known(op.service), None, "{}", op.service);
    }
}

fn registry_service_known(s: &str) -> Option<&str> {
    [
        "S3",
        "S3Control",
        "EC2",
        "IAM",
        "Lambda",
        "RDS",
        "KMS",
        "CloudTrail",
        "GuardDuty",
        "ConfigService",
        "SecurityHub",
        "APIGateway",
        "ElasticBeanstalk",
        "SSM",
        "STS",
        "AccessAnalyzer",
    ]
    .into_iter()
    .map(registry_service)
    .find(|r| *r == s)
}

#[test]
fn permissions_follow_the_kinds() {
    let only_lambda = Aws::permissions(Some(&["aws.lambda.function".to_string()]));
    let v: serde_json::Value = serde_json::from_str(&only_lambda).unwrap();
    let actions: Vec<&str> =
        v["Statement"][0]["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "ec2:DescribeRegions",
            "lambda:GetFunctionUrlConfig",
            "lambda:GetPolicy",
            "lambda:ListFunctions",
            "lambda:ListTags",
            "sts:GetCallerIdentity"
        ]
    );
    for (op, perm) in [
        ("ListBuckets", "s3:ListAllMyBuckets"),
        ("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
        ("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
        ("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    ] {
        assert!(Aws::operations().iter().any(|o| o.service == "s3" && o.name == op && o.permission == perm), "{op}");
    }
    assert!(
        Aws::operations().iter().any(|o| o.service == "s3control" && o.permission == "s3:GetAccountPublicAccessBlock")
    );
}

/// Every kind of `docs/kinds/aws.md` is collected, and nothing else.
#[test]
fn every_documented_kind_is_collected() {
    let doc = std::fs::read_to_string(workspace().join("docs/kinds/aws.md")).unwrap();
    let documented: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("## `"))
        .filter_map(|l| l.strip_suffix('`'))
        .map(str::to_string)
        .collect();
    let ours: BTreeSet<String> = kinds().into_iter().map(str::to_string).collect();
    assert_eq!(ours, documented);
    // And every kind has at least one registry operation.
    for k in kinds() {
        assert!(Aws::operations().iter().any(|o| o.kinds.contains(&k)), "{k}");
    }
}

#[test]
fn credentials_are_detected_without_network() {
    let none = |_: &str| None;
    let dir = std::env::temp_dir().join(format!("splitline-aws-home-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert!(!credentials_configured_in(&none, Some(&dir)));
    let key = |k: &str| (k == "AWS_ACCESS_KEY_ID").then(|| "AKIA".into());
    assert!(credentials_configured_in(&key, Some(&dir)));
    let container = |k: &str| (k == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").then(|| "/v2/creds".into());
    assert!(credentials_configured_in(&container, None));
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    std::fs::write(dir.join(".aws/config"), "[default]\nregion = eu-west-1\n").unwrap();
    assert!(credentials_configured_in(&none, Some(&dir)));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn s3_client(url: &str) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::new()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("eu-west-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new("AKIDTEST", "test-secret", None, None, "test"))
        .endpoint_url(url)
        .force_path_style(true)
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::standard().with_max_attempts(1))
        .interceptor(Recorder)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The interceptor records what the SDK sent, by the operation's own
/// metadata, and the call wrapper classifies the outcomes.
#[tokio::test]
async fn the_recorder_notes_what_the_sdk_sent() {
    let server = splitline_collect_testkit::FixtureServer::start(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/recorder"),
    );
    let s3 = s3_client(&server.url());

    // Bare: the task-local slot sees one ListBuckets.
    let (res, sent) = recording(s3.list_buckets().send()).await;
    let out = res.unwrap();
    assert_eq!(out.buckets().len(), 2);
    assert_eq!(sent, [Sent { service: "s3", operation: "ListBuckets".into(), attempts: 1, throttles: 0 }]);

    // Through the call wrapper: the sink gets the calls with their outcomes.
    let progress = ProviderProgress::hidden();
    let sink = Sink::new("aws", &progress);
    let cx = Cx {
        sink: sink.clone(),
        req: Arc::new(Request::new(["aws.s3.bucket".to_string()], 4)),
        account: "123456789012".into(),
        region: "eu-west-1".into(),
        service: "",
    };
    let absent = cx.optional(s3.get_bucket_policy().bucket("open-bucket").send()).await;
    let absent = absent.unwrap_or_else(|f| panic!("{f:?} {:?}", server.requests()));
    assert!(absent.is_none(), "NoSuchBucketPolicy means no policy");
    let denied = cx.optional(s3.get_bucket_policy().bucket("locked-bucket").send()).await.unwrap_err();
    assert_eq!(denied.code, GapCode::AccessDenied);
    assert_eq!(denied.error_code.as_deref(), Some("AccessDenied"));
    let c = sink.finish();
    let calls: Vec<(String, String, String)> =
        c.calls.iter().map(|c| (c.service.clone(), c.operation.clone(), c.outcome.clone())).collect();
    assert_eq!(
        calls,
        [
            ("s3".into(), "GetBucketPolicy".into(), "ok".into()),
            ("s3".into(), "GetBucketPolicy".into(), "access-denied".into())
        ]
    );
    for call in &c.calls {
        assert!(Aws::operations().iter().any(|o| o.service == call.service && o.name == call.operation));
    }
    // What the server saw matches: three requests, all signed.
    let seen = server.requests();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.iter().all(|r| r.authorized && r.matched), "{seen:?}");
}

/// A throttling answer, seen by the interceptor on the attempt, slows the
/// pace of the call's (account, region, service) down; the clean answer
/// after the retries starts to speed it up again.
#[tokio::test]
async fn throttling_answers_slow_their_key_down() {
    use splitline_collect::PaceKey;
    use splitline_collect_testkit::{Fault, FaultProxy, Rule};
    let server = splitline_collect_testkit::FixtureServer::start(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/recorder"),
    );
    let proxy = FaultProxy::start(&server.url());
    proxy.set_rules(vec![
        Rule::new("slow-down", Fault::s3_error(503, "SlowDown", "Please reduce your request rate."))
            .method("GET")
            .path("/")
            .times(2),
    ]);
    let conf = aws_sdk_s3::config::Builder::new()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("eu-west-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new("AKIDTEST", "test-secret", None, None, "test"))
        .endpoint_url(proxy.url())
        .force_path_style(true)
        .retry_config(
            aws_sdk_s3::config::retry::RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(std::time::Duration::from_millis(10)),
        )
        .interceptor(Recorder)
        .build();
    let s3 = aws_sdk_s3::Client::from_conf(conf);
    let sink = Sink::new("aws", &ProviderProgress::hidden());
    let cx = Cx {
        sink: sink.clone(),
        req: Arc::new(Request::new(["aws.s3.bucket".to_string()], 4)),
        account: "123456789012".into(),
        region: "eu-west-1".into(),
        service: "s3",
    };
    let out = cx.call(s3.list_buckets().send()).await.expect("the third attempt succeeds");
    assert_eq!(out.buckets().len(), 2);
    assert_eq!(proxy.hits("slow-down").len(), 2);
    let pacer = cx.req.pacer();
    let stats = pacer.stats();
    assert_eq!((stats.throttles, stats.throttled_keys), (2, 1), "{stats:?}");
    let key = PaceKey { account: "123456789012".into(), region: "eu-west-1".into(), service: "s3".into() };
    // Two throttles (100 ms, then 200 ms), then one clean answer (less an eighth).
    assert_eq!(pacer.interval(&key), std::time::Duration::from_millis(175));
    let other = PaceKey { service: "iam".into(), ..key };
    assert_eq!(pacer.interval(&other), std::time::Duration::ZERO, "other services keep their pace");
}

/// A refused connection is `unavailable`, recorded once per attempt count.
#[tokio::test]
async fn unreachable_endpoints_are_unavailable() {
    let port = splitline_collect_testkit::free_port();
    let s3 = s3_client(&format!("http://127.0.0.1:{port}"));
    let progress = ProviderProgress::hidden();
    let sink = Sink::new("aws", &progress);
    let cx = Cx {
        sink: sink.clone(),
        req: Arc::new(Request::new([], 1)),
        account: "1".into(),
        region: "eu-west-1".into(),
        service: "",
    };
    let f = cx.call(s3.list_buckets().send()).await.unwrap_err();
    assert_eq!(f.code, GapCode::Unavailable, "{}", f.message);
    let c = sink.finish();
    assert_eq!(c.calls.len(), 1);
    assert_eq!(c.calls[0].outcome, "unavailable");
}

#[test]
fn buckets_have_the_documented_shape() {
    use aws_sdk_s3::types as t;
    let enc = t::ServerSideEncryptionConfiguration::builder()
        .rules(
            t::ServerSideEncryptionRule::builder()
                .apply_server_side_encryption_by_default(
                    t::ServerSideEncryptionByDefault::builder()
                        .sse_algorithm(t::ServerSideEncryption::AwsKms)
                        .kms_master_key_id("arn:aws:kms:eu-west-1:1:key/k")
                        .build()
                        .unwrap(),
                )
                .bucket_key_enabled(true)
                .build(),
        )
        .build()
        .unwrap();
    let pab = t::PublicAccessBlockConfiguration::builder().block_public_acls(true).ignore_public_acls(false).build();
    let status = t::PolicyStatus::builder().is_public(true).build();
    let versioning = aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput::builder()
        .status(t::BucketVersioningStatus::Enabled)
        .build();
    let logging = aws_sdk_s3::operation::get_bucket_logging::GetBucketLoggingOutput::builder()
        .logging_enabled(t::LoggingEnabled::builder().target_bucket("logs").target_prefix("b/").build().unwrap())
        .build();
    let acl = aws_sdk_s3::operation::get_bucket_acl::GetBucketAclOutput::builder()
        .grants(
            t::Grant::builder()
                .grantee(
                    t::Grantee::builder()
                        .r#type(t::Type::Group)
                        .uri("http://acs.amazonaws.com/groups/global/AllUsers")
                        .build()
                        .unwrap(),
                )
                .permission(t::Permission::Read)
                .build(),
        )
        .build();
    let v = s3::bucket_config(&s3::BucketParts {
        name: "b",
        created: Some("2026-01-01T00:00:00Z".into()),
        region: "eu-west-1",
        encryption: Some(&enc),
        pab: Some(&pab),
        policy: Some(
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        ),
        policy_status: Some(&status),
        versioning: &versioning,
        logging: &logging,
        acl: &acl,
    });
    assert_eq!(
        v,
        serde_json::json!({
            "Name": "b", "CreationDate": "2026-01-01T00:00:00Z", "Region": "eu-west-1",
            "ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault":
                {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:1:key/k"}, "BucketKeyEnabled": true}]},
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": false},
            "Policy": {"Statement": [{"Effect": "Deny", "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]},
            "PolicyStatus": {"IsPublic": true},
            "Versioning": {"Status": "Enabled"},
            "Logging": {"LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "b/"}},
            "Acl": {"Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}
        })
    );
    assert_eq!(s3::location_region(None), "us-east-1");
    assert_eq!(s3::location_region(Some("EU")), "eu-west-1");
    assert_eq!(s3::location_region(Some("ap-south-1")), "ap-south-1");
}

#[test]
fn lambda_environment_values_are_redacted() {
    use aws_sdk_lambda::types as t;
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let f = t::FunctionConfiguration::builder()
        .function_name("f")
        .function_arn("arn:aws:lambda:eu-west-1:1:function:f")
        .runtime(t::Runtime::Python312)
        .environment(
            t::EnvironmentResponse::builder()
                .variables("PARTNER_SECRET", secret)
                .variables("DB_PASSWORD", "hunter2")
                .variables("STAGE", "prod")
                .build(),
        )
        .build();
    let v = lambda::function_config(&f);
    let text = v.to_string();
    assert!(!text.contains(secret) && !text.contains("hunter2"), "{text}");
    assert_eq!(v["Environment"]["Variables"]["STAGE"], "prod");
    assert_eq!(v["Environment"]["Variables"]["PARTNER_SECRET"], "[redacted] an AWS secret access key, 40 characters");
    assert_eq!(v["Runtime"], "python3.12");
}

#[test]
fn security_groups_keep_rules_and_instances_drop_empty_public_ips() {
    use aws_sdk_ec2::types as t;
    let g = t::SecurityGroup::builder()
        .group_id("sg-1")
        .group_name("web")
        .ip_permissions(
            t::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(t::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .tags(t::Tag::builder().key("Name").value("web-sg").build())
        .build();
    let (v, tags) = ec2::security_group(&g);
    assert_eq!(v["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
    assert_eq!(v["IpPermissions"][0]["FromPort"], 22);
    assert_eq!(v["IpPermissionsEgress"], serde_json::json!([]));
    assert_eq!(tags["Name"], "web-sg");
    let i = t::Instance::builder()
        .instance_id("i-1")
        .public_ip_address("")
        .metadata_options(
            t::InstanceMetadataOptionsResponse::builder().http_tokens(t::HttpTokensState::Required).build(),
        )
        .build();
    let (v, _) = ec2::instance(&i);
    assert!(v.get("PublicIpAddress").is_none());
    assert_eq!(v["MetadataOptions"]["HttpTokens"], "required");
}

#[test]
fn beanstalk_environment_properties_are_redacted() {
    use aws_sdk_elasticbeanstalk::types as t;
    let opts = [
        t::ConfigurationOptionSetting::builder()
            .namespace("aws:elasticbeanstalk:application:environment")
            .option_name("API_TOKEN")
            .value("9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVu")
            .build(),
        t::ConfigurationOptionSetting::builder()
            .namespace("aws:elasticbeanstalk:healthreporting:system")
            .option_name("SystemType")
            .value("enhanced")
            .build(),
    ];
    let v = beanstalk::option_settings(&opts);
    assert!(v[0]["Value"].as_str().unwrap().starts_with("[redacted] "));
    assert_eq!(v[1]["Value"], "enhanced");
}

#[test]
fn iam_documents_are_parsed() {
    use aws_sdk_iam::types as t;
    let r = t::Role::builder()
        .role_name("r")
        .role_id("AROA")
        .arn("arn:aws:iam::1:role/r")
        .path("/")
        .create_date(aws_smithy_types::DateTime::from_secs(0))
        .assume_role_policy_document(
            "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22%2A%22%7D%5D%7D",
        )
        .build()
        .unwrap();
    let v = iam::role_config(&r, &[], vec![], serde_json::json!([]));
    assert_eq!(v["AssumeRolePolicyDocument"]["Statement"][0]["Principal"], "*");
    assert_eq!(v["CreateDate"], "1970-01-01T00:00:00Z");
    assert_eq!(v["RolePolicyList"], serde_json::json!([]));
}

/// SSM is a kind of its own: its calls serve `aws.ssm.managed-instance`
/// only, so an SSM failure never gaps `aws.ec2.instance`.
#[test]
fn ssm_calls_serve_the_managed_instance_kind_only() {
    for op in Aws::operations().iter().filter(|o| o.service == "ssm") {
        assert_eq!(op.kinds, ["aws.ssm.managed-instance"], "{}", op.name);
    }
    let ec2_only: serde_json::Value =
        serde_json::from_str(&Aws::permissions(Some(&["aws.ec2.instance".to_string()]))).unwrap();
    let actions = ec2_only["Statement"][0]["Action"].as_array().unwrap();
    assert!(actions.iter().all(|a| !a.as_str().unwrap().starts_with("ssm:")), "{actions:?}");
    let ssm_only: serde_json::Value =
        serde_json::from_str(&Aws::permissions(Some(&["aws.ssm.managed-instance".to_string()]))).unwrap();
    let actions: Vec<&str> =
        ssm_only["Statement"][0]["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(
        actions.contains(&"ssm:DescribeInstanceInformation") && actions.contains(&"ssm:DescribeInstancePatchStates")
    );
    assert!(!actions.contains(&"ec2:DescribeInstances"), "{actions:?}");
}

#[test]
fn managed_instances_have_the_documented_shape() {
    use aws_sdk_ssm::types as t;
    let i = t::InstanceInformation::builder()
        .instance_id("i-1")
        .ping_status(t::PingStatus::Online)
        .agent_version("3.3.0.0")
        .is_latest_version(false)
        .platform_type(t::PlatformType::Linux)
        .platform_name("Amazon Linux")
        .resource_type(t::ResourceType::ManagedInstance)
        .last_ping_date_time(aws_smithy_types::DateTime::from_secs(0))
        .build();
    let p = t::InstancePatchState::builder()
        .instance_id("i-1")
        .patch_group("")
        .baseline_id("pb-1")
        .operation(t::PatchOperationType::Scan)
        .operation_start_time(aws_smithy_types::DateTime::from_secs(0))
        .operation_end_time(aws_smithy_types::DateTime::from_secs(60))
        .missing_count(3)
        .failed_count(1)
        .security_non_compliant_count(2)
        .build()
        .unwrap();
    let v = ssm::managed_instance(&i, Some(ssm::patch_state(&p)));
    assert_eq!(v["InstanceId"], "i-1");
    assert_eq!(v["PingStatus"], "Online");
    assert_eq!(v["IsLatestVersion"], false);
    assert_eq!(v["PlatformType"], "Linux");
    assert_eq!(v["ResourceType"], "ManagedInstance");
    assert_eq!(v["LastPingDateTime"], "1970-01-01T00:00:00Z");
    assert_eq!(v["PatchState"]["MissingCount"], 3);
    assert_eq!(v["PatchState"]["FailedCount"], 1);
    assert_eq!(v["PatchState"]["SecurityNonCompliantCount"], 2);
    assert_eq!(v["PatchState"]["Operation"], "Scan");
    assert_eq!(v["PatchState"]["OperationEndTime"], "1970-01-01T00:01:00Z");
    let bare = ssm::managed_instance(&i, None);
    assert!(bare.get("PatchState").is_none(), "no scan reported: no PatchState");
}

fn ssm_cx(sink: &Sink) -> Cx {
    Cx {
        sink: sink.clone(),
        req: Arc::new(Request::new(["aws.ssm.managed-instance".to_string(), "aws.ec2.instance".to_string()], 4)),
        account: "123456789012".into(),
        region: "us-east-1".into(),
        service: "",
    }
}

/// Managed nodes are emitted from DescribeInstanceInformation; a denied
/// DescribeInstancePatchStates leaves them without `PatchState` and is a gap
/// on `aws.ssm.managed-instance` only.
#[tokio::test]
async fn ssm_patch_state_failure_gaps_the_managed_instance_kind_only() {
    let server = splitline_collect_testkit::FixtureServer::start(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/ssm-patch-denied"),
    );
    let progress = ProviderProgress::hidden();
    let sink = Sink::new("aws", &progress);
    ssm::collect(ssm_cx(&sink), Arc::new(Clients::for_endpoint(&server.url()))).await;
    let c = sink.finish();
    let ids: Vec<(&str, &str, &str)> =
        c.resources.iter().map(|r| (r.kind.as_str(), r.id.as_str(), r.name.as_str())).collect();
    assert_eq!(
        ids,
        [
            (
                "aws.ssm.managed-instance",
                "arn:aws:ssm:us-east-1:123456789012:managed-instance/i-0123456789abcdef0",
                "i-0123456789abcdef0"
            ),
            (
                "aws.ssm.managed-instance",
                "arn:aws:ssm:us-east-1:123456789012:managed-instance/mi-0123456789abcdef0",
                "mi-0123456789abcdef0"
            ),
        ],
        "{:?}",
        server.requests()
    );
    let node = &c.resources[0];
    assert_eq!(node.region, "us-east-1");
    assert_eq!(node.config["PingStatus"], "Online");
    assert_eq!(node.config["ResourceType"], "EC2Instance");
    assert_eq!(node.config["LastPingDateTime"], "2025-11-28T08:00:00Z");
    assert!(node.config.get("PatchState").is_none());
    let gaps: Vec<(&str, &str, GapCode)> =
        c.gaps.iter().map(|g| (g.kind.as_str(), g.region.as_str(), g.code)).collect();
    assert_eq!(gaps, [("aws.ssm.managed-instance", "us-east-1", GapCode::AccessDenied)]);
    assert!(c.gaps[0].reason.starts_with("SSM DescribeInstancePatchStates failed"), "{}", c.gaps[0].reason);
}

/// A denied DescribeInstanceInformation: no managed nodes, a gap on
/// `aws.ssm.managed-instance` and none on `aws.ec2.instance`.
#[tokio::test]
async fn ssm_failure_never_gaps_ec2_instances() {
    let server = splitline_collect_testkit::FixtureServer::start(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/ssm-denied"),
    );
    let progress = ProviderProgress::hidden();
    let sink = Sink::new("aws", &progress);
    ssm::collect(ssm_cx(&sink), Arc::new(Clients::for_endpoint(&server.url()))).await;
    let c = sink.finish();
    assert!(c.resources.is_empty());
    let gaps: Vec<(&str, GapCode)> = c.gaps.iter().map(|g| (g.kind.as_str(), g.code)).collect();
    assert_eq!(gaps, [("aws.ssm.managed-instance", GapCode::AccessDenied)]);
    let calls: Vec<(&str, &str)> = c.calls.iter().map(|c| (c.service.as_str(), c.operation.as_str())).collect();
    assert_eq!(calls, [("ssm", "DescribeInstanceInformation")]);
}
