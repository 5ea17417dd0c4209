"""The checks of app.py under plain CPython (3.11 or newer), without building
the component. The `wit_world` bindings come from componentize-py:

    .tools/venv/bin/componentize-py -d wit -w scanner-plugin bindings target/polyglot/py-bindings
    PYTHONPATH=target/polyglot/py-bindings python3 -m unittest discover -s examples/python-plugin

componentize-py only bundles the modules app.py imports, so this file never
ends up in the component.
"""

import json
import re
import unittest

from componentize_py_types import Err
from wit_world.exports.plugin import Context, Resource, Status

import app

SCAN_TIME = 1_795_852_800  # 2026-11-28T08:00:00Z, the demo inventory's scan time


def ctx(settings: str = "{}") -> Context:
    return Context(scan_time=SCAN_TIME, provider="aws", account="1", inventory_schema="1.0", settings=settings)


def user(name: str, config) -> Resource:
    body = config if isinstance(config, str) else json.dumps(config)
    return Resource(kind="aws.iam.user", id=f"arn:aws:iam::1:user/{name}", account="1", region="global", name=name, tags=[], config=body)


def key(created: str, status: str = "Active", used: str = None) -> dict:
    k = {"AccessKeyId": "AKIAEXAMPLE", "Status": status, "CreateDate": created}
    if used:
        k["LastUsedDate"] = used
    return k


def one(findings, check_id: str, name: str):
    matches = [f for f in findings if f.check_id == check_id and f.resource_id.endswith("/" + name)]
    assert len(matches) == 1, f"{len(matches)} findings of {check_id} for {name}"
    return matches[0]


class Metadata(unittest.TestCase):
    def test_follows_the_hosts_rules(self):
        info = app.Plugin().info()
        self.assertRegex(info.name, r"^[a-z0-9-]+$")
        for c in info.checks:
            self.assertRegex(c.id, r"^[A-Z0-9]+(-[A-Z0-9]+)+$")
            self.assertRegex(c.long_id, r"^[a-z0-9]+(-[a-z0-9]+)*$")
            self.assertTrue(c.title and c.risk and c.remediation.text)
            self.assertTrue(set(c.resource_kinds) <= set(info.resource_kinds))


class Checks(unittest.TestCase):
    def evaluate(self, *resources, settings="{}"):
        findings = app.Plugin().evaluate(ctx(settings), list(resources))
        self.assertEqual(len(findings), 3 * len(resources), "one finding per check and resource")
        for f in findings:
            self.assertTrue(re.search(r"\.$", f.message), f.message)
        return findings

    def test_console_user_without_mfa_fails(self):
        f = self.evaluate(
            user("no-mfa", {"LoginProfile": {"CreateDate": "2020-01-01T00:00:00Z"}, "MFADevices": []}),
            user("mfa", {"LoginProfile": {}, "MFADevices": [{"SerialNumber": "arn:aws:iam::1:mfa/x"}]}),
            user("api-only", {"MFADevices": []}),
        )
        self.assertEqual(one(f, "PYEX-IAM-001", "no-mfa").status, Status.FAIL)
        self.assertEqual(one(f, "PYEX-IAM-001", "mfa").status, Status.PASS)
        self.assertEqual(one(f, "PYEX-IAM-001", "api-only").status, Status.NOT_APPLICABLE)

    def test_key_age_against_scan_time_and_setting(self):
        old = user("old", {"AccessKeys": [key("2026-08-01T00:00:00Z", used="2026-11-27T00:00:00Z")]})
        new = user("new", {"AccessKeys": [key("2026-11-01T00:00:00Z", used="2026-11-27T00:00:00Z")]})
        inactive = user("inactive", {"AccessKeys": [key("2010-01-01T00:00:00Z", status="Inactive")]})
        f = self.evaluate(old, new, inactive)
        self.assertEqual(one(f, "PYEX-IAM-002", "old").status, Status.FAIL)
        self.assertEqual(one(f, "PYEX-IAM-002", "old").message,
                         "IAM user old has 1 active access key older than 90 days (the oldest, AKIAEXAMPLE, is 119 days old).")
        self.assertEqual(one(f, "PYEX-IAM-002", "new").status, Status.PASS)
        self.assertEqual(one(f, "PYEX-IAM-002", "inactive").status, Status.NOT_APPLICABLE)
        f = self.evaluate(old, settings='{"max-key-age-days": 200}')
        self.assertEqual(one(f, "PYEX-IAM-002", "old").status, Status.PASS)

    def test_unused_key(self):
        never = user("never", {"AccessKeys": [key("2025-01-01T00:00:00Z")]})
        fresh = user("fresh", {"AccessKeys": [key("2026-11-20T00:00:00Z")]})
        f = self.evaluate(never, fresh)
        self.assertEqual(one(f, "PYEX-IAM-003", "never").status, Status.FAIL)
        self.assertEqual(one(f, "PYEX-IAM-003", "fresh").status, Status.PASS)

    def test_malformed_config_is_an_error_not_a_pass(self):
        f = self.evaluate(user("garbage", "not json"), user("odd", {"AccessKeys": {"Status": "Active"}, "LoginProfile": {}}))
        for check in ("PYEX-IAM-001", "PYEX-IAM-002", "PYEX-IAM-003"):
            self.assertEqual(one(f, check, "garbage").status, Status.ERROR)
        self.assertEqual(one(f, "PYEX-IAM-001", "odd").status, Status.FAIL)  # no MFADevices: none
        self.assertEqual(one(f, "PYEX-IAM-002", "odd").status, Status.ERROR)

    def test_bad_setting_fails_the_call(self):
        with self.assertRaises(Err):
            app.Plugin().evaluate(ctx('{"max-key-age-days": "ninety"}'), [])


if __name__ == "__main__":
    unittest.main()
