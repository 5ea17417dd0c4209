//! Organization mode: the registry, the filter, and discovery and member
//! sessions against a moto server seeded by `host/tests/fixtures/aws/seed_org.py`.

use std::process::Command;
use std::time::{Duration, Instant};

use splitline_collect::{Collector, ProviderProgress, Request, Sink, read_only_violations};
use splitline_collect_testkit::{EmulatorProcess, free_port, tool, workspace_root};

use super::*;
use crate::Aws;
use crate::clients::TEST_ENDPOINT;

#[test]
fn the_only_action_that_is_not_a_read_is_assume_role_and_it_is_not_a_member_permission() {
    assert_eq!(read_only_violations("aws", OPS), ["sts:AssumeRole"]);
    assert!(Aws::operations().iter().all(|o| o.permission != "sts:AssumeRole"));
    assert!(read_only_violations("aws", Aws::operations()).is_empty());
    let doc = management_policy("audit/SplitlineAudit");
    let st = doc["Statement"].as_array().unwrap();
    assert_eq!(st.len(), 2);
    let reads: Vec<&str> = st[0]["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(reads.iter().all(|a| a.starts_with("organizations:") || *a == "sts:GetCallerIdentity"), "{reads:?}");
    assert!(!reads.contains(&"sts:AssumeRole"));
    assert_eq!(st[1]["Action"], serde_json::json!(["sts:AssumeRole"]));
    assert_eq!(st[1]["Resource"], "arn:aws:iam::*:role/audit/SplitlineAudit");
    let both: serde_json::Value =
        serde_json::from_str(&organization_policies("SplitlineAudit", &Aws::permissions(None))).unwrap();
    assert_eq!(both["MemberRolePolicy"]["Statement"][0]["Sid"], "SplitlineReadOnly");
    assert_eq!(both["ManagementAccountPolicy"]["Statement"][1]["Resource"], "arn:aws:iam::*:role/SplitlineAudit");
}

fn member(id: &str, path: &[&str], tags: &[(&str, &str)]) -> Member {
    Member {
        id: id.into(),
        name: id.into(),
        ou_path: path.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        status: "ACTIVE".into(),
        ..Member::default()
    }
}

#[test]
fn filters_include_by_ou_or_id_then_exclude_then_require_every_tag() {
    let a = member("111111111111", &["r-1", "ou-prod", "ou-web"], &[("env", "prod"), ("tier", "web")]);
    let b = member("222222222222", &["r-1", "ou-prod"], &[("env", "prod")]);
    let c = member("333333333333", &["r-1"], &[]);
    let all = [&a, &b, &c];
    let pick = |f: &OrgFilter| -> Vec<&str> {
        all.iter().filter(|m| f.selects_by_place(m) && f.selects_by_tags(m)).map(|m| m.id.as_str()).collect()
    };
    assert_eq!(pick(&OrgFilter::default()).len(), 3);
    assert_eq!(pick(&OrgFilter { ous: vec!["ou-prod".into()], ..Default::default() }), [&a.id, &b.id]);
    assert_eq!(pick(&OrgFilter { ous: vec!["ou-web".into()], ..Default::default() }), [&a.id]);
    assert_eq!(
        pick(&OrgFilter { ous: vec!["ou-web".into()], accounts: vec![c.id.clone()], ..Default::default() }),
        [&a.id, &c.id]
    );
    assert_eq!(
        pick(&OrgFilter { ous: vec!["r-1".into()], exclude_accounts: vec![b.id.clone()], ..Default::default() }),
        [&a.id, &c.id]
    );
    let tags = |t: &[(&str, &str)]| OrgFilter {
        tags: t.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ..Default::default()
    };
    assert_eq!(pick(&tags(&[("env", "prod")])), [&a.id, &b.id]);
    assert_eq!(pick(&tags(&[("env", "prod"), ("tier", "web")])), [&a.id]);
    assert!(pick(&tags(&[("env", "dev")])).is_empty());
}

#[test]
fn member_role_arns_follow_the_partition() {
    assert_eq!(
        member_role_arn("aws", "123456789012", "SplitlineAudit"),
        "arn:aws:iam::123456789012:role/SplitlineAudit"
    );
    assert_eq!(
        member_role_arn("aws-us-gov", "123456789012", "/audit/SplitlineAudit"),
        "arn:aws-us-gov:iam::123456789012:role/audit/SplitlineAudit"
    );
}

/// A moto server, seeded with `seed_org.py ARGS` unless `args` is `None`.
fn moto(args: Option<&[&str]>) -> (EmulatorProcess, serde_json::Value) {
    let port = free_port();
    let mut cmd = Command::new(tool("moto_server"));
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]).env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
    let moto = EmulatorProcess::start("moto", cmd, port, Duration::from_secs(60));
    let Some(args) = args else { return (moto, serde_json::Value::Null) };
    let out = Command::new(tool("python"))
        .arg(workspace_root().join("host/tests/fixtures/aws/seed_org.py"))
        .args(args)
        .env("AWS_ENDPOINT_URL", moto.url())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("run seed_org.py");
    assert!(out.status.success(), "seed_org.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let seeded = serde_json::from_slice(&out.stdout).expect("seed_org.py prints JSON");
    (moto, seeded)
}

