//! Command-line definitions (clap). Dispatch lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Provider, ServiceModel, Severity};
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "splitline",
    version,
    about = "Checks the customer's side of the cloud shared-responsibility line on AWS, Azure and GCP.",
    after_help = "Start with: splitline scan --demo"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file (default: ./splitline.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load a third-party plugin component (repeatable).
    #[arg(long = "plugin", global = true, value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
    /// Load every *.wasm in this directory as a plugin.
    #[arg(long, global = true, value_name = "DIR")]
    pub plugins_dir: Option<PathBuf>,
    /// Lock file pinning plugin digests (default: splitline.lock beside the
    /// config file, or in the working directory).
    #[arg(long, global = true, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// Do not load the first-party plugins built into splitline.
    #[arg(long, global = true)]
    pub no_builtin: bool,
    /// Where compiled plugins are cached (default: $SPLITLINE_CACHE_DIR, else ~/.cache/splitline).
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Compile plugins every run instead of using the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Evaluate an inventory (or collect one live) with every loaded plugin and report.
    Scan(ScanArgs),
    /// Manage, inspect and check plugins.
    #[command(subcommand)]
    Plugins(PluginsCommand),
    /// Create a new plugin.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Show the checks of the loaded plugins.
    #[command(subcommand)]
    Checks(ChecksCommand),
    /// Collect configuration from AWS, Azure or GCP (read-only) and write an inventory.
    Collect(CollectArgs),
    /// Print the minimal read-only policy a scan needs on a provider.
    Permissions(PermissionsArgs),
    /// Render a saved JSON result in any format, with new mutes or a baseline (no cloud access).
    Report(ReportCommandArgs),
    /// Compare two JSON results: new, unchanged, fixed and newly unevaluable findings.
    Diff(DiffArgs),
    /// Compliance coverage per framework (CIS, SOC 2, ISO 27001, NIST CSF).
    Compliance(ComplianceArgs),
    /// Combine saved JSON results (the shards of one `scan --shard K/N` run)
    /// into one report (docs/organizations.md).
    Merge(MergeArgs),
}

/// How a result is rendered, filtered by mutes, compared and gated; shared
/// by `scan` and `report`.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Report")]
pub struct ReportArgs {
    /// Output formats, comma-separated or repeated: terminal, json, sarif,
    /// ocsf, asff, csv, junit, markdown, html (default: terminal, or the
    /// config's scan.format). Several formats need --output-dir.
    #[arg(long, value_delimiter = ',', value_name = "FORMAT")]
    pub format: Vec<Format>,
    /// Write the report to this file instead of stdout (written atomically).
    #[arg(long, short, value_name = "FILE", conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write each format to this directory as splitline.<ext> (created if
    /// missing; files written atomically); the terminal summary still goes
    /// to stdout.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Mutes file (TOML, or YAML by extension): accepted findings, each with
    /// a reason, optional owner and expiry (docs/mutes.md).
    #[arg(long, value_name = "FILE")]
    pub mutes: Option<PathBuf>,
    /// A previous JSON result: classify findings as new, unchanged, fixed or
    /// newly unevaluable.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 when an unmuted failed finding has at least this severity;
    /// `never` to only fail on errors. Default: any failed finding.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Count only failed findings that are new against --baseline.
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
}

#[derive(Debug, Args)]
pub struct ReportCommandArgs {
    /// A JSON result written by `splitline scan --format json`.
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,
    /// Render only the responsibility matrix, as its own document
    /// (markdown, the default, or html).
    #[arg(long)]
    pub responsibility: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier JSON result (the baseline).
    pub before: PathBuf,
    /// The later JSON result.
    pub after: PathBuf,
    /// `table` (default) or `json`.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ComplianceArgs {
    /// A saved JSON result to assess.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["demo", "inventory"])]
    pub results: Option<PathBuf>,
    /// Scan the bundled demo inventory and assess it.
    #[arg(long, conflicts_with = "inventory")]
    pub demo: bool,
    /// Scan a saved inventory and assess it.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Only these frameworks (pack ids, e.g. cis-aws-3.0.0, soc2).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub framework: Vec<String>,
    /// Also list each requirement's status.
    #[arg(long)]
    pub requirements: bool,
    /// Mutes file applied before assessing.
    #[arg(long, value_name = "FILE")]
    pub mutes: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Providers to collect from (default: every provider with credentials configured).
    #[arg(value_delimiter = ',', value_name = "PROVIDER")]
    pub providers: Vec<Provider>,
    /// Write the inventory here (written atomically); default: stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Collect every kind the collectors know, not only those the loaded plugins read.
    #[arg(long)]
    pub all_kinds: bool,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Debug, Args)]
