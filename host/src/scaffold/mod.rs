//! `splitline plugin new`: an out-of-tree plugin crate that builds for
//! `wasm32-wasip2` and loads with `--plugin` without edits.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::model::{Provider, ServiceModel};

const CARGO_TOML: &str = include_str!("template/Cargo.toml.tmpl");
const LIB_RS: &str = include_str!("template/lib.rs.tmpl");
const CHECKS_MOD_RS: &str = include_str!("template/checks_mod.rs.tmpl");
const CHECK_RS: &str = include_str!("template/check.rs.tmpl");
const README_MD: &str = include_str!("template/README.md.tmpl");
const FIXTURE_JSON: &str = include_str!("template/fixture.json.tmpl");
const GITIGNORE: &str = "/target\n";

/// The plugin SDK of the source tree this binary was built from, if it is
/// still there.
pub fn default_sdk() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugin-sdk");
    p.join("Cargo.toml").is_file().then(|| p.canonicalize().unwrap_or(p))
}

pub struct Options {
    pub name: String,
    pub provider: Provider,
    pub model: ServiceModel,
    pub sdk: Option<PathBuf>,
    /// Parent directory; the crate goes into `dir/name`.
    pub dir: PathBuf,
}

/// Example kind per provider: (kind, SDK model path, name of the config's name field).
fn example_kind(p: Provider) -> (&'static str, &'static str) {
    match p {
        Provider::Aws => ("aws.s3.bucket", "kinds::aws::S3Bucket"),
        Provider::Azure => ("azure.storage.account", "kinds::azure::StorageAccount"),
        Provider::Gcp => ("gcp.storage.bucket", "kinds::gcp::StorageBucket"),
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Writes the crate and returns its directory.
pub fn create(opts: &Options) -> anyhow::Result<PathBuf> {
    if !valid_name(&opts.name) {
        bail!(
            "`{}` is not a valid plugin name: use lower-case letters, digits and dashes, starting with a letter",
            opts.name
        );
    }
    let sdk = match &opts.sdk {
        Some(p) => {
            if !p.join("Cargo.toml").is_file() {
                bail!("--sdk {} does not contain a Cargo.toml; point it at the plugin-sdk folder of a splitline checkout", p.display());
            }
            p.canonicalize().unwrap_or_else(|_| p.clone())
        }
        None => default_sdk().context(
            "the splitline source tree this binary was built from is gone; pass --sdk PATH (the plugin-sdk folder of a splitline checkout)",
        )?,
    };
    let root = opts.dir.join(&opts.name);
    if root.exists() {
        bail!("{} already exists; choose another name or --dir", root.display());
    }
    let (kind, model_path) = example_kind(opts.provider);
    let prefix: String =
        opts.name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    let prefix = &prefix[..prefix.len().min(12)];
    let model_ident = match opts.model {
        ServiceModel::Iaas => "Iaas",
        ServiceModel::Paas => "Paas",
        ServiceModel::Saas => "Saas",
        ServiceModel::Serverless => "Serverless",
    };
    let fill = |t: &str| {
        t.replace("{{name}}", &opts.name)
            .replace("{{crate}}", &opts.name.replace('-', "_"))
            .replace("{{provider}}", opts.provider.as_str())
            .replace("{{Model}}", model_ident)
            .replace("{{model}}", opts.model.as_str())
            .replace("{{prefix}}", prefix)
            .replace("{{kind}}", kind)
            .replace("{{kind_model}}", model_path)
            .replace("{{sdk}}", &sdk.display().to_string().replace('\\', "/"))
            .replace("{{splitline_version}}", env!("CARGO_PKG_VERSION"))
    };
    let files: [(&str, String); 7] = [
        ("Cargo.toml", fill(CARGO_TOML)),
        ("src/lib.rs", fill(LIB_RS)),
        ("src/checks/mod.rs", fill(CHECKS_MOD_RS)),
        ("src/checks/required_tag.rs", fill(CHECK_RS)),
        ("tests/fixtures/inventory.json", fill(FIXTURE_JSON)),
        ("README.md", fill(README_MD)),
        (".gitignore", GITIGNORE.to_string()),
    ];
    let count = files.len();
    // All the files or, on Ctrl-C before this starts, none of them.
    crate::interrupt::output(count, || -> anyhow::Result<()> {
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("relative path has a parent"))
                .with_context(|| format!("cannot create {}", path.parent().unwrap().display()))?;
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    })?;
    Ok(root)
}
