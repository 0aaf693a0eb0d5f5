//! `gardefou diff OLD NEW`: the changes between two versions of an API, classified.

use std::path::Path;

use anyhow::{bail, Context, Result};
use gardefou_diff::{diff, Change, Class, Sides};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_report::text::plain;
use serde_json::json;

use crate::cli::{DiffArgs, DiffFormat, FailOn};

/// Loads a version: a file, or `REV:path` read from git (its `$ref`s resolve against the
/// working tree). A version that cannot be read or parsed is an error: comparing against an
/// empty document would report everything as new.
pub fn load_version(spec: &str, options: &LoadOptions) -> Result<DocumentSet> {
    let set = read_version(spec, options)?;
    let root = set.root();
    if let Some(issue) = root.issues.iter().find(|i| i.kind.is_fatal()) {
        let p = root.position(issue.span.start);
        bail!(
            "{spec}:{}:{}: cannot be read: {}",
            p.line,
            p.column,
            issue.message
        );
    }
    if root.root.is_none() {
        bail!("{spec}: the document is empty");
    }
    Ok(set)
}

fn read_version(spec: &str, options: &LoadOptions) -> Result<DocumentSet> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok(DocumentSet::load(path, options)?);
    }
    let Some((rev, file)) = spec.split_once(':') else {
        bail!("{spec}: no such file or directory");
    };
    // Only a revision git itself resolves to a commit is handed on, as its hexadecimal id:
    // nothing the user wrote reaches git where it could be read as an option.
    if rev.is_empty()
        || rev.starts_with('-')
        || rev.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        bail!("{spec}: `{rev}` is not a git revision");
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .with_context(|| format!("cannot run git to read `{spec}`"))
    };
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &format!("{rev}^{{commit}}"),
    ])?;
    let id = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    if !commit.status.success() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("{spec}: `{rev}` is not a git revision of this repository");
    }
    let stdout = git_show(spec, &format!("{id}:{file}"), options.limits.max_file_size)?;
    let text = String::from_utf8(stdout).with_context(|| format!("{spec} is not UTF-8"))?;
    let base = Path::new(file).parent().unwrap_or(Path::new("."));
    let name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(DocumentSet::from_text(&name, text, base, options))
}

/// `git show OBJECT`'s output, read no further than `limit` bytes (`--max-file-size`): past
/// it, git is stopped and the version refused, as a file over the limit is.
fn git_show(spec: &str, object: &str, limit: usize) -> Result<Vec<u8>> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("git")
        .args(["show", object])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run git to read `{spec}`"))?;
    let stdout = child.stdout.take().expect("piped");
    let read = gardefou_document::read_limited(stdout, limit);
    if read.is_err() {
        let _ = child.kill();
    }
    let out = child
        .wait_with_output()
        .with_context(|| format!("cannot run git to read `{spec}`"))?;
    match read {
        Err(gardefou_document::ReadError::TooLarge { limit, .. }) => {
            bail!("{spec}: the file is larger than the {limit} byte limit (--max-file-size)")
        }
        Err(e) => bail!("{spec}: cannot read git's output: {e}"),
        Ok(_) if !out.status.success() => {
            bail!("{spec}: {}", String::from_utf8_lossy(&out.stderr).trim())
        }
        Ok(bytes) => Ok(bytes),
    }
}

fn loc_json(set: &DocumentSet, loc: &Option<gardefou_diff::Loc>) -> serde_json::Value {
    match loc {
        None => serde_json::Value::Null,
        Some(l) => {
            let file = set.file(l.file);
            let p = file.position(l.span.start);
            json!({"file": file.name, "path": l.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "line": p.line, "column": p.column})
        }
    }
}

fn loc_text(set: &DocumentSet, loc: &Option<gardefou_diff::Loc>) -> String {
    match loc {
        None => "-".into(),
        Some(l) => plain(&set.place(l.file, l.span.start)).into_owned(),
    }
}

