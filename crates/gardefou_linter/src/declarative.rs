//! Declarative rules in Spectral's format: `given` JSONPaths, `then` functions on fields,
//! message templates, formats, resolved or raw document.

use std::borrow::Cow;
use std::collections::HashMap;

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Node, PathSeg, Span, Value};

use crate::finding::{Category, Severity};
use crate::functions::{self, FnContext, FnResult, Function, Input};
use crate::jsonpath::{parse_path, JsonPath, Match, MatchTarget, TreeView};
use crate::rule::Diagnostic;

/// A document format, as Spectral names them in `formats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Oas2,
    Oas3,
    Oas3_0,
    Oas3_1,
    Oas3_2,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "oas2" => Format::Oas2,
            "oas3" => Format::Oas3,
            "oas3.0" | "oas3_0" => Format::Oas3_0,
            "oas3.1" | "oas3_1" => Format::Oas3_1,
            "oas3.2" | "oas3_2" => Format::Oas3_2,
            _ => return None,
        })
    }

    pub fn matches(self, v: SpecVersion) -> bool {
        matches!(
            (self, v),
            (Format::Oas2, SpecVersion::Swagger2)
                | (
                    Format::Oas3,
                    SpecVersion::OpenApi30 | SpecVersion::OpenApi31 | SpecVersion::OpenApi32
                )
                | (Format::Oas3_0, SpecVersion::OpenApi30)
                | (Format::Oas3_1, SpecVersion::OpenApi31)
                | (Format::Oas3_2, SpecVersion::OpenApi32)
        )
    }
}

/// The versions a `given` is expanded for (aliases may depend on the format).
pub const VERSIONS: [SpecVersion; 4] = [
    SpecVersion::Swagger2,
    SpecVersion::OpenApi30,
    SpecVersion::OpenApi31,
    SpecVersion::OpenApi32,
];

/// Where a `then` looks, relative to each `given` match.
pub enum Field {
    /// The match itself.
    Itself,
    /// Every property name of the match (`@key`).
    Keys,
    /// A relative JSONPath (`$..x`).
    Path(JsonPath),
    /// A property path (`a.b`, `a[0]`, `a['x.y']`).
    Props(Vec<PathSeg>),
}

pub struct Then {
    pub field: Field,
    pub function_name: String,
    pub function: Box<dyn Function>,
}

/// A rule defined in a ruleset.
pub struct DeclRule {
    pub id: String,
    pub description: Option<String>,
    pub message: Option<String>,
    pub severity: Severity,
    pub recommended: bool,
    /// `None`: every format.
    pub formats: Option<Vec<Format>>,
    /// The `given` paths after alias expansion, per document version; `None` as key for
    /// documents of no known version.
    pub given: HashMap<Option<SpecVersion>, Vec<JsonPath>>,
    pub then: Vec<Then>,
    pub resolved: bool,
    pub documentation_url: Option<String>,
    pub category: Category,
    /// Where the rule was defined (a ruleset file or a built-in ruleset name).
    pub source: String,
    /// The ruleset's JavaScript functions its `then`s call, if any.
    pub js: Vec<std::sync::Arc<functions::js::JsFunction>>,
}

/// What every rule of one document's run shares.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    pub set: &'a DocumentSet,
    pub version: Option<SpecVersion>,
    pub api: Option<&'a gardefou_model::Api<'a>>,
    /// Compiled example schemas.
    pub caches: &'a std::sync::Mutex<crate::example::Caches>,
    /// The document's JavaScript sandbox, for rules with ruleset functions.
    pub js: Option<&'a functions::js::JsSession>,
}