fn request() -> Request {
    Request::new(crate::kinds().into_iter().map(str::to_string), 8)
}

async fn discovered(
    moto: &EmulatorProcess,
    filter: &OrgFilter,
) -> Result<(Organization, splitline_collect::Collection), CollectError> {
    TEST_ENDPOINT
        .scope(
            moto.url(),
            discover_organization(&AwsOptions::default(), filter, &request(), &ProviderProgress::hidden()),
        )
        .await
}

#[tokio::test]
async fn discovery_walks_every_page_of_the_tree() {
    let (moto, seeded) = moto(Some(&["--no-resources", "--extra-accounts", "22", "--extra-ous", "21"]));
    let id = |name: &str| seeded["members"][name].as_str().unwrap().to_string();
    let ou = |name: &str| seeded["ous"][name].as_str().unwrap().to_string();
    let root = seeded["root"].as_str().unwrap().to_string();

    let (org, calls) = discovered(&moto, &OrgFilter::default()).await.expect("discovery");
    assert_eq!(org.management_account, "123456789012");
    assert_eq!(org.caller_account, "123456789012");
    assert_eq!(org.partition, "aws");
    assert_eq!(org.id, seeded["org"].as_str().unwrap());
    // The management account, ten members, 22 extra and the closed one.
    assert_eq!(org.members.len(), 1 + 10 + 22 + 1, "{:#?}", org.members);
    let m = |aid: &str| org.members.iter().find(|m| m.id == aid).unwrap_or_else(|| panic!("{aid} discovered"));
    let web = m(&id("member-05"));
    assert_eq!(web.ou_path, [root.clone(), ou("Prod"), ou("Web")]);
    assert_eq!(web.ou_names, ["Root", "Prod", "Web"]);
    assert_eq!(web.name, "member-05");
    assert_eq!(web.email.as_deref(), Some("member-05@example.com"));
    assert_eq!(web.tags.get("tier").map(String::as_str), Some("web"));
    assert_eq!(web.skipped, None);
    assert_eq!(m(&id("member-09")).ou_path, std::slice::from_ref(&root));
    let closed = m(seeded["closed"].as_str().unwrap());
    assert_eq!(closed.status, "SUSPENDED");
    assert!(closed.skipped.as_deref().unwrap().contains("only ACTIVE accounts are scanned"), "{closed:?}");

    // Every page: 24 accounts under the root and 21 OUs under Dev, moto pages by 20.
    let count = |op: &str| calls.calls.iter().filter(|c| c.operation == op).count();
    let parents = 3 + 21 + 1; // Prod, Dev, Web, the extra OUs, the root
    assert_eq!(count("ListAccountsForParent"), parents + 1, "the root's accounts take two pages");
    assert_eq!(count("ListOrganizationalUnitsForParent"), parents + 1, "Dev's OUs take two pages");
    assert_eq!(count("ListTagsForResource"), org.members.len());
    assert!(calls.calls.iter().all(|c| c.account == "123456789012" && c.outcome == "ok"), "{:?}", calls.calls);
    assert!(calls.calls.iter().all(|c| OPS.iter().any(|o| o.service == c.service && o.name == c.operation)));

    // Filters.
    let moto_ref = &moto;
    let ids = |f: OrgFilter| async move {
        let (org, _) = discovered(moto_ref, &f).await.expect("discovery");
        org.members.into_iter().map(|m| m.id).collect::<BTreeSet<String>>()
    };
    let set = |names: &[&str]| names.iter().map(|n| id(n)).collect::<BTreeSet<String>>();
    assert_eq!(
        ids(OrgFilter { ous: vec![ou("Prod")], ..Default::default() }).await,
        set(&["member-00", "member-01", "member-02", "member-03", "member-04", "member-05"])
    );
    assert_eq!(
        ids(OrgFilter {
            ous: vec![ou("Web")],
            accounts: vec![id("member-09")],
            exclude_accounts: vec![id("member-05")],
            ..Default::default()
        })
        .await,
        set(&["member-04", "member-09"])
    );
    let mut dev = set(&["member-06", "member-07", "member-08"]);
    dev.insert(seeded["closed"].as_str().unwrap().to_string());
    assert_eq!(ids(OrgFilter { tags: vec![("env".into(), "dev".into())], ..Default::default() }).await, dev);

    let err = discovered(&moto, &OrgFilter { ous: vec!["ou-zzzz-nothere".into()], ..Default::default() })
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("--ou ou-zzzz-nothere not in organization"), "{err}");
    let err = discovered(&moto, &OrgFilter { accounts: vec!["000000000001".into()], ..Default::default() })
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("--account 000000000001 not in organization"), "{err}");
    let err = discovered(&moto, &OrgFilter { tags: vec![("env".into(), "nope".into())], ..Default::default() })
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no account of organization"), "{err}");
}