/// The operations a change reaches, when the message does not already name its only one.
fn affects_line(c: &Change) -> Option<String> {
    const SHOWN: usize = 5;
    match c.affects.as_slice() {
        [] => None,
        [one] if c.message.starts_with(one.as_str()) => None,
        list => {
            let mut line = format!(
                "    affects {} operation{}: {}",
                list.len(),
                if list.len() == 1 { "" } else { "s" },
                list.iter()
                    .take(SHOWN)
                    .map(|o| plain(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if list.len() > SHOWN {
                line.push_str(&format!(" and {} more", list.len() - SHOWN));
            }
            line.push('\n');
            Some(line)
        }
    }
}

pub fn run(args: DiffArgs) -> Result<u8> {
    let options = LoadOptions {
        allow_outside_refs: args.allow_outside_refs,
        ..LoadOptions::default()
    };
    let old_set = load_version(&args.old, &options)?;
    let new_set = load_version(&args.new, &options)?;
    let (Some(old), Some(new)) = (
        gardefou_model::build(&old_set),
        gardefou_model::build(&new_set),
    ) else {
        bail!("both versions must be OpenAPI 2.0–3.2 documents");
    };
    let changes: Vec<Change> = diff(
        &old,
        &new,
        &Sides {
            old_set: &old_set,
            new_set: &new_set,
        },
    );
    let count = |c: Class| changes.iter().filter(|x| x.class == c).count();
    let (b, p, s) = (
        count(Class::Breaking),
        count(Class::PossiblyBreaking),
        count(Class::Safe),
    );
    let report = match args.format {
        DiffFormat::Json => {
            let items: Vec<_> = changes
                .iter()
                .map(|c| json!({"kind": c.kind, "class": c.class.as_str(), "message": c.message, "old": loc_json(&old_set, &c.old), "new": loc_json(&new_set, &c.new), "affects": c.affects}))
                .collect();
            let v = json!({
                "version": 1,
                "old": args.old, "new": args.new,
                "changes": items,
                "summary": {"breaking": b, "possibly-breaking": p, "safe": s},
            });
            serde_json::to_string_pretty(&v)? + "\n"
        }
        DiffFormat::SpectralJson => {
            let items: Vec<_> = changes
                .iter()
                .filter_map(|c| {
                    let (set, loc) = match (&c.new, &c.old) {
                        (Some(l), _) if c.kind != "operation-removed" => (&new_set, l),
                        (_, Some(l)) => (&old_set, l),
                        (Some(l), None) => (&new_set, l),
                        (None, None) => return None,
                    };
                    let file = set.file(loc.file);
                    let (s, e) = (file.position(loc.span.start), file.position(loc.span.end));
                    let severity = match c.class {
                        Class::Breaking => 0,
                        Class::PossiblyBreaking => 1,
                        Class::Safe => 2,
                    };
                    Some(json!({
                        "code": c.kind,
                        "path": loc.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                        "message": c.message,
                        "severity": severity,
                        "range": {"start": {"line": s.line - 1, "character": s.utf16_column - 1}, "end": {"line": e.line - 1, "character": e.utf16_column - 1}},
                        "source": file.name,
                    }))
                })
                .collect();
            serde_json::to_string_pretty(&items)? + "\n"
        }
        DiffFormat::Human => {
            let mut out = String::new();
            for c in &changes {
                out.push_str(&format!(
                    "{:<17} {}\n    [{}] old: {}  new: {}\n",
                    c.class.as_str(),
                    plain(&c.message),
                    c.kind,
                    loc_text(&old_set, &c.old),
                    loc_text(&new_set, &c.new)
                ));
                if let Some(line) = affects_line(c) {
                    out.push_str(&line);
                }
            }
            out.push_str(&format!(
                "{} change{}: {b} breaking, {p} possibly breaking, {s} safe.\n",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            ));
            out
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::output::stdout(&report)?,
    }
    let failing = match args.fail_on {
        FailOn::Never => false,
        FailOn::Breaking => b > 0,
        FailOn::PossiblyBreaking => b + p > 0,
    };
    Ok(u8::from(failing))
}
