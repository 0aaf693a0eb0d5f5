//! Which documents a `lint` run reads: explicit files, OpenAPI roots under directories
//! (honouring .gitignore), glob patterns and standard input.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use gardefou_linter::Target;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Expands the command-line paths into inputs, in a stable order. A path that does not exist
/// and is not a glob is an error (exit 2), and so is a named FIFO, device or socket; under a
/// directory such files are passed over without being opened. Files are read (to tell roots
/// from fragments) no further than `max_file_size`.
pub fn inputs(paths: &[String], max_file_size: usize) -> Result<Vec<Input>> {
    inputs_for(paths, max_file_size, Target::Definition)
}

/// [`inputs`], for a ruleset of `target`: under a directory or glob, a `metadata` ruleset reads
/// the `api.yaml`/`api.yml`/`api.json` files of API projects (as `apictl` exports them), a
/// `documentation` ruleset only the files named, a `definition` ruleset the OpenAPI roots.
pub fn inputs_for(paths: &[String], max_file_size: usize, target: Target) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    let defaults = [".".to_string()];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        let meta = std::fs::metadata(path).ok();
        let kind = meta
            .as_ref()
            .and_then(|m| gardefou_document::special_kind(&m.file_type()));
        if meta.is_some() && kind.is_none() {
            out.push(Input::File(path.to_path_buf()));
        } else if kind == Some("directory") {
            let found = walk(path, None, max_file_size, target)?;
            out.extend(found.into_iter().map(Input::File));
        } else if is_glob(p) {
            let base = glob_base(p);
            let matcher = globset::GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .with_context(|| format!("bad glob pattern `{p}`"))?
                .compile_matcher();
            let found = if base.is_dir() {
                walk(&base, Some(&matcher), max_file_size, target)?
            } else {
                Vec::new()
            };
            if found.is_empty() {
                let what = match target {
                    Target::Definition => "no OpenAPI document",
                    Target::Metadata => "no api.yaml, api.yml or api.json",
                    Target::Documentation => {
                        "nothing (a documentation ruleset lints the files named)"
                    }
                };
                bail!("no API found: {what} matches `{p}`");
            }
            out.extend(found.into_iter().map(Input::File));
        } else if let Some(kind) = kind {
            bail!("{p}: not a regular file ({kind})");
        } else {
            bail!("{p}: no such file or directory");
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.clone()));
    Ok(out)
}

/// The literal directory prefix of a glob (`specs/**/*.yaml` → `specs`).
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for comp in Path::new(pattern).components() {
        let s = comp.as_os_str().to_string_lossy();
        if is_glob(&s) {
            break;
        }
        base.push(comp);
    }
    if base.as_os_str().is_empty() || base.is_file() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn walk(
    dir: &Path,
    glob: Option<&globset::GlobMatcher>,
    max_file_size: usize,
    target: Target,
) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .hidden(true)
        .build();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        // Links are not followed, so this is the entry itself: FIFOs, devices and sockets
        // are never opened.
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if let Some(g) = glob {
            let rel = path.strip_prefix("./").unwrap_or(path);
            if !g.is_match(rel) && !g.is_match(path) {
                continue;
            }
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let wanted = match target {
            Target::Definition => {
                matches!(ext.as_str(), "yaml" | "yml" | "json")
                    && is_openapi_root(path, max_file_size)
            }
            Target::Metadata => path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| matches!(n, "api.yaml" | "api.yml" | "api.json")),
            Target::Documentation => false,
        };
        if wanted {
            found.push(path.to_path_buf());
        }
    }
    found.sort();
    Ok(found)
}

/// How much of a file over the size limit is read to tell whether it is an OpenAPI document
/// (then it is linted, and reported as too large).
const HEAD_OF_LARGE_FILE: usize = 64 * 1024;

/// Whether a file's top level has an `openapi` or `swagger` key (fragments reached by `$ref` do not).
fn is_openapi_root(path: &Path, max_file_size: usize) -> bool {
    let bytes = match gardefou_document::read_regular(path, max_file_size) {
        Ok(bytes) => bytes,
        Err(gardefou_document::ReadError::TooLarge { .. }) => {
            let Ok(head) = gardefou_document::read_head(path, HEAD_OF_LARGE_FILE) else {
                return false;
            };
            return gardefou_document::head_names_openapi(&String::from_utf8_lossy(&head));
        }
        Err(_) => return false,
    };
    String::from_utf8(bytes).is_ok_and(|text| gardefou_document::is_openapi_root_text(&text))
}