#[tokio::test]
async fn an_account_outside_any_organization_is_told_so() {
    let (moto, _) = moto(None);
    let err = discovered(&moto, &OrgFilter::default()).await.unwrap_err().to_string();
    assert!(err.contains("account 123456789012 is not in an AWS organization"), "{err}");
    assert!(err.contains("AWSOrganizationsNotInUseException"), "{err}");
}

/// The SDK's identity cache assumes the member role again before the session
/// ends. moto accepts any `DurationSeconds` (STS's minimum is 900, which the
/// CLI enforces) and never expires credentials, so what is shown is the
/// refresh itself: with 12-second sessions, a call 8 s after the first
/// (within the cache's 5–10 s refresh margin of the end) is preceded by a
/// second AssumeRole; with 3600-second sessions it is not. Both identities
/// are the member's.
#[tokio::test]
async fn member_sessions_are_assumed_again_before_they_expire() {
    let (moto, seeded) = moto(Some(&["--no-resources"]));
    let member_id = seeded["members"]["member-03"].as_str().unwrap().to_string();
    let org =
        Organization { caller_account: "123456789012".into(), partition: "aws".into(), ..Organization::default() };
    let m = Member { id: member_id.clone(), name: "member-03".into(), status: "ACTIVE".into(), ..Member::default() };

    let run = |session_seconds: u32| {
        let role = MemberRole { session_seconds, ..MemberRole::default() };
        let opts = member_options(&AwsOptions::default(), &org, &m, &role);
        let url = moto.url();
        async move {
            TEST_ENDPOINT
                .scope(url, async move {
                    let req = request();
                    let clients = Clients::load(&opts, &req).await;
                    let sink = Sink::new("aws", &ProviderProgress::hidden());
                    let cx = Cx {
                        sink: sink.clone(),
                        req: Arc::new(req),
                        account: opts.member.as_ref().unwrap().account_id.clone(),
                        region: "us-east-1".into(),
                        service: "",
                    };
                    let started = Instant::now();
                    let first = cx.call(clients.sts("us-east-1").get_caller_identity().send()).await.unwrap();
                    tokio::time::sleep(Duration::from_secs(8)).await;
                    // Another client of the same member: one identity cache.
                    let second = cx.call(clients.sts("eu-west-1").get_caller_identity().send()).await.unwrap();
                    let elapsed = started.elapsed();
                    let calls: Vec<String> = sink.finish().calls.iter().map(|c| c.operation.clone()).collect();
                    (first.account().unwrap().to_string(), second.account().unwrap().to_string(), calls, elapsed)
                })
                .await
        }
    };
    let (short, long) = tokio::join!(run(12), run(3600));
    assert_eq!((short.0.as_str(), short.1.as_str()), (member_id.as_str(), member_id.as_str()));
    assert_eq!((long.0.as_str(), long.1.as_str()), (member_id.as_str(), member_id.as_str()));
    assert_eq!(short.2, ["AssumeRole", "GetCallerIdentity", "AssumeRole", "GetCallerIdentity"]);
    assert!(short.3 < Duration::from_secs(12), "the refresh came before the first session ended ({:?})", short.3);
    assert_eq!(long.2, ["AssumeRole", "GetCallerIdentity", "GetCallerIdentity"]);
}

/// A member whose role cannot be assumed is gaps in its own account; its
/// AssumeRole attempt is recorded under it.
#[tokio::test]
async fn a_member_that_cannot_be_reached_is_gaps_in_its_account() {
    // Nothing listens: the AssumeRole cannot be delivered.
    let port = free_port();
    let org =
        Organization { caller_account: "123456789012".into(), partition: "aws".into(), ..Organization::default() };
    let m = Member { id: "210987654321".into(), name: "gone".into(), status: "ACTIVE".into(), ..Member::default() };
    let mut req = request();
    req.max_attempts = 1;
    req.call_timeout = Duration::from_secs(5);
    let r = TEST_ENDPOINT
        .scope(
            format!("http://127.0.0.1:{port}"),
            collect_member(&AwsOptions::default(), &org, &m, &MemberRole::default(), &req, &ProviderProgress::hidden()),
        )
        .await;
    let err = r.error.expect("the member failed");
    assert!(
        err.contains("cannot collect account 210987654321 through arn:aws:iam::210987654321:role/SplitlineAudit"),
        "{err}"
    );
    assert_eq!(r.collection.accounts.len(), 1);
    assert_eq!(r.collection.accounts[0].id, "210987654321");
    assert_eq!(r.collection.gaps.len(), crate::kinds().len());
    assert!(r.collection.gaps.iter().all(|g| g.account == "210987654321" && g.reason.contains("cannot collect")));
    assert!(r.collection.resources.is_empty());
    // GetCallerIdentity itself was never transmitted: its credentials failed first.
    let ops: Vec<(&str, &str)> =
        r.collection.calls.iter().map(|c| (c.operation.as_str(), c.account.as_str())).collect();
    assert_eq!(ops, [("AssumeRole", "210987654321")]);
}
