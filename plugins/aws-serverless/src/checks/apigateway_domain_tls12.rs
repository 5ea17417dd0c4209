//! API Gateway custom domain names refuse TLS 1.0 and 1.1.

use splitline_plugin_sdk::kinds::aws::ApiGatewayDomainName;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-APIGW-004",
        long_id: "aws-apigateway-domain-tls12",
        title: "API Gateway custom domain name requires TLS 1.2 or later",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[ApiGatewayDomainName::KIND_NAME],
        risk: "The TLS_1_0 security policy still accepts TLS 1.0 and 1.1, deprecated by RFC 8996, with weak cipher suites that downgrade attacks can force; PCI DSS and most baselines forbid them for data in transit.",
        remediation: Remediation {
            text: "Set the domain name's security policy to TLS_1_2 (or a newer TLS 1.3 policy) after checking that no client still needs TLS 1.0/1.1.",
            cli: Some("aws apigateway update-domain-name --domain-name DOMAIN --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2"),
            terraform: Some("resource \"aws_api_gateway_domain_name\" \"this\" {\n  # ...\n  security_policy = \"TLS_1_2\"\n}"),
        },
        references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, d) in e.each::<ApiGatewayDomainName>() {
        match d.security_policy.as_deref() {
            Some("TLS_1_0") => {
                e.fail(r, format!("API Gateway domain {} accepts TLS 1.0 and 1.1 (security policy TLS_1_0).", d.domain_name)).evidence("securityPolicy", "TLS_1_0");
            }
            Some(p) if !p.is_empty() => {
                e.pass(r, format!("API Gateway domain {} requires TLS 1.2 or later (security policy {p}).", d.domain_name)).evidence("securityPolicy", p);
            }
            _ => {
                e.error(r, format!("API Gateway domain {} has no securityPolicy in its configuration.", d.domain_name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::DOMAIN;

    #[test]
    fn tls10_fails_tls12_and_newer_pass_absent_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(DOMAIN, "old", json!({"domainName": "old.example.com", "securityPolicy": "TLS_1_0"}))
            .resource(DOMAIN, "tls12", json!({"domainName": "api.example.com", "securityPolicy": "TLS_1_2"}))
            .resource(DOMAIN, "tls13", json!({"domainName": "new.example.com", "securityPolicy": "SecurityPolicy_TLS13_1_3_2025_09"}))
            .resource(DOMAIN, "bare", json!({"domainName": "bare.example.com"}))
            .run(&super::CHECK);
        let f = out.assert_status("old", Status::Fail);
        assert_eq!(f.message, "API Gateway domain old.example.com accepts TLS 1.0 and 1.1 (security policy TLS_1_0).");
        out.assert_status("tls12", Status::Pass);
        out.assert_status("tls13", Status::Pass);
        out.assert_status("bare", Status::Error);
    }
}
