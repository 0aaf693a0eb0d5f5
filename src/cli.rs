use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// gardefou — OpenAPI governance linter and API scorecards.
#[derive(Parser, Debug)]
#[command(name = "gardefou", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint OpenAPI documents (files, directories, globs, or `-` for standard input).
    Lint(LintArgs),
    /// List the rule catalogue.
    Rules(RulesArgs),
    /// Show one rule's documentation.
    Rule(RuleArgs),
    /// Compare two versions of an API and classify every change (breaking, possibly breaking, safe).
    Diff(DiffArgs),
    /// Score APIs 0–100 per category (validity, security, documentation, naming, versioning).
    Score(ScoreArgs),
    /// Evaluate the governance policies of `.gardefou.yaml` for every API at a lifecycle stage:
    /// compliance per API, policy and ruleset; exit 1 when a `block` action fires.
    Check(CheckArgs),
    /// Write one self-contained definition from a multi-file one (external `$ref`s hoisted
    /// into `components`), for gateways that import a single file.
    Bundle(BundleArgs),
    /// Write a commented `.gardefou.yaml` for the APIs found in a folder (never overwrites).
    Init(InitArgs),
    /// Print the JSON Schema of `.gardefou.yaml`, for editors' YAML language servers.
    Schema,
    /// Run the language server (LSP over standard input and output) for editors.
    Lsp(LspArgs),
    /// Print a shell completion script: bash, zsh, fish or powershell.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    Man(ManArgs),
    /// Run the validation service: `POST /api/v1/validations`, the compliance history and
    /// the dashboard (docs/serve-openapi.yaml).
    Serve(ServeArgs),
    /// Make or revoke the service's bearer tokens.
    Token(TokenArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Text,
    /// gardefou's scorecard JSON (versioned shape).
    Json,
    Markdown,
    /// One self-contained HTML page (inline styles and SVG, no scripts).
    Html,
}

/// A lifecycle stage at which policies are evaluated (WSO2's governable states).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    Create,
    Update,
    Deploy,
    Publish,
}

impl StageArg {
    pub fn stage(self) -> gardefou_governance::Stage {
        match self {
            StageArg::Create => gardefou_governance::Stage::Create,
            StageArg::Update => gardefou_governance::Stage::Update,
            StageArg::Deploy => gardefou_governance::Stage::Deploy,
            StageArg::Publish => gardefou_governance::Stage::Publish,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Every API with its policies, rulesets and violations, then the verdict.
    Text,
    /// gardefou's compliance JSON (versioned; docs/schemas/compliance.schema.json).
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
    /// A self-contained compliance dashboard (inline styles and SVG).
    Html,
    /// SARIF 2.1.0 with the violations that block the stage.
    Sarif,
    /// JUnit XML with the violations that block the stage.
    Junit,
    /// GitHub Actions annotations for the violations that block the stage.
    Github,
    /// GitLab Code Quality report of the violations that block the stage.
    Gitlab,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// API folders and files: apictl projects (api.yaml + Definitions/ + Docs/) are one API
    /// each, other OpenAPI documents one API each. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// The lifecycle stage to check: `create` and `update` never block (violations notify);
    /// `deploy` and `publish` block where a policy says so.
    #[arg(long, value_enum)]
    pub stage: StageArg,
    /// Also record each API's run (score, grade, compliance) in this history database, as
    /// `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL.
    #[arg(long, value_name = "DB")]
    pub history: Option<PathBuf>,
    /// The ruleset file holding `labels:` and `policies:`. Default: the nearest .gardefou.yaml
    /// (or .spectral.yaml|yml|json) from the first PATH upwards, else from the current directory.
    #[arg(short, long)]
    pub ruleset: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Allow `$ref`s to files outside the root document's folder.
    #[arg(long)]
    pub allow_outside_refs: bool,
    /// Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request,
    /// 30 s in all, the file size limit). Off by default: nothing is fetched.
    #[arg(long)]
    pub allow_remote_rulesets: bool,
    #[command(flatten)]
    pub functions: FunctionLimits,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Files, directories, globs, or `-` for standard input. Default: the current directory.
    pub paths: Vec<String>,
    /// Ruleset file; its `scorecard:` section configures the weights and grades.
    #[arg(short, long)]
    pub ruleset: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ScoreFormat::Text)]
    pub format: ScoreFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// An earlier `gardefou score -f json` report: show each API's change since then.
    #[arg(long)]
    pub compare: Option<PathBuf>,
    /// Exit with 1 when an API scores below this (with `--portfolio`: the portfolio's mean).
    #[arg(long)]
    pub min_score: Option<f64>,
    /// Apply `--min-score` to the portfolio's mean score instead of each API.
    #[arg(long)]
    pub portfolio: bool,
    /// The stage whose compliance is shown beside each grade when the ruleset has
    /// `policies:` (as `gardefou check --stage` evaluates it).
    #[arg(long, value_enum, default_value_t = StageArg::Publish)]
    pub stage: StageArg,
    /// Also record each API's run (score, grade, compliance at `--stage`) in this history
    /// database, as `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL.
    #[arg(long, value_name = "DB")]
    pub history: Option<PathBuf>,
    /// Allow `$ref`s to files outside the root document's folder.
    #[arg(long)]
    pub allow_outside_refs: bool,
    /// Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request,
    /// 30 s in all, the file size limit). Off by default: nothing is fetched.
    #[arg(long)]
    pub allow_remote_rulesets: bool,
    #[command(flatten)]
    pub functions: FunctionLimits,
}

