//! `gardefou init [DIR]`: writes a commented `.gardefou.yaml` into DIR for the APIs found
//! under it — the ruleset it extends, the house conventions as rule options (at their
//! defaults, alternatives in comments) and the scorecard weights — and never overwrites one.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};
use gardefou_linter::find_rule;

use crate::cli::InitArgs;
use crate::discover::{inputs, Input};

/// House conventions: rule, option, its default (as the rule reads it), the alternatives.
const CONVENTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "naming-property-casing",
        "casing",
        "camel",
        "camel, snake, kebab, pascal, macro, flat, cobol",
    ),
    (
        "naming-schema-name-casing",
        "casing",
        "pascal",
        "pascal, camel, snake, kebab, macro, flat, cobol",
    ),
    (
        "naming-operation-id-casing",
        "casing",
        "camel",
        "camel, snake, kebab, pascal, macro, flat, cobol",
    ),
    (
        "naming-path-segment-casing",
        "casing",
        "kebab",
        "kebab, camel, snake, pascal, macro, flat, cobol",
    ),
    (
        "naming-path-parameter-casing",
        "casing",
        "camel",
        "camel, snake, kebab, pascal, macro, flat, cobol",
    ),
    (
        "naming-query-parameter-casing",
        "casing",
        "camel",
        "camel, snake, kebab, pascal, macro, flat, cobol",
    ),
    (
        "naming-enum-value-casing",
        "casing",
        "macro",
        "macro, camel, snake, kebab, pascal, flat, cobol",
    ),
    (
        "naming-tag-casing",
        "casing",
        "kebab",
        "kebab, camel, snake, pascal, macro, flat, cobol",
    ),
    (
        "versioning-major-version-visible",
        "location",
        "any",
        "any, path, server, header",
    ),
];

pub fn run(args: InitArgs) -> Result<u8> {
    let target = args.dir.join(".gardefou.yaml");
    if std::fs::symlink_metadata(&target).is_ok() {
        bail!(
            "{} already exists; gardefou init never overwrites it",
            target.display()
        );
    }
    let dir = args.dir.to_string_lossy().into_owned();
    let found = inputs(&[dir], gardefou_source::Limits::default().max_file_size)?;
    let apis: Vec<String> = found
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(relative_to(p, &args.dir)),
            Input::Stdin => None,
        })
        .collect();
    if apis.is_empty() {
        bail!(
            "no API found: no OpenAPI document under {}; nothing written",
            args.dir.display()
        );
    }
    let text = ruleset_text(&apis);
    // `create_new`: a file that appeared since the check above is not overwritten either.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .with_context(|| format!("cannot create {}", target.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {}", target.display()))?;
    crate::output::stderr(&format!(
        "gardefou: wrote {} for {} API(s); try `gardefou lint` and `gardefou score`",
        target.display(),
        apis.len()
    ));
    Ok(0)
}

fn relative_to(path: &Path, dir: &Path) -> String {
    let shown = path.strip_prefix(dir).unwrap_or(path);
    gardefou_report::text::plain(&shown.to_string_lossy()).into_owned()
}

/// The commented ruleset for the APIs `apis` (paths relative to its folder).
fn ruleset_text(apis: &[String]) -> String {
    let mut t = String::new();
    t.push_str(
        "# gardefou ruleset, written by `gardefou init`. `gardefou lint` and `gardefou score` use\n\
         # the nearest .gardefou.yaml from the folder they run in up to the repository root.\n\
         # Every rule: `gardefou rules`; one rule's documentation: `gardefou rule ID`.\n\
         # Completion in editors with a YAML language server: `gardefou schema > .gardefou.schema.json`\n\
         # and keep the next line.\n\
         # yaml-language-server: $schema=.gardefou.schema.json\n\
         #\n\
         # APIs found here:\n",
    );
    for a in apis {
        let _ = writeln!(t, "#   {a}");
    }
    t.push_str(
        "\n# The recommended rules of spectral:oas and of gardefou's naming, security, versioning and\n\
         # documentation rulesets. Others: spectral:oas, gardefou:naming, gardefou:security, …, files,\n\
         # npm packages, or [name, all] for every rule of a ruleset.\n\
         extends: gardefou:recommended\n\
         \n\
         rules:\n\
         \x20 # House conventions are options of the rules (the values below are their defaults).\n",
    );
    for (rule, option, default, choices) in CONVENTIONS {
        let Some(r) = find_rule(rule) else { continue };
        // Options on a rule that is off would turn it on: those are shown commented out.
        let prefix = if r.meta().recommended { "" } else { "# " };
        let _ = writeln!(
            t,
            "  {prefix}{rule}: {{options: {{{option}: {default}}}}}  # {choices}"
        );
    }
    t.push_str(
        "  # Paths that need no security (security-operation-secured), e.g. [/health, /status]:\n\
         \x20 security-operation-secured: {options: {public: []}}\n\
         \x20 # A rule's severity: error, warn, info, hint or off, e.g.:\n\
         \x20 # info-contact: off\n\
         \n\
         # How `gardefou score` turns findings into a 0-100 score (docs/scoring.md); these are the\n\
         # defaults.\n\
         scorecard:\n",
    );
    let d = gardefou_score::ScoreConfig::default();
    let pairs = |items: Vec<(String, f64)>| {
        items
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        t,
        "  # Weight of each category in the overall score.\n  categories: {{{}}}",
        pairs(
            d.category_weights
                .iter()
                .map(|(c, w)| (c.as_str().to_string(), *w))
                .collect()
        )
    );
    let _ = writeln!(
        t,
        "  # Points one finding of each severity costs.\n  severities: {{{}}}",
        pairs(
            d.severity_weights
                .iter()
                .map(|(s, w)| (s.as_str().to_string(), *w))
                .collect()
        )
    );
    let _ = writeln!(
        t,
        "  # Penalty points an API may carry per operation (plus one) before a category drops to 50.\n  budgetPerOperation: {}",
        d.budget_per_operation
    );
    let _ = writeln!(
        t,
        "  # How much of an operation one named schema counts for in that budget.\n  schemaShare: {}",
        d.schema_share
    );
    let _ = writeln!(
        t,
        "  # Grade bands: the lowest score of each grade.\n  grades: {{{}}}",
        pairs(d.grades.iter().map(|b| (b.grade.clone(), b.min)).collect())
    );
    t.push_str(
        "  # Any finding of this category and severity (or worse) caps the grade.\n  caps:\n",
    );
    for c in &d.caps {
        let _ = writeln!(
            t,
            "    - {{category: {}, severity: {}, grade: {}}}",
            c.category.as_str(),
            c.severity.as_str(),
            c.grade
        );
    }
    t
}
