//! Reading and validating inventory files. Every error names the file and
//! the position (line and column, or the JSON path) of the problem.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{FORMAT, Inventory, MAJOR, MINOR};
use crate::runtime::validate::is_kind;

#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    #[error("cannot read inventory file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("inventory file {path} is not valid at line {line}, column {column}{}: {message}", at(.json_path))]
    Syntax { path: PathBuf, line: usize, column: usize, json_path: String, message: String },
    #[error("inventory file {path} is not valid at {json_path}: {message}")]
    Invalid { path: PathBuf, json_path: String, message: String },
}

fn at(path: &str) -> String {
    if path.is_empty() || path == "." { String::new() } else { format!(" ({path})") }
}

/// Reads and validates an inventory file.
pub fn read_file(path: &Path) -> Result<Inventory, InventoryError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| InventoryError::Io { path: path.to_path_buf(), source })?;
    parse(&text, path)
}

/// Parses and validates inventory text; `path` is only used in errors.
pub fn parse(text: &str, path: &Path) -> Result<Inventory, InventoryError> {
    let invalid =
        |json_path: String, message: String| InventoryError::Invalid { path: path.to_path_buf(), json_path, message };

    // The format marker and version are checked before anything else, so
    // that a file of another kind or version gets that sentence rather than
    // a field-level error. A valid document is parsed once: its marker and
    // version are read from the result. Only when the full parse fails is
    // the text read again for these two fields alone (the rest skipped, not
    // built into a tree: an inventory may hold a million resources).
    let de = &mut serde_json::Deserializer::from_str(text);
    let inv = match serde_path_to_error::deserialize::<_, Inventory>(de) {
        Ok(inv) => {
            check_head(Some(&inv.format), &inv.version).map_err(|(field, m)| invalid(field.into(), m))?;
            inv
        }
        Err(e) => {
            #[derive(serde::Deserialize)]
            struct Head {
                format: Option<serde_json::Value>,
                version: Option<serde_json::Value>,
            }
            let head = if text.trim_start().starts_with('{') { serde_json::from_str::<Head>(text).ok() } else { None };
            if let Some(head) = head {
                let version = head.version.as_ref().and_then(|v| v.as_str()).unwrap_or_default();
                check_head(head.format.as_ref().and_then(|v| v.as_str()), version)
                    .map_err(|(field, m)| invalid(field.into(), m))?;
            }
            let json_path = e.path().to_string();
            let inner = e.into_inner();
            return Err(InventoryError::Syntax {
                path: path.to_path_buf(),
                line: inner.line(),
                column: inner.column(),
                json_path,
                message: strip_position(&inner.to_string()),
            });
        }
    };

    if crate::time::parse_rfc3339(&inv.scan_time).is_none() {
        return Err(invalid("scan_time".into(), format!("{:?} is not an RFC 3339 timestamp", inv.scan_time)));
    }
    let mut accounts = HashSet::new();
    for (i, a) in inv.accounts.iter().enumerate() {
        if a.id.trim().is_empty() {
            return Err(invalid(format!("accounts[{i}].id"), "is empty".into()));
        }
        if !accounts.insert((a.provider.as_str(), a.id.as_str())) {
            return Err(invalid(format!("accounts[{i}]"), format!("{} account {} is listed twice", a.provider, a.id)));
        }
    }
    let mut ids = HashSet::new();
    for (i, r) in inv.resources.iter().enumerate() {
        if !is_kind(&r.kind) {
            return Err(invalid(
                format!("resources[{i}].kind"),
                format!("{:?} is not of the form provider.service.type (lower case)", r.kind),
            ));
        }
        if r.id.is_empty() {
            return Err(invalid(format!("resources[{i}].id"), "is empty".into()));
        }
        if r.region.is_empty() {
            return Err(invalid(
                format!("resources[{i}].region"),
                "is empty (use \"global\" for global resources)".into(),
            ));
        }
        if !accounts.contains(&(r.provider_str(), r.account.as_str())) {
            return Err(invalid(
                format!("resources[{i}].account"),
                format!(
                    "{} account {:?} of resource {} is not listed in \"accounts\"",
                    r.provider_str(),
                    r.account,
                    r.id
                ),
            ));
        }
        if !r.config.get().trim_start().starts_with('{') {
            return Err(invalid(
                format!("resources[{i}].config"),
                format!("configuration of {} must be a JSON object", r.id),
            ));
        }
        if !ids.insert(r.id.as_str()) {
            return Err(invalid(format!("resources[{i}].id"), format!("resource id {} appears more than once", r.id)));
        }
    }
    for (i, g) in inv.coverage_gaps.iter().enumerate() {
        if !is_kind(&g.kind) || !g.kind.starts_with(&format!("{}.", g.provider)) {
            return Err(invalid(
                format!("coverage_gaps[{i}].kind"),
                format!("{:?} is not a {} kind", g.kind, g.provider),
            ));
        }
        if !accounts.contains(&(g.provider.as_str(), g.account.as_str())) {
            return Err(invalid(
                format!("coverage_gaps[{i}].account"),
                format!("{} account {:?} is not listed in \"accounts\"", g.provider, g.account),
            ));
        }
    }
    Ok(inv)
}

