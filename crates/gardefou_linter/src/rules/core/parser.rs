//! `parser`: the document, or a file it references, cannot be read as YAML or JSON.

use gardefou_source::ParseIssueKind;

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta};

static META: RuleMeta = RuleMeta {
    id: "parser",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "The document must be readable YAML 1.2 or JSON, in UTF-8, within the size limits.",
    peers: &["spectral:parser", "redocly:struct"],
    docs: RuleDocs {
        what: "Reports text that is not valid YAML 1.2 or JSON (syntax errors, tabs used for indentation, trailing commas in JSON), bytes that are not UTF-8, and inputs that exceed a limit: file size, nesting depth, number of nodes, or YAML aliases that expand too far (an alias bomb).",
        why: "Nothing else can be checked in a document that cannot be read, and tools disagree on how to recover from broken syntax, so the API your consumers see may not be the one you wrote.",
        fix: "Fix the syntax at the reported position. Save the file as UTF-8. For limit findings, split the document with `$ref`s or raise the limit on the command line if the input is trusted.",
        invalid: include_str!("../../../../../fixtures/rules/parser/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/parser/valid.yaml"),
    },
};

crate::native_rule!(Parser, META, Check, |cx, options, out| {
    for file in cx.set.files() {
        for issue in file.issues.iter().filter(|i| i.kind.is_fatal()) {
            let what = match issue.kind {
                ParseIssueKind::Limit => "limit exceeded: ",
                ParseIssueKind::Encoding => "",
                _ => "syntax error: ",
            };
            out.push(Diagnostic {
                message: format!("{what}{}", issue.message),
                file: file.id,
                span: issue.span,
                path: Vec::new(),
                help: None,
                related: Vec::new(),
            });
        }
    }
});