/// Splits a property path (`a.b[0]['c.d']`) into segments.
pub fn parse_props(field: &str) -> Result<Vec<PathSeg>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(PathSeg::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(PathSeg::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let inner = inner.trim();
                if let Some(q) = inner
                    .strip_prefix(['\'', '"'])
                    .and_then(|s| s.strip_suffix(['\'', '"']))
                {
                    out.push(PathSeg::Key(q.to_string()));
                } else if let Ok(i) = inner.parse::<usize>() {
                    out.push(PathSeg::Index(i));
                } else if !inner.is_empty() {
                    out.push(PathSeg::Key(inner.to_string()));
                } else {
                    return Err(format!("bad field `{field}`"));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(PathSeg::Key(cur));
    }
    if out.is_empty() {
        return Err(format!("empty field `{field}`"));
    }
    Ok(out)
}

impl Field {
    pub fn parse(field: Option<&str>) -> Result<Field, String> {
        Ok(match field {
            None => Field::Itself,
            Some("@key") => Field::Keys,
            Some(f) if f.starts_with('$') => Field::Path(parse_path(f).map_err(|e| e.to_string())?),
            Some(f) => Field::Props(parse_props(f)?),
        })
    }
}

/// Follows a `$ref` in the resolved view.
fn follow<'a>(
    set: &'a DocumentSet,
    view: TreeView<'a>,
    file: FileId,
    node: &'a Node,
) -> (FileId, &'a Node, Option<Vec<PathSeg>>) {
    if matches!(view, TreeView::Resolved(_)) && ref_of(node).is_some() {
        if let Some(t) = set.deref(file, node) {
            return (t.file, t.node, Some(t.path));
        }
    }
    (file, node, None)
}

/// Where a path of the (resolved) document leads: the deepest node that exists along it, its
/// file and its path inside that file.
pub struct Located<'a> {
    pub file: FileId,
    pub node: &'a Node,
    pub span: Span,
    pub path: Vec<PathSeg>,
}

pub fn locate<'a>(
    set: &'a DocumentSet,
    view: TreeView<'a>,
    root: &'a Node,
    logical: &[PathSeg],
) -> Located<'a> {
    let (mut file, mut node, mut phys) = (FileId(0), root, Vec::new());
    // The key of the member the current node is the value of, for Spectral's start position.
    let mut key: Option<Span> = None;
    // Nodes walked so far: a `$ref` back to one of them is a cycle, which the resolved document
    // keeps as a `$ref` (as JSONPath walked it), so it is reported where it is written.
    let mut walked: Vec<&Node> = vec![root];
    for (idx, seg) in logical.iter().enumerate() {
        let member = match (seg, &node.value) {
            (PathSeg::Key(k), Value::Object(_)) => node.member(k),
            (PathSeg::Index(i), Value::Object(_)) => node.member(&i.to_string()),
            _ => None,
        };
        let child = match (seg, &node.value) {
            (_, Value::Object(_)) => member.map(|m| &m.value),
            (PathSeg::Index(i), Value::Array(items)) => items.get(*i),
            (PathSeg::Key(k), Value::Array(items)) => {
                k.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        };
        let Some(child) = child else { break };
        key = member.map(|m| m.key_span);
        let next_is_ref_key = matches!(logical.get(idx + 1), Some(PathSeg::Key(k)) if k == "$ref");
        phys.push(seg.clone());
        if next_is_ref_key {
            node = child;
            continue;
        }
        let (f, n, p) = follow(set, view, file, child);
        if p.is_some() && walked.iter().any(|w| std::ptr::eq(*w, n)) {
            node = child;
            walked.push(node);
            continue;
        }
        file = f;
        node = n;
        walked.push(node);
        if let Some(p) = p {
            phys = p;
            key = None;
        }
    }
    let mut span = node.span;
    if phys.is_empty() {
        // A whole document is reported from its first byte (comments included), as Spectral does.
        span.start = 0;
    }
    if let Some(k) = key {
        span.start = gardefou_source::value_report_start(&set.file(file).text, k, node);
    }
    Located {
        file,
        node,
        span,
        path: phys,
    }
}

fn render(
    template: &str,
    error: &str,
    description: &str,
    path: &[PathSeg],
    property: &str,
    value: &str,
) -> String {
    let mut out = template.to_string();
    if out.contains("{{") {
        let dotted = path
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(".");
        out = out
            .replace("{{error}}", error)
            .replace("{{description}}", description)
            .replace("{{path}}", &dotted)
            .replace("{{property}}", property)
            .replace("{{value}}", value);
    }
    out
}

