//! Small helpers to write SDK output types as the documented JSON: the API
//! shapes' PascalCase names, absent fields left out, timestamps RFC 3339.

use std::collections::BTreeMap;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value};

/// A JSON object under construction; `None` values are left out.
#[derive(Default)]
pub struct Obj(Map<String, Value>);

impl Obj {
    pub fn new() -> Obj {
        Obj(Map::new())
    }

    pub fn put(mut self, key: &str, value: impl J) -> Obj {
        if let Some(v) = value.j() {
            self.0.insert(key.to_string(), v);
        }
        self
    }

    pub fn set(&mut self, key: &str, value: impl J) {
        if let Some(v) = value.j() {
            self.0.insert(key.to_string(), v);
        }
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// A value that may become JSON.
pub trait J {
    fn j(self) -> Option<Value>;
}

impl J for &str {
    fn j(self) -> Option<Value> {
        Some(Value::String(self.to_string()))
    }
}
impl J for String {
    fn j(self) -> Option<Value> {
        Some(Value::String(self))
    }
}
impl J for &String {
    fn j(self) -> Option<Value> {
        Some(Value::String(self.clone()))
    }
}
impl J for bool {
    fn j(self) -> Option<Value> {
        Some(Value::Bool(self))
    }
}
impl J for i32 {
    fn j(self) -> Option<Value> {
        Some(Value::from(self))
    }
}
impl J for i64 {
    fn j(self) -> Option<Value> {
        Some(Value::from(self))
    }
}
impl J for f64 {
    fn j(self) -> Option<Value> {
        Some(Value::from(self))
    }
}
impl J for Value {
    fn j(self) -> Option<Value> {
        Some(self)
    }
}
impl J for &DateTime {
    fn j(self) -> Option<Value> {
        Some(Value::String(ts(self)))
    }
}
impl J for Vec<Value> {
    fn j(self) -> Option<Value> {
        Some(Value::Array(self))
    }
}
impl J for &[String] {
    fn j(self) -> Option<Value> {
        Some(Value::Array(self.iter().map(|s| Value::String(s.clone())).collect()))
    }
}
impl<T: J> J for Option<T> {
    fn j(self) -> Option<Value> {
        self.and_then(J::j)
    }
}

/// RFC 3339 (`2026-11-03T10:41:19Z`).
pub fn ts(t: &DateTime) -> String {
    t.fmt(Format::DateTime).unwrap_or_else(|_| t.secs().to_string())
}

/// Maps each element with `f` into a JSON array.
pub fn arr<T>(items: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(f).collect())
}

/// Strings into a JSON array.
pub fn strs(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| Value::String(s.clone())).collect())
}

/// `[{Key, Value}]` of a tag list and the tag map.
pub fn tags<T>(items: &[T], kv: impl Fn(&T) -> (Option<&str>, Option<&str>)) -> (Value, BTreeMap<String, String>) {
    let mut map = BTreeMap::new();
    let list = items
        .iter()
        .map(|t| {
            let (k, v) = kv(t);
            if let Some(k) = k {
                map.insert(k.to_string(), v.unwrap_or("").to_string());
            }
            Obj::new().put("Key", k).put("Value", v).build()
        })
        .collect();
    (Value::Array(list), map)
}

/// A policy document as returned (JSON, or URL-encoded JSON for IAM) parsed
/// into JSON; kept as a string if it is neither.
pub fn policy_document(raw: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(raw) {
        return v;
    }
    let decoded = url_decode(raw);
    serde_json::from_str::<Value>(&decoded).unwrap_or(Value::String(decoded))
}

/// Percent-decoding (`%7B` → `{`, `+` kept: IAM encodes spaces as `%20`).
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The `Name` tag, if any.
pub fn name_tag(tags: &BTreeMap<String, String>) -> Option<String> {
    tags.get("Name").filter(|n| !n.is_empty()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_values_are_left_out_and_times_are_rfc3339() {
        let t = DateTime::from_secs(1_790_000_000);
        let v = Obj::new().put("A", Some("x")).put("B", None::<bool>).put("C", &t).put("D", 3).build();
        assert_eq!(v, serde_json::json!({"A": "x", "C": "2026-09-21T14:13:20Z", "D": 3}));
    }

    #[test]
    fn iam_documents_are_url_decoded() {
        let raw = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(policy_document(raw), serde_json::json!({"Version": "2012-10-17", "Statement": []}));
        assert_eq!(policy_document("{\"a\":1}"), serde_json::json!({"a": 1}));
        assert_eq!(url_decode("100%"), "100%");
    }
}
