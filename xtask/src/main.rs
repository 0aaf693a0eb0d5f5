//! The project's own tasks, run with `cargo xtask …` (alias in `.cargo/config.toml`).
//!
//! `cargo xtask new-rule ID --ruleset naming` writes a new governance rule: its file under
//! `crates/gardefou_linter/src/rules/gardefou/` (in the shape of the other rule files), its
//! registration in that folder's `mod.rs`, and its documented examples
//! `fixtures/rules/ID/{invalid,valid}.yaml`. The files are written once and then owned by
//! whoever edits them; nothing regenerates them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The governance rulesets a rule can belong to, with their scorecard category.
const RULESETS: [(&str, &str); 4] = [
    ("naming", "Naming"),
    ("security", "Security"),
    ("versioning", "Versioning"),
    ("documentation", "Documentation"),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the workspace")
        .to_path_buf();
    match run(&args, &root) {
        Ok(written) => {
            for f in written {
                println!("wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String], root: &Path) -> Result<Vec<PathBuf>, String> {
    match args {
        [cmd, id, flag, ruleset] if cmd == "new-rule" && flag == "--ruleset" => {
            new_rule(root, id, ruleset)
        }
        _ => Err(
            "usage: cargo xtask new-rule ID --ruleset naming|security|versioning|documentation"
                .into(),
        ),
    }
}

/// The Rust names of a rule id: `naming-foo-bar` → (`naming_foo_bar`, `NamingFooBar`).
fn names(id: &str) -> (String, String) {
    let module = id.replace('-', "_");
    let ty = id
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    (module, ty)
}

/// Writes the rule `id` of `gardefou:{ruleset}` under `root` (a checkout of the workspace).
pub fn new_rule(root: &Path, id: &str, ruleset: &str) -> Result<Vec<PathBuf>, String> {
    let Some((_, category)) = RULESETS.iter().find(|(r, _)| *r == ruleset) else {
        let known: Vec<&str> = RULESETS.iter().map(|(r, _)| *r).collect();
        return Err(format!(
            "unknown ruleset `{ruleset}`: expected one of {}",
            known.join(", ")
        ));
    };
    let valid_id = id.starts_with(&format!("{ruleset}-"))
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !id.ends_with('-')
        && !id.contains("--");
    if !valid_id {
        return Err(format!(
            "rule id `{id}`: kebab-case, starting with the ruleset (`{ruleset}-…`)"
        ));
    }
    let (module, ty) = names(id);
    let rules_dir = root.join("crates/gardefou_linter/src/rules/gardefou");
    let file = rules_dir.join(format!("{module}.rs"));
    let fixtures = root.join("fixtures/rules").join(id);
    if file.exists() || fixtures.exists() {
        return Err(format!("rule `{id}` exists already ({})", file.display()));
    }
    let mod_rs = rules_dir.join("mod.rs");
    let registry =
        std::fs::read_to_string(&mod_rs).map_err(|e| format!("{}: {e}", mod_rs.display()))?;
    let registry = register(&registry, &module, &ty)?;
    std::fs::create_dir_all(&fixtures).map_err(|e| e.to_string())?;
    let write = |path: &Path, text: &str| -> Result<(), String> {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(&file, &rule_file(id, ruleset, category, &ty))?;
    write(&mod_rs, &registry)?;
    let invalid = fixtures.join("invalid.yaml");
    let valid = fixtures.join("valid.yaml");
    write(&invalid, INVALID)?;
    write(&valid, VALID)?;
    Ok(vec![file, mod_rs, invalid, valid])
}

/// `mod.rs` with the rule's `pub mod` (in order) and its entry at the end of `rules()`.
fn register(registry: &str, module: &str, ty: &str) -> Result<String, String> {
    let mut lines: Vec<String> = registry.lines().map(str::to_string).collect();
    let mods: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("pub mod ") && lines[i] != "pub mod support;")
        .collect();
    let (Some(&first), Some(&last)) = (mods.first(), mods.last()) else {
        return Err("mod.rs: no `pub mod` lines".into());
    };
    let line = format!("pub mod {module};");
    let at = mods
        .iter()
        .copied()
        .find(|&i| lines[i] > line)
        .unwrap_or(last + 1)
        .max(first);
    lines.insert(at, line);
    let close = lines
        .iter()
        .rposition(|l| l.trim() == "]")
        .ok_or("mod.rs: no end to the list of `rules()`")?;
    lines.insert(close, format!("        &{module}::{ty},"));
    Ok(lines.join("\n") + "\n")
}

fn rule_file(id: &str, ruleset: &str, category: &str, ty: &str) -> String {
    RULE_TEMPLATE
        .replace("{id}", id)
        .replace("{ruleset}", ruleset)
        .replace("{Category}", category)
        .replace("{Type}", ty)
}

/// The shape of a rule file. The author fills in the docs, the examples and the visit code;
/// `tests/rule_docs.rs` fails until the invalid example is reported and the valid one is not.
const RULE_TEMPLATE: &str = r#"//! `{id}` (gardefou:{ruleset}).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "{id}",
    ruleset: "gardefou:{ruleset}",
    category: Category::{Category},
    severity: Severity::Warn,
    recommended: false,
    formats: &[],
    summary: "One line: what every API must do.",
    peers: &[],
    docs: RuleDocs {
        what: "What the rule reports, precisely.",
        why: "Why it matters to the people who use the API.",
        fix: "How to fix a finding.",
        invalid: include_str!("../../../../../fixtures/rules/{id}/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/{id}/valid.yaml"),
    },
};

// What the rule needs: `Visit([Operation, …])` (model nodes, in the engine's single walk) or
// `Check` (the whole document set once). For options, add a `serde` + `schemars` struct with
// `#[serde(deny_unknown_fields)]`, its defaults after `Visit(…)`, and type the closure's
// `options: &YourOptions` (see naming_tag_casing.rs).
crate::native_rule!({Type}, META, Visit([Operation]), |node, cx, options, out| {
    if let Visit::Operation(o) = node {
        if o.summary.is_none() {
            out.push(Diagnostic::at(&o.at, "replace this check with the rule's"));
        }
    }
});
"#;

const INVALID: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      responses: {'200': {description: OK}}\n";

const VALID: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      summary: List the items.\n      responses: {'200': {description: OK}}\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary checkout holding the real `mod.rs` of the governance rules.
    fn checkout() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = t.path().join("crates/gardefou_linter/src/rules/gardefou");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            real.join("crates/gardefou_linter/src/rules/gardefou/mod.rs"),
            dir.join("mod.rs"),
        )
        .unwrap();
        t
    }

    #[test]
    fn new_rule_writes_a_parsable_rule_registers_it_and_its_examples() {
        let t = checkout();
        let written = new_rule(t.path(), "naming-no-acronyms", "naming").unwrap();
        assert_eq!(written.len(), 4);
        let dir = t.path().join("crates/gardefou_linter/src/rules/gardefou");
        let rule = std::fs::read_to_string(dir.join("naming_no_acronyms.rs")).unwrap();
        let parsed = syn::parse_file(&rule).expect("the rule file is Rust");
        // The metadata and the rule declaration, as in every rule file.
        assert!(parsed
            .items
            .iter()
            .any(|i| matches!(i, syn::Item::Static(s) if s.ident == "META")));
        let mac = parsed
            .items
            .iter()
            .find_map(|i| match i {
                syn::Item::Macro(m) => Some(m),
                _ => None,
            })
            .expect("native_rule!");
        assert!(mac
            .mac
            .path
            .segments
            .iter()
            .any(|s| s.ident == "native_rule"));
        assert!(mac
            .mac
            .tokens
            .to_string()
            .starts_with("NamingNoAcronyms , META , Visit"));
        assert!(rule.contains("id: \"naming-no-acronyms\"") && rule.contains("Category::Naming"));
        // Registered in order, and in `rules()`.
        let registry = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
        syn::parse_file(&registry).expect("mod.rs stays Rust");
        let mods: Vec<&str> = registry
            .lines()
            .filter(|l| l.starts_with("pub mod naming_"))
            .collect();
        let mut sorted = mods.clone();
        sorted.sort();
        assert_eq!(mods, sorted);
        assert!(mods.contains(&"pub mod naming_no_acronyms;"));
        assert!(registry.contains("        &naming_no_acronyms::NamingNoAcronyms,\n    ]"));
        // The documented examples, where the rule file reads them.
        let fixtures = t.path().join("fixtures/rules/naming-no-acronyms");
        assert!(std::fs::read_to_string(fixtures.join("invalid.yaml"))
            .unwrap()
            .starts_with("openapi: 3.0.3\n"));
        assert!(fixtures.join("valid.yaml").is_file());
        // Twice is refused, as are a wrong ruleset and an id outside it.
        assert!(new_rule(t.path(), "naming-no-acronyms", "naming").is_err());
        assert!(new_rule(t.path(), "naming-x", "style").is_err());
        assert!(new_rule(t.path(), "security-x", "naming").is_err());
    }

    #[test]
    fn the_template_declares_the_rule_as_the_rule_files_do() {
        // Every governance rule file starts like the template: its id line, then META.
        let real = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/gardefou_linter/src/rules/gardefou");
        let sample =
            std::fs::read_to_string(real.join("documentation_tag_description.rs")).unwrap();
        let template = rule_file(
            "documentation-tag-description",
            "documentation",
            "Documentation",
            "DocumentationTagDescription",
        );
        let head = |s: &str| s.lines().take(6).collect::<Vec<_>>().join("\n");
        assert_eq!(head(&sample), head(&template));
        assert!(
            sample.contains("crate::native_rule!(")
                && template
                    .contains("crate::native_rule!(DocumentationTagDescription, META, Visit([")
        );
    }
}
