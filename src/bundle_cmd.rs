//! `gardefou bundle ROOT`: one self-contained definition from a multi-file one.

use std::path::Path;

use anyhow::{Context, Result};
use gardefou_bundle::{bundle, to_json, to_yaml, Options, Problem};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_report::text::plain;
use gardefou_source::{Limits, Syntax};

use crate::cli::{BundleArgs, BundleFormat};

fn say(kind: &str, set: &DocumentSet, p: &Problem) {
    let place = set.place(p.file, p.span.start);
    crate::output::stderr(&format!(
        "gardefou: {kind}: {}: {}",
        plain(&place),
        plain(&p.message)
    ));
}

pub fn run(args: BundleArgs) -> Result<u8> {
    let limits = Limits {
        max_depth: args.max_depth,
        max_file_size: args.max_file_size,
        max_alias_nodes: args.max_alias_nodes,
        ..Limits::default()
    };
    let options = LoadOptions {
        limits: limits.clone(),
        allow_outside_refs: args.allow_outside_refs,
        fetcher: args.allow_remote_refs.then(|| {
            std::sync::Arc::new(crate::fetch::HttpFetcher::new(
                args.max_file_size,
                args.remote_timeout,
                args.remote_deadline,
            )) as std::sync::Arc<dyn gardefou_document::Fetch>
        }),
        overlay: None,
    };
    let set = if args.root == "-" {
        let bytes = crate::lint::read_stdin(args.max_file_size)?;
        DocumentSet::from_bytes("<stdin>", bytes, Path::new("."), &options)
    } else {
        DocumentSet::load(Path::new(&args.root), &options)?
    };
    let bundled = match bundle(
        &set,
        &Options {
            dereference: args.dereference,
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            trace: false,
        },
    ) {
        Ok(b) => b,
        Err(e) => {
            for p in &e.problems {
                say("error", &set, p);
            }
            return Ok(2);
        }
    };
    for w in &bundled.warnings {
        say("warning", &set, w);
    }
    let root = set.root();
    let format = args
        .format
        .unwrap_or_else(|| match Syntax::guess(&root.name, &root.text) {
            Syntax::Json => BundleFormat::Json,
            _ => BundleFormat::Yaml,
        });
    let text = match format {
        BundleFormat::Yaml => to_yaml(&bundled.root),
        BundleFormat::Json => to_json(&bundled.root)?,
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::output::stdout(&text)?,
    }
    Ok(0)
}
