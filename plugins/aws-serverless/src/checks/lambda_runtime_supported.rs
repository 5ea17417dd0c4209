//! Lambda functions run on a runtime that AWS still supports.

use splitline_plugin_sdk::kinds::aws::LambdaFunction;
use splitline_plugin_sdk::prelude::*;
use splitline_plugin_sdk::time::{format_rfc3339, parse_rfc3339};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-LAMBDA-004",
        long_id: "aws-lambda-runtime-supported",
        title: "Lambda function runtime has not reached its AWS deprecation date",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[LambdaFunction::KIND_NAME],
        risk: "After its deprecation date a runtime gets no more security patches for the language, its libraries or the operating system beneath it, the function is no longer eligible for support, and later AWS blocks updates to it, so even an urgent fix cannot be deployed without a runtime migration first.",
        remediation: Remediation {
            text: "Move the function to a supported runtime of the same language (test the code against the new major version first), for example python3.8 → python3.13, nodejs16.x → nodejs22.x, go1.x → provided.al2023.",
            cli: Some("aws lambda update-function-configuration --function-name FUNCTION --runtime python3.13"),
            terraform: Some("resource \"aws_lambda_function\" \"this\" {\n  # ...\n  runtime = \"python3.13\"\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.PS-02"), compliance("nist-csf-2.0", "ID.AM-08")],
    },
    run,
};

/// Lambda's runtime deprecation calendar (identifier, deprecation date), from
/// the "Supported runtimes" and "Deprecated runtimes" tables of the Lambda
/// developer guide as of January 2026. A future date is a planned deprecation.
pub const DEPRECATIONS: &[(&str, &str)] = &[
    ("nodejs", "2016-10-31"),
    ("nodejs4.3", "2020-03-05"),
    ("nodejs4.3-edge", "2020-03-05"),
    ("nodejs6.10", "2019-08-12"),
    ("nodejs8.10", "2020-03-06"),
    ("nodejs10.x", "2021-07-30"),
    ("nodejs12.x", "2023-03-31"),
    ("nodejs14.x", "2023-12-04"),
    ("nodejs16.x", "2024-06-12"),
    ("nodejs18.x", "2025-09-01"),
    ("nodejs20.x", "2026-04-30"),
    ("nodejs22.x", "2027-04-30"),
    ("nodejs24.x", "2028-04-30"),
    ("python2.7", "2021-07-15"),
    ("python3.6", "2022-07-18"),
    ("python3.7", "2023-12-04"),
    ("python3.8", "2024-10-14"),
    ("python3.9", "2025-12-15"),
    ("python3.10", "2026-06-30"),
    ("python3.11", "2026-06-30"),
    ("python3.12", "2028-10-31"),
    ("python3.13", "2029-06-30"),
    ("python3.14", "2029-06-30"),
    ("java8", "2024-01-08"),
    ("java8.al2", "2026-06-30"),
    ("java11", "2026-06-30"),
    ("java17", "2026-06-30"),
    ("java21", "2029-06-30"),
    ("java25", "2029-06-30"),
    ("dotnetcore1.0", "2019-07-27"),
    ("dotnetcore2.0", "2019-05-30"),
    ("dotnetcore2.1", "2022-01-05"),
    ("dotnetcore3.1", "2023-04-03"),
    ("dotnet5.0", "2022-05-10"),
    ("dotnet6", "2024-12-20"),
    ("dotnet7", "2024-05-14"),
    ("dotnet8", "2026-11-10"),
    ("dotnet10", "2028-11-14"),
    ("ruby2.5", "2021-07-30"),
    ("ruby2.7", "2023-12-07"),
    ("ruby3.2", "2026-03-31"),
    ("ruby3.3", "2027-03-31"),
    ("ruby3.4", "2028-03-31"),
    ("go1.x", "2024-01-08"),
    ("provided", "2024-01-08"),
    ("provided.al2", "2026-06-30"),
    ("provided.al2023", "2029-06-30"),
];

fn run(e: &mut Eval) {
    let now = e.ctx().scan_time;
    for (r, f) in e.each::<LambdaFunction>() {
        let name = &f.function_name;
        let Some(runtime) = f.runtime.as_deref().filter(|rt| !rt.is_empty()) else {
            if f.package_type.as_deref() == Some("Image") {
                e.not_applicable(r, format!("Lambda function {name} is a container image, whose runtime is in the image."));
            } else {
                e.error(r, format!("Lambda function {name} has no Runtime in its configuration."));
            }
            continue;
        };
        let Some(date) = DEPRECATIONS.iter().find(|(id, _)| *id == runtime).and_then(|(_, d)| parse_rfc3339(d)) else {
            e.manual(r, format!("Lambda function {name} uses runtime {runtime}, which is not in this plugin's deprecation calendar."))
                .evidence("Runtime", runtime);
            continue;
        };
        let day = &format_rfc3339(date)[..10];
        if date <= now {
            e.fail(r, format!("Lambda function {name} uses runtime {runtime}, deprecated since {day}."))
                .evidence("Runtime", runtime)
                .evidence("deprecation date", day);
        } else {
            e.pass(r, format!("Lambda function {name} uses runtime {runtime}, supported until {day}."))
                .evidence("Runtime", runtime)
                .evidence("deprecation date", day);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{FUNCTION, function};

    #[test]
    fn deprecation_is_judged_at_scan_time() {
        let fx = Fixture::new("aws", "111122223333")
            .resource(FUNCTION, "fn-38", function("fn-38", json!({"Runtime": "python3.8"})))
            .resource(FUNCTION, "fn-node20", function("fn-node20", json!({"Runtime": "nodejs20.x"})))
            .resource(FUNCTION, "fn-312", function("fn-312", json!({"Runtime": "python3.12"})));
        let out = fx.clone().scan_time("2026-01-01T00:00:00Z").run(&super::CHECK);
        let f = out.assert_status("fn-38", Status::Fail);
        assert_eq!(f.message, "Lambda function fn-38 uses runtime python3.8, deprecated since 2024-10-14.");
        let f = out.assert_status("fn-node20", Status::Pass);
        assert_eq!(f.message, "Lambda function fn-node20 uses runtime nodejs20.x, supported until 2026-04-30.");
        out.assert_status("fn-312", Status::Pass);
        let later = fx.scan_time("2026-05-01T00:00:00Z").run(&super::CHECK);
        later.assert_status("fn-node20", Status::Fail);
    }

    #[test]
    fn images_unknown_and_missing_runtimes() {
        let out = Fixture::new("aws", "111122223333")
            .resource(FUNCTION, "fn-image", json!({"FunctionName": "fn-image", "PackageType": "Image"}))
            .resource(FUNCTION, "fn-future", function("fn-future", json!({"Runtime": "python4.0"})))
            .resource(FUNCTION, "fn-bare", json!({"FunctionName": "fn-bare"}))
            .run(&super::CHECK);
        out.assert_status("fn-image", Status::NotApplicable);
        out.assert_status("fn-future", Status::Manual);
        out.assert_status("fn-bare", Status::Error);
    }

    #[test]
    fn calendar_dates_parse() {
        for (id, d) in super::DEPRECATIONS {
            assert!(splitline_plugin_sdk::time::parse_rfc3339(d).is_some(), "{id}: {d}");
        }
    }
}