/// The format marker (if a string) and the version: `(field, message)` of the first problem.
fn check_head(format: Option<&str>, version: &str) -> Result<(), (&'static str, String)> {
    match format {
        Some(FORMAT) => {}
        Some(other) => {
            return Err((
                "format",
                format!("expected \"{FORMAT}\", found {other:?}; this is not a splitline inventory"),
            ));
        }
        None => {
            return Err((
                "format",
                format!("missing the \"format\": \"{FORMAT}\" marker; this is not a splitline inventory"),
            ));
        }
    }
    check_version(version).map_err(|m| ("version", m))
}

fn check_version(version: &str) -> Result<(), String> {
    let mut parts = version.split('.');
    let major = parts.next().and_then(|p| p.parse::<u64>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u64>().ok());
    match (major, minor, parts.next()) {
        (Some(MAJOR), Some(minor), None) => {
            if minor > MINOR {
                tracing::warn!(
                    "inventory version {version} is newer than this splitline ({MAJOR}.{MINOR}); fields it does not know are passed to plugins unchanged"
                );
            }
            Ok(())
        }
        (Some(major), Some(_), None) => Err(format!(
            "inventory version {version} is not supported: this splitline reads {MAJOR}.x (major version {major} differs); use a matching splitline release"
        )),
        _ => Err(format!("{version:?} is not a version of the form MAJOR.MINOR")),
    }
}

/// serde_json appends " at line L column C"; we report the position ourselves.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, Path::new("inv.json")).unwrap_err().to_string()
    }

    const OK: &str = r#"{"format":"splitline-inventory","version":"1.0","scan_time":"2026-01-01T00:00:00Z",
        "accounts":[{"provider":"aws","id":"1"}],
        "resources":[{"kind":"aws.s3.bucket","id":"arn:aws:s3:::b","account":"1","region":"us-east-1","config":{"Name":"b"}}]}"#;

    /// The version written, the version read without a warning and the SDK's
    /// `INVENTORY_SCHEMA` are one version.
    #[test]
    fn the_version_constants_agree() {
        use crate::inventory::{MAJOR, MINOR, VERSION};
        assert_eq!(VERSION, format!("{MAJOR}.{MINOR}"));
        assert_eq!(VERSION, splitline_plugin_sdk::INVENTORY_SCHEMA);
    }

    #[test]
    fn valid_file_parses() {
        let inv = parse(OK, Path::new("inv.json")).unwrap();
        assert_eq!(inv.resources[0].config.get(), r#"{"Name":"b"}"#);
    }

    #[test]
    fn syntax_error_names_file_and_position() {
        let e = err("{\"format\": \"splitline-inventory\",\n \"version\": \"1.0\",\n \"scan_time\": oops}");
        assert!(e.starts_with("inventory file inv.json is not valid at line 3, column"), "{e}");
    }

    #[test]
    fn field_error_names_json_path() {
        let e = err(&OK.replace(r#""kind":"aws.s3.bucket","#, ""));
        assert!(e.contains("line 3") && e.contains("resources[0]") && e.contains("missing field `kind`"), "{e}");
    }

    proptest::proptest! {
        /// Whatever bytes arrive, reading returns a value or an error that
        /// names the file; it never panics.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
            if let Err(e) = parse(&text, Path::new("fuzz.json")) {
                proptest::prop_assert!(e.to_string().contains("fuzz.json"));
            }
        }

        /// Corruptions of a valid file (truncation, one changed byte) are
        /// reported, with a position, never a panic.
        #[test]
        fn corrupted_valid_file_never_panics(cut in 0usize..OK.len(), at in 0usize..OK.len(), byte in 0u8..128) {
            let truncated = &OK[..cut];
            if let Err(e) = parse(truncated, Path::new("fuzz.json")) {
                proptest::prop_assert!(e.to_string().contains("fuzz.json"));
            }
            let mut bytes = OK.as_bytes().to_vec();
            bytes[at] = byte;
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = parse(text, Path::new("fuzz.json"));
            }
        }
    }

    #[test]
    fn semantic_errors_name_the_entry() {
        assert!(err(&OK.replace("\"account\":\"1\"", "\"account\":\"2\"")).contains("resources[0].account"));
        assert!(err(&OK.replace("aws.s3.bucket", "S3")).contains("resources[0].kind"));
        assert!(err(&OK.replace("\"version\":\"1.0\"", "\"version\":\"2.0\"")).contains("is not supported"));
        assert!(err(&OK.replace("splitline-inventory", "other")).contains("not a splitline inventory"));
        assert!(err(&OK.replace("2026-01-01T00:00:00Z", "yesterday")).contains("scan_time"));
    }
}