impl DeclRule {
    pub fn applies_to(&self, version: Option<SpecVersion>) -> bool {
        match (&self.formats, version) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(fs), Some(v)) => fs.iter().any(|f| f.matches(v)),
        }
    }

    /// The `given` paths for a document version.
    pub fn given_for(&self, version: Option<SpecVersion>) -> &[JsonPath] {
        self.given.get(&version).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The view the rule sees the document through.
    pub fn view<'a>(&self, set: &'a DocumentSet) -> TreeView<'a> {
        if self.resolved {
            TreeView::Resolved(set)
        } else {
            TreeView::Raw
        }
    }

    /// Runs the rule over a document set.
    pub fn run(
        &self,
        set: &DocumentSet,
        version: Option<SpecVersion>,
        api: Option<&gardefou_model::Api<'_>>,
        caches: &std::sync::Mutex<crate::example::Caches>,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(root) = set.root().root.as_ref() else {
            return;
        };
        let view = self.view(set);
        let matches: Vec<Vec<Match<'_>>> = self
            .given_for(version)
            .iter()
            .map(|p| p.select(FileId(0), root, view))
            .collect();
        let shared = Shared {
            set,
            version,
            api,
            caches,
            js: None,
        };
        self.run_matches(&shared, matches, out);
    }

    /// What `context.rule` shows to JavaScript functions.
    pub fn js_context(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.id,
            "description": self.description,
            "message": self.message,
            "severity": self.severity.as_str(),
            "recommended": self.recommended,
            "resolved": self.resolved,
            "documentationUrl": self.documentation_url,
        })
    }

    /// Runs the rule on the matches of its `given` paths (in the order of [`DeclRule::given_for`]).
    pub fn run_matches<'a>(
        &'a self,
        shared: &Shared<'a>,
        matches: Vec<Vec<Match<'a>>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let Shared {
            set,
            version,
            api,
            caches,
            js,
        } = *shared;
        let Some(root) = set.root().root.as_ref() else {
            return;
        };
        let view = self.view(set);
        let cx = FnContext {
            set,
            api,
            version,
            view,
            root,
            caches,
            js,
        };
        for m in matches.iter().flatten() {
            for then in &self.then {
                for input in targets(m, &then.field, set, view) {
                    for r in then.function.call(&input, &cx) {
                        out.push(self.diagnostic(set, view, root, &input, r));
                    }
                }
            }
        }
    }

    fn diagnostic(
        &self,
        set: &DocumentSet,
        view: TreeView<'_>,
        root: &Node,
        input: &Input<'_>,
        r: FnResult,
    ) -> Diagnostic {
        let own_path = r.path.is_none();
        let logical = r.path.unwrap_or_else(|| input.path.clone());
        let loc = locate(set, view, root, &logical);
        let description = self.description.as_deref().unwrap_or("");
        let message = match (&self.message, &self.description) {
            _ if r.failure => r.message,
            (Some(m), _) => {
                // Spectral names a missing target by its last existing key and what is missing
                // (`parameters.operationId`).
                let property = if own_path && input.missing > 0 {
                    // Named from where the finding is reported (past any `$ref`).
                    let tail = &input.path[input.path.len() - input.missing..];
                    loc.path
                        .last()
                        .into_iter()
                        .chain(tail)
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(".")
                } else if own_path {
                    input.property_name()
                } else {
                    logical.last().map(|s| s.to_string()).unwrap_or_default()
                };
                render(
                    m,
                    &r.message,
                    description,
                    &logical,
                    &property,
                    &functions::print_value(&input.val()),
                )
            }
            (None, Some(d)) => d.clone(),
            (None, None) => r.message,
        };
        let span = match (&input.key, logical.len() == input.path.len()) {
            // A property-name target is shown at its key when the key is what is at fault.
            (Some(_), true) => key_span(set, loc.file, &loc.path).unwrap_or(loc.span),
            _ => loc.span,
        };
        Diagnostic {
            message,
            file: loc.file,
            span,
            path: loc.path,
            help: None,
            related: Vec::new(),
        }
    }
}