/// Limits on the JavaScript functions of rulesets (`functions:`), per call, and what they are
/// given of the environment.
#[derive(Args, Debug, Clone)]
pub struct FunctionLimits {
    /// Time one call of a ruleset JavaScript function may run, in milliseconds; past it the
    /// function is stopped and reported as a finding of its rule.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub function_timeout: u64,
    /// Memory one call of a ruleset JavaScript function may allocate, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub function_memory: usize,
    /// Copy the environment variable NAME into `process.env` of ruleset JavaScript functions
    /// (repeatable); without it their `process.env` is empty.
    #[arg(long, value_name = "NAME", value_parser = env_name)]
    pub function_env: Vec<String>,
}

fn env_name(s: &str) -> Result<String, String> {
    if s.is_empty() || s.contains(['=', '\0']) {
        return Err("a variable name, without `=`".into());
    }
    Ok(s.to_string())
}

impl FunctionLimits {
    pub fn limits(&self) -> gardefou_linter::JsLimits {
        let mut env: Vec<(String, String)> = Vec::new();
        for name in &self.function_env {
            if let Some(value) = std::env::var_os(name) {
                if !env.iter().any(|(n, _)| n == name) {
                    env.push((name.clone(), value.to_string_lossy().into_owned()));
                }
            }
        }
        gardefou_linter::JsLimits {
            time: std::time::Duration::from_millis(self.function_timeout.max(1)),
            memory: self.function_memory.max(1) << 20,
            env,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BundleFormat {
    Yaml,
    Json,
}

#[derive(Args, Debug)]
pub struct BundleArgs {
    /// The root document of the definition (`-` for standard input, whose `$ref`s resolve
    /// from the current directory).
    pub root: String,
    /// Write the bundle to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format. Default: the root document's (YAML for YAML, JSON for JSON).
    #[arg(short, long, value_enum)]
    pub format: Option<BundleFormat>,
    /// Replace every `$ref` by its target instead of hoisting it; a target on a reference
    /// cycle stays a `$ref` into `components`.
    #[arg(long)]
    pub dereference: bool,
    /// Allow `$ref`s to files outside the root document's folder.
    #[arg(long)]
    pub allow_outside_refs: bool,
    /// Fetch remote (`http(s)://`) `$ref` targets and bundle them too. Off by default:
    /// nothing is fetched.
    #[arg(long)]
    pub allow_remote_refs: bool,
    /// Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs).
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub remote_timeout: u64,
    /// Longest time spent fetching remote `$ref` targets, in seconds (with --allow-remote-refs).
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub remote_deadline: u64,
    /// Deepest nesting of arrays and objects read, and of the bundle written.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_depth)]
    pub max_depth: usize,
    /// Largest file read, in bytes.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_file_size)]
    pub max_file_size: usize,
    /// Most nodes YAML aliases may expand to.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_alias_nodes)]
    pub max_alias_nodes: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    /// Spectral's JSON shape: one result per change, at its place in the new document (the old
    /// one for removals); severity 0 breaking, 1 possibly breaking, 2 safe.
    SpectralJson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    PossiblyBreaking,
    Never,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version: a file, or `REV:path` for a file in git history.
    pub old: String,
    /// The new version: a file, or `REV:path`.
    pub new: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a change of this class (or worse) is found.
    #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
    pub fail_on: FailOn,
    /// Allow `$ref`s to files outside the documents' folders.
    #[arg(long)]
    pub allow_outside_refs: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    Human,
    /// gardefou's JSON (versioned shape).
    Json,
    /// Exactly Spectral's `--format json` shape.
    SpectralJson,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML (Jenkins, GitLab test reports).
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// One line per finding.
    Stylish,
    /// Markdown, for pull-request comments.
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailSeverity {
    Error,
    Warn,
    Info,
    Hint,
    Never,
}

/// The least severe findings shown (`--min-severity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Error,
    Warn,
    Info,
    Hint,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files, directories (every OpenAPI root document under them, honouring .gitignore),
    /// globs, or `-` for standard input. Default: the current directory.
    pub paths: Vec<String>,
    /// Ruleset file (Spectral format), or a built-in ruleset by name (`spectral:oas`,
    /// `gardefou:recommended` …). Default: the nearest .gardefou.yaml or
    /// .spectral.yaml|yml|json, else the built-in gardefou:recommended.
    #[arg(short, long)]
    pub ruleset: Option<PathBuf>,
    /// Output format: human, json, spectral-json, sarif, junit, github, gitlab, stylish,
    /// markdown. Repeat with `FORMAT=FILE` to write several reports in one run
    /// (`-f human -f sarif=out.sarif`). Default: human.
    #[arg(short, long, value_parser = parse_format_spec)]
    pub format: Vec<FormatSpec>,
    /// Write the report to this file instead of standard output (for a format given without
    /// `=FILE`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailSeverity::Error)]
    pub fail_severity: FailSeverity,
    // Output at scale (issue 13): what the reports show. `--only` and `--min-severity` change
    // what is shown, never the exit code; `--skip` drops the rules' findings from the run.
    /// Print only the summary (findings per rule, severity and document) in the human,
    /// stylish and markdown formats.
    #[arg(long)]
    pub summary: bool,
    /// Print at most N findings (the most severe first) in the human and stylish formats, and
    /// in markdown; 0: all. Default: 100 on a terminal, all otherwise.
    #[arg(long, value_name = "N")]
    pub max_problems: Option<usize>,
    /// Show only the findings of these rules (comma-separated or repeated). The exit code
    /// still counts every finding not skipped.
    #[arg(long, value_name = "RULE[,RULE]", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Drop the findings of these rules from the run: not shown, not in a written baseline,
    /// not counted for the exit code (as if the ruleset turned them off).
    #[arg(long, value_name = "RULE[,RULE]", value_delimiter = ',')]
    pub skip: Vec<String>,
    /// Show only findings at or above this severity; the exit code is still decided by
    /// `--fail-severity` over every finding not skipped.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_severity: Option<MinSeverity>,
    /// Also append a Markdown summary (the markdown format, within GitHub's 1 MiB) to this
    /// file: `--summary-file "$GITHUB_STEP_SUMMARY"` for the job summary of a GitHub workflow.
    #[arg(long, value_name = "PATH")]
    pub summary_file: Option<PathBuf>,
    /// Allow `$ref`s to files outside the root document's folder.
    #[arg(long)]
    pub allow_outside_refs: bool,
    /// Fetch remote (`http(s)://`) `$ref` targets. Off by default: nothing is fetched.
    #[arg(long)]
    pub allow_remote_refs: bool,
    /// Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`), under the same
    /// timeouts and size limit as remote `$ref`s. Off by default: nothing is fetched.
    #[arg(long)]
    pub allow_remote_rulesets: bool,
    /// Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs).
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub remote_timeout: u64,
    /// Longest time spent fetching remote `$ref` targets in one run, in seconds; targets not
    /// fetched by then are reported as invalid references (with --allow-remote-refs).
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub remote_deadline: u64,
    #[command(flatten)]
    pub functions: FunctionLimits,
    /// Record today's findings in this file (then use it with `--baseline`).
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not in this baseline (and count the fixed ones). Default:
    /// the ruleset's `baseline:`, when it names one.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// The previous version of the API (a file or `REV:path`), for rules that compare with it
    /// (`versioning-breaking-change-needs-major`).
    #[arg(long)]
    pub base: Option<String>,
    /// Deepest nesting of arrays and objects read.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_depth)]
    pub max_depth: usize,
    /// Largest file read, in bytes.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_file_size)]
    pub max_file_size: usize,
    /// Most nodes YAML aliases may expand to.
    #[arg(long, default_value_t = gardefou_source::Limits::default().max_alias_nodes)]
    pub max_alias_nodes: usize,
    /// Never colour the human output; the same as `--color never`.
    #[arg(long)]
    pub no_color: bool,
    /// Colour the human output: `auto` (on a terminal, unless NO_COLOR is set; FORCE_COLOR
    /// forces it), `always` or `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Only the rules of this built-in ruleset (`spectral:oas`, `wso2:owasp-top-10` …), each at
    /// the severity the ruleset gives it (`off` when it is not recommended); default: the whole
    /// catalogue at each rule's default severity.
    #[arg(long, value_name = "NAME")]
    pub ruleset: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct RuleArgs {
    /// The rule id, e.g. `oas3-schema`.
    pub id: String,
}

/// One requested report: a format, and the file it goes to (`FORMAT=FILE`), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatSpec {
    pub format: Format,
    pub file: Option<PathBuf>,
}

fn parse_format_spec(s: &str) -> Result<FormatSpec, String> {
    let (name, file) = match s.split_once('=') {
        Some((n, f)) if !f.is_empty() => (n, Some(PathBuf::from(f))),
        Some((n, _)) => return Err(format!("`{n}=` needs a file name after `=`")),
        None => (s, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format `{name}` (one of: {})", names.join(", "))
    })?;
    Ok(FormatSpec { format, file })
}

/// When to colour the human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a terminal (`to_terminal`) or elsewhere: an explicit
    /// `always`/`never` decides; under `auto`, a non-empty `FORCE_COLOR` other than `0` or
    /// `false` turns colour on, else a non-empty `NO_COLOR` turns it off, else only a
    /// terminal gets colour.
    pub fn enabled(self, to_terminal: bool) -> bool {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if var("FORCE_COLOR").is_some_and(|v| v != "0" && v != "false") {
                    true
                } else if var("NO_COLOR").is_some() {
                    false
                } else {
                    to_terminal
                }
            }
        }
    }
}

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Talk over standard input and output (the only transport, and the default). Accepted
    /// because language clients add it (VS Code's with a stdio transport, LSP4IJ's templates).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to look for APIs in and to write `.gardefou.yaml` into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write `gardefou.1` and one `gardefou-COMMAND.1` per command into this folder instead of
    /// printing `gardefou.1`.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The ruleset file: its rules score every submission, its `policies:` decide compliance.
    /// Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current
    /// directory upwards, else gardefou:recommended.
    #[arg(short = 'c', long = "config", visible_alias = "ruleset")]
    pub config: Option<PathBuf>,
    /// The history database: a SQLite file, created and migrated when needed, or
    /// `postgres://user:password@host:port/dbname` (several instances may share it; no TLS).
    #[arg(long, default_value = "gardefou.db")]
    pub db: PathBuf,
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// How long one validation may take, in seconds (longer: the run fails with 422).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub time_budget: f64,
    /// Validations run at the same time. Default: the number of CPUs.
    #[arg(long)]
    pub workers: Option<usize>,
    /// Validations that may wait beyond those running (more: 503 with Retry-After).
    #[arg(long, default_value_t = 64)]
    pub queue: usize,
    /// How long a request waits for its validation before answering 202 with a URL to poll,
    /// in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub wait: f64,
    /// Open the dashboard pages (not the REST API) to anyone who can reach the service.
    #[arg(long)]
    pub public_dashboard: bool,
    #[command(flatten)]
    pub functions: FunctionLimits,
}

#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Make a bearer token; it is printed once, only its SHA-256 is stored.
    Create {
        /// The history database: a SQLite file or a PostgreSQL URL.
        #[arg(long, default_value = "gardefou.db")]
        db: PathBuf,
        /// What it may do: gardefou:validate, gardefou:read, gardefou:admin (comma-separated).
        #[arg(long, value_delimiter = ',', required = true, value_parser = scope)]
        scope: Vec<String>,
        /// Who or what it is for (shown in the audit log).
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by its id (`token create` prints it).
    Revoke {
        /// The history database: a SQLite file or a PostgreSQL URL.
        #[arg(long, default_value = "gardefou.db")]
        db: PathBuf,
        /// The token's id.
        #[arg(long)]
        id: i64,
    },
}

fn scope(s: &str) -> Result<String, String> {
    gardefou_serve::Scope::parse(s)
        .map(|sc| sc.as_str().to_string())
        .ok_or_else(|| "expected gardefou:validate, gardefou:read or gardefou:admin".into())
}