pub struct PermissionsArgs {
    pub provider: Provider,
    /// Cover every kind the collector knows, not only those the loaded plugins read.
    #[arg(long)]
    pub all_kinds: bool,
    /// AWS: the two policies of an organization scan, as one JSON document:
    /// the management account's (Organizations read, sts:AssumeRole on the
    /// member role only) and the member role's (the read-only policy).
    #[arg(long)]
    pub organization: bool,
    /// With --organization: the member role's name (default SplitlineAudit).
    #[arg(long, value_name = "NAME", requires = "organization")]
    pub member_role: Option<String>,
}

/// `KEY=VALUE` of `--account-tag`.
fn parse_tag(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

/// How live collection reaches the providers.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Live collection")]
pub struct LiveArgs {
    /// AWS regions (comma-separated; default: every region enabled for the account).
    #[arg(long, value_delimiter = ',', value_name = "REGION")]
    pub region: Vec<String>,
    /// AWS named profile (default: AWS_PROFILE, then `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS role to assume with the found credentials.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// External id for --role-arn.
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// Azure subscriptions (comma-separated; default: every subscription the identity can see).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub subscription: Vec<String>,
    /// Azure tenant (default: the credential's own).
    #[arg(long, value_name = "ID")]
    pub tenant: Option<String>,
    /// Azure: every subscription under this management group (its whole
    /// subtree; repeatable or comma-separated). Not with --subscription.
    #[arg(long, value_delimiter = ',', value_name = "ID", conflicts_with = "subscription")]
    pub azure_management_group: Vec<String>,
    /// GCP projects (comma-separated; default: every project the identity can list).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub project: Vec<String>,
    /// GCP: every active project under this organization, in every folder
    /// (number; repeatable or comma-separated). Not with --project.
    #[arg(long, value_delimiter = ',', value_name = "ORG_ID", conflicts_with = "project")]
    pub gcp_organization: Vec<String>,
    /// GCP: every active project under this folder and its sub-folders
    /// (number; repeatable or comma-separated). Not with --project.
    #[arg(long, value_delimiter = ',', value_name = "FOLDER_ID", conflicts_with = "project")]
    pub gcp_folder: Vec<String>,
    /// API calls in flight at once per run.
    #[arg(long, value_name = "N", default_value_t = splitline_collect::Request::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Seconds allowed for one API call, retries included (default 60). A
    /// call without an answer by then (a stalled connection or body) becomes
    /// a `timeout` coverage gap.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub call_timeout: Option<u64>,
    /// Write every API call made (service, operation, account, region, outcome) to FILE as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub api_log: Option<PathBuf>,
    /// AWS: scan the accounts of the organization. The credentials (with
    /// --profile/--role-arn) must be the management account's or a delegated
    /// administrator's; each member is scanned through --member-role, the
    /// caller's own account with its own credentials. See docs/organizations.md.
    #[arg(long)]
    pub organization: bool,
    /// With --organization: the role assumed in each member account (name,
    /// or path/name). It must exist in every member, trust the management
    /// account and be read-only (examples/aws-org/member-role.yaml).
    /// Default: SplitlineAudit.
    #[arg(long, value_name = "NAME", requires = "organization")]
    pub member_role: Option<String>,
    /// With --organization: the external id the member role's trust policy requires.
    #[arg(long, value_name = "ID", requires = "organization")]
    pub member_external_id: Option<String>,
    /// With --organization: length of each member session (900 to 43200;
    /// default 3600). Sessions are renewed before they end, so a member scan
    /// may take longer.
    #[arg(long, value_name = "SECS", requires = "organization", value_parser = clap::value_parser!(u32).range(900..=43200))]
    pub member_session_seconds: Option<u32>,
    /// With --organization: only accounts beneath these OUs (ids `ou-…`, or
    /// the root `r-…`; comma-separated or repeated). With --account, the union.
    #[arg(long, value_delimiter = ',', value_name = "OU_ID", requires = "organization")]
    pub ou: Vec<String>,
    /// With --organization: only these accounts (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "ACCOUNT_ID", requires = "organization")]
    pub account: Vec<String>,
    /// With --organization: leave these accounts out (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "ACCOUNT_ID", requires = "organization")]
    pub exclude_account: Vec<String>,
    /// With --organization: only accounts with this tag (KEY=VALUE; repeated: all must match).
    #[arg(long, value_name = "KEY=VALUE", requires = "organization", value_parser = parse_tag)]
    pub account_tag: Vec<(String, String)>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Evaluate the bundled demo inventory (no cloud account needed).
    #[arg(long, conflicts_with = "inventory")]
    pub demo: bool,
    /// Evaluate a saved inventory file.
    #[arg(long, value_name = "FILE", conflicts_with = "provider")]
    pub inventory: Option<PathBuf>,
    /// Collect live from these providers (comma-separated: aws,azure,gcp) and
    /// evaluate. Without --demo, --inventory or --provider: every provider
    /// with credentials configured.
    #[arg(long, value_delimiter = ',', value_name = "PROVIDER", conflicts_with = "demo")]
    pub provider: Vec<Provider>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Evaluation threads (default: one per CPU).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub live: LiveArgs,
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// Organisation-scale scanning: units (one per provider × account),
/// shards, checkpoints (docs/organizations.md).
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Organisation scale")]
pub struct FleetArgs {
    /// Scan only shard K of N (1 ≤ K ≤ N): the accounts whose stable hash of
    /// `provider/account-id` falls in it. Run K = 1..N on N machines, then
    /// `splitline merge` their JSON results. The assignment is the same on
    /// every machine and splitline version.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::fleet::shard::Shard>,
    /// Accounts collected and evaluated at once.
    #[arg(long, value_name = "N", default_value_t = crate::fleet::DEFAULT_PARALLEL_ACCOUNTS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub parallel_accounts: usize,
    /// Write each account's partial result to DIR as it finishes (atomically),
    /// with a fingerprint of its inputs, so that an interrupted scan can be
    /// resumed with --resume DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    pub checkpoint: Option<PathBuf>,
    /// Resume the scan checkpointed in DIR (implies --checkpoint DIR): accounts
    /// whose partial result matches the current inputs (splitline version,
    /// plugins and their settings, options, the account's inventory slice)
    /// are not scanned again; the others are. The report is the one an
    /// uninterrupted run gives.
    #[arg(long, value_name = "DIR")]
    pub resume: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON results written by `splitline scan --format json` (typically the
    /// shards 1..N of one `--shard K/N` run).
    #[arg(required = true, value_name = "RESULT")]
    pub results: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    AtLeast(Severity),
    Never,
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "never" {
            return Ok(FailOn::Never);
        }
        s.parse::<Severity>()
            .map(FailOn::AtLeast)
            .map_err(|_| format!("`{s}` is not a severity; expected critical, high, medium, low, info or never"))
    }
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// List loaded plugins with their source and digest.
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Run plugins through the contract's conformance rules (no cloud access).
    Check {
        /// Plugin component files.
        files: Vec<PathBuf>,
        /// Also check every built-in plugin.
        #[arg(long)]
        builtin: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print a plugin's metadata, checks, resource kinds, contract version
    /// and digest without running any check.
    Inspect {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Pin a plugin: record its SHA-256 in the lock file so a changed file is refused.
    Add { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Scaffold an out-of-tree plugin crate that builds for wasm32-wasip2.
    New {
        /// Plugin name (lower-case letters, digits, dashes); also the directory name.
        name: String,
        #[arg(long)]
        provider: Provider,
        #[arg(long = "model", value_name = "MODEL")]
        model: ServiceModel,
        /// The plugin-sdk folder to depend on (default: the source tree splitline was built from).
        #[arg(long, value_name = "PATH")]
        sdk: Option<PathBuf>,
        /// Where to create the crate (default: the working directory).
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// List checks, optionally filtered.
    List {
        #[arg(long, value_delimiter = ',')]
        provider: Vec<Provider>,
        #[arg(long, value_delimiter = ',')]
        service_model: Vec<ServiceModel>,
        /// Only these severities (comma-separated).
        #[arg(long, value_delimiter = ',')]
        severity: Vec<Severity>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one check's full metadata and remediation (by id or long id).
    Show { id: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

macro_rules! value_parser_from_str {
    ($($t:ty),*) => {$(
        impl clap::builder::ValueParserFactory for $t {
            type Parser = clap::builder::ValueParser;
            fn value_parser() -> Self::Parser {
                clap::builder::ValueParser::new(|s: &str| s.parse::<$t>())
            }
        }
    )*};
}
value_parser_from_str!(Provider, ServiceModel, Severity, FailOn);