fn key_span(set: &DocumentSet, file: FileId, path: &[PathSeg]) -> Option<Span> {
    let (last, parent) = path.split_last()?;
    let mut n = set.file(file).root.as_ref()?;
    for s in parent {
        n = match s {
            PathSeg::Key(k) => n.get(k)?,
            PathSeg::Index(i) => n.index(*i)?,
        };
    }
    match last {
        PathSeg::Key(k) => n.member(k).map(|m| m.key_span),
        PathSeg::Index(_) => None,
    }
}

static ITSELF: Field = Field::Itself;

/// The function inputs for one `given` match and one `field`.
fn targets<'a>(
    m: &Match<'a>,
    field: &'a Field,
    set: &'a DocumentSet,
    view: TreeView<'a>,
) -> Vec<Input<'a>> {
    let file = m.last().file;
    let base = m.logical_path();
    // Spectral applies `field` only to objects and arrays; any other target is checked itself.
    let field = match field {
        Field::Itself => field,
        _ if m.target == MatchTarget::Value
            && !matches!(m.node().value, Value::Object(_) | Value::Array(_)) =>
        {
            &ITSELF
        }
        _ => field,
    };
    let mut out = targets_of(m, field, set, view, file, base.clone());
    // A `field` that selects nothing (a JSONPath without match, `@key` of an empty object)
    // still calls the function once, with `undefined` at the match's own path.
    if out.is_empty() && matches!(field, Field::Path(_) | Field::Keys) {
        out.push(Input {
            value: None,
            key: None,
            path: base,
            file,
            missing: 0,
        });
    }
    out
}

fn targets_of<'a>(
    m: &Match<'a>,
    field: &'a Field,
    set: &'a DocumentSet,
    view: TreeView<'a>,
    file: FileId,
    base: Vec<PathSeg>,
) -> Vec<Input<'a>> {
    match field {
        Field::Itself => {
            let key = (m.target == MatchTarget::Key)
                .then(|| Cow::Owned(base.last().map(|s| s.to_string()).unwrap_or_default()));
            vec![Input {
                value: Some(m.node()),
                key,
                path: base,
                file,
                missing: 0,
            }]
        }
        Field::Keys => match &m.node().value {
            Value::Object(members) => members
                .iter()
                .map(|mm| {
                    let mut path = base.clone();
                    path.push(PathSeg::Key(mm.key.clone()));
                    Input {
                        value: Some(&mm.value),
                        key: Some(Cow::Borrowed(mm.key.as_str())),
                        path,
                        file,
                        missing: 0,
                    }
                })
                .collect(),
            Value::Array(items) => (0..items.len())
                .map(|i| {
                    let mut path = base.clone();
                    path.push(PathSeg::Index(i));
                    Input {
                        value: Some(&items[i]),
                        key: Some(Cow::Owned(i.to_string())),
                        path,
                        file,
                        missing: 0,
                    }
                })
                .collect(),
            _ => vec![],
        },
        Field::Path(p) => crate::jsonpath::select(p, m.clone(), view)
            .into_iter()
            .map(|mm| {
                let key = (mm.target == MatchTarget::Key).then(|| {
                    Cow::Owned(
                        mm.logical_path()
                            .last()
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                    )
                });
                Input {
                    value: Some(mm.node()),
                    key,
                    path: mm.logical_path(),
                    file: mm.last().file,
                    missing: 0,
                }
            })
            .collect(),
        Field::Props(segs) => {
            let mut node = Some(m.node());
            let mut f = file;
            let mut found = 0;
            for s in segs {
                node = node.and_then(|n| match (s, &n.value) {
                    (PathSeg::Key(k), Value::Object(_)) => n.get(k),
                    (PathSeg::Index(i), Value::Array(items)) => items.get(*i),
                    (PathSeg::Key(k), Value::Array(items)) => {
                        k.parse::<usize>().ok().and_then(|i| items.get(i))
                    }
                    _ => None,
                });
                if let Some(n) = node {
                    let (nf, nn, _) = follow(set, view, f, n);
                    f = nf;
                    node = Some(nn);
                    found += 1;
                }
            }
            let mut path = base;
            path.extend(segs.iter().cloned());
            vec![Input {
                value: node,
                key: None,
                path,
                file: f,
                missing: segs.len() - found,
            }]
        }
    }
}
