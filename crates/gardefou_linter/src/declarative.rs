//! Declarative rules in Spectral's format: `given` JSONPaths, `then` functions on fields,
//! message templates, formats, resolved or raw document.

use std::borrow::Cow;
use std::collections::HashMap;

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Node, PathSeg, Span, Value};

use crate::finding::{Category, Severity};
use crate::functions::{self, FnContext, FnResult, Function, Input};
use crate::jsonpath::{parse_path, JsonPath, Match, MatchTarget, TreeView, Val};
use crate::rule::Diagnostic;

/// A document format, as Spectral names them in `formats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Swagger 2.0.
    Oas2,
    /// Any OpenAPI 3.x.
    Oas3,
    /// OpenAPI 3.0.
    Oas3_0,
    /// OpenAPI 3.1.
    Oas3_1,
    /// OpenAPI 3.2.
    Oas3_2,
}

impl Format {
    /// Reads Spectral's format names (`oas3_1`, `oas3.1`, …).
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

    /// Whether documents of version `v` have this format.
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

/// One `then` of a rule: which field of each target, and the function applied to it.
pub struct Then {
    /// The field (`then.field`).
    pub field: Field,
    /// The function's name.
    pub function_name: String,
    /// The function, with its options.
    pub function: Box<dyn Function>,
}

/// A rule defined in a ruleset.
pub struct DeclRule {
    /// The rule id.
    pub id: String,
    /// `description`.
    pub description: Option<String>,
    /// `message`, a template (`{{error}}`, `{{path}}`, …).
    pub message: Option<String>,
    /// Its default severity.
    pub severity: Severity,
    /// `recommended` (true when absent).
    pub recommended: bool,
    /// `None`: every format.
    pub formats: Option<Vec<Format>>,
    /// The `given` paths after alias expansion, per document version; `None` as key for
    /// documents of no known version.
    pub given: HashMap<Option<SpecVersion>, Vec<JsonPath>>,
    /// Its `then`s, in order.
    pub then: Vec<Then>,
    /// `resolved`: whether it sees `$ref`s followed (true when absent).
    pub resolved: bool,
    /// `documentationUrl`.
    pub documentation_url: Option<String>,
    /// Its scorecard category.
    pub category: Category,
    /// Where the rule was defined (a ruleset file or a built-in ruleset name).
    pub source: String,
    /// The ruleset's JavaScript functions its `then`s call, if any.
    pub js: Vec<std::sync::Arc<functions::js::JsFunction>>,
}

/// What every rule of one document's run shares.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    /// The document set.
    pub set: &'a DocumentSet,
    /// Its specification version, when known.
    pub version: Option<SpecVersion>,
    /// Its model, when the root is an API description.
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
    /// Reads a `then.field`: none (the target), `@key`, a JSONPath (`$…`) or dotted property names.
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
    /// The file of that node.
    pub file: FileId,
    /// The node.
    pub node: &'a Node,
    /// Its span.
    pub span: Span,
    /// Its path inside its file.
    pub path: Vec<PathSeg>,
    /// The trailing segments of the logical path that do not exist (Spectral's missing
    /// property path is `path` followed by them).
    pub missing: Vec<PathSeg>,
}

/// Where `path` of the (resolved) document leads, in `view`.
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
    // How many segments exist in the (resolved) document: Spectral's `getClosestJsonPath`.
    let mut consumed = 0;
    for (idx, seg) in logical.iter().enumerate() {
        let member = match (seg, &node.value) {
            (PathSeg::Key(k), Value::Object(_)) => set.member(file, node, k),
            (PathSeg::Index(i), Value::Object(_)) => set.member(file, node, &i.to_string()),
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
        consumed = idx + 1;
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
            // Reported as the target is where it is written: from its own key.
            key = key_span(set, file, &p);
            phys = p;
        }
    }
    let mut missing = logical[consumed..].to_vec();
    if matches!(view, TreeView::Resolved(_)) {
        match through_ref(set, root, &logical[..consumed]) {
            Through::None => return locate_raw(set, root, logical),
            // Spectral's walk consumes the path it maps as it goes (`traverseObjUntilRef`
            // shifts it): a path that ends on the `$ref` leaves nothing to name the missing
            // properties by, and the property is the target's own name.
            Through::AtEnd => missing.clear(),
            Through::Midway => {}
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
        missing,
    }
}

/// How Spectral's `traverseObjUntilRef` reaches the end of a path (which exists in the
/// resolved document) in the root file as written.
enum Through {
    /// No `$ref` taken: reported where it is written (a `$ref` with sibling keys where the
    /// path ends, or whose sibling the path goes into, included).
    None,
    /// A `$ref` met where the path goes on past it (or, as Spectral gives up, a path that is
    /// not in the file).
    Midway,
    /// The path ends on a `$ref` object without sibling keys.
    AtEnd,
}

fn through_ref(set: &DocumentSet, root: &Node, path: &[PathSeg]) -> Through {
    let mut node = root;
    for seg in path {
        match raw_child(set, node, seg) {
            Some((child, _)) => node = child,
            None => return Through::Midway,
        }
    }
    match &node.value {
        Value::Object(members) if members.len() == 1 && ref_of(node).is_some() => Through::AtEnd,
        _ => Through::None,
    }
}

/// A member or item of a node of the root file as written, with the key's span.
fn raw_child<'a>(
    set: &DocumentSet,
    node: &'a Node,
    seg: &PathSeg,
) -> Option<(&'a Node, Option<Span>)> {
    match (seg, &node.value) {
        (PathSeg::Key(k), Value::Object(_)) => set
            .member(FileId(0), node, k)
            .map(|m| (&m.value, Some(m.key_span))),
        (PathSeg::Index(i), Value::Object(_)) => set
            .member(FileId(0), node, &i.to_string())
            .map(|m| (&m.value, Some(m.key_span))),
        (PathSeg::Index(i), Value::Array(items)) => items.get(*i).map(|n| (n, None)),
        (PathSeg::Key(k), Value::Array(items)) => k
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i))
            .map(|n| (n, None)),
        _ => None,
    }
}

/// The deepest node along `logical` in the root file as written, no `$ref` followed.
fn locate_raw<'a>(set: &'a DocumentSet, root: &'a Node, logical: &[PathSeg]) -> Located<'a> {
    let (mut node, mut path, mut key) = (root, Vec::new(), None);
    for seg in logical {
        let Some((child, k)) = raw_child(set, node, seg) else {
            break;
        };
        node = child;
        key = k;
        path.push(seg.clone());
    }
    let mut span = node.span;
    if path.is_empty() {
        span.start = 0;
    }
    if let Some(k) = key {
        span.start = gardefou_source::value_report_start(&set.file(FileId(0)).text, k, node);
    }
    let missing = logical[path.len()..].to_vec();
    Located {
        file: FileId(0),
        node,
        span,
        path,
        missing,
    }
}

/// What a message template may name (Spectral's `vars`): computed from where the finding is
/// reported, not from the path the rule walked.
struct Vars<'a> {
    error: &'a str,
    description: Option<&'a str>,
    path: String,
    property: String,
    /// The reported node, as written (`undefined` past the end of the document's nodes).
    value: Option<&'a Node>,
}

impl Vars<'_> {
    fn of<'a>(loc: &Located<'a>, error: &'a str, description: Option<&'a str>) -> Vars<'a> {
        // The missing property path from one segment before the reported path's end.
        let property = if !loc.missing.is_empty() {
            let full: Vec<&PathSeg> = loc.path.iter().chain(&loc.missing).collect();
            let from = if loc.path.is_empty() {
                full.len() - 1
            } else {
                loc.path.len() - 1
            };
            dot_path(&full[from..])
        } else {
            loc.path.last().map(|s| s.to_string()).unwrap_or_default()
        };
        Vars {
            error,
            description,
            path: escaped_pointer(&loc.path),
            property,
            value: Some(loc.node),
        }
    }

    fn value(&self) -> Val<'_> {
        self.value.map_or(Val::Undefined, Val::of)
    }

    /// `{{name}}`: `String(vars[name])`, nothing for a name that is not a var.
    fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "error" => self.error.to_string(),
            "description" => self.description.unwrap_or("null").to_string(),
            "path" => self.path.clone(),
            "property" => self.property.clone(),
            "value" => self.value().to_js_string(),
            _ => return None,
        })
    }

    /// `#{{print("name")}}`.
    fn print(&self, what: &str) -> String {
        match what {
            "property" if !self.property.is_empty() => format!("\"{}\" property ", self.property),
            "property" => "The document ".into(),
            "value" => functions::print_value(&self.value()),
            other => match other {
                "description" if self.description.is_none() => String::new(),
                _ => self.get(other).unwrap_or_default(),
            },
        }
    }

    /// One `#{{…}}` expression: `print("x")`, a var, a quoted string, joined by `+`.
    fn eval(&self, expr: &str) -> String {
        let mut out = String::new();
        for part in expr.split('+').map(str::trim) {
            let quoted = |t: &str| {
                t.strip_prefix(['"', '\''])
                    .and_then(|t| t.strip_suffix(['"', '\'']))
                    .map(str::to_string)
            };
            if let Some(arg) = part
                .strip_prefix("print(")
                .and_then(|t| t.strip_suffix(')'))
                .and_then(|t| quoted(t.trim()))
            {
                out.push_str(&self.print(&arg));
            } else if let Some(q) = quoted(part) {
                out.push_str(&q);
            } else if let Some(v) = self.get(part) {
                out.push_str(&v);
            } else {
                // Spectral logs the evaluation error and prints nothing.
                return String::new();
            }
        }
        out
    }
}

/// Longest message a template renders to, in bytes; the rest is cut (at a character boundary)
/// and `…` written in its place, so a `{{value}}` of a large array, or many of them, stays small.
pub const MAX_MESSAGE_BYTES: usize = 4096;

/// Cuts `message` to [`MAX_MESSAGE_BYTES`] (and a trailing `…`).
fn bounded(mut message: String) -> String {
    if message.len() > MAX_MESSAGE_BYTES {
        let mut end = MAX_MESSAGE_BYTES;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
    message
}

/// Spectral's message templating: `{{name}}` and `#{{expression}}`, bounded by
/// [`MAX_MESSAGE_BYTES`].
fn render(template: &str, vars: &Vars<'_>) -> String {
    if !template.contains("{{") {
        return bounded(template.to_string());
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        if out.len() > MAX_MESSAGE_BYTES {
            return bounded(out);
        }
        let after = &rest[open + 2..];
        // `([^}\n]+)}}`: the name ends at the first `}`, which must start `}}`.
        let end = after.find(['}', '\n']);
        match end {
            Some(e) if e > 0 && after[e..].starts_with("}}") => {
                let hash = rest[..open].ends_with('#');
                out.push_str(&rest[..if hash { open - 1 } else { open }]);
                let inner = &after[..e];
                if hash {
                    out.push_str(&vars.eval(inner.trim()));
                } else if let Some(v) = vars.get(inner) {
                    out.push_str(&v);
                }
                rest = &after[e + 2..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    bounded(out)
}

/// `printPath(path, PrintStyle.EscapedPointer)`: `#/a/b~1c/%7Bid%7D`.
fn escaped_pointer(path: &[PathSeg]) -> String {
    if path.is_empty() {
        return "#".into();
    }
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        let text = seg.to_string();
        for c in text.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) => out.push(c),
                // Left as they are by @stoplight/json's character class.
                '\u{2013}' => out.push(c),
                c if (c as u32) > 0xFFFF => out.push(c),
                c => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
    }
    out
}

/// `printPath(path, PrintStyle.Dot)`: `servers[0].x-internal`, `responses[429]`.
fn dot_path(path: &[&PathSeg]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        match seg {
            PathSeg::Index(n) => out.push_str(&format!("[{n}]")),
            PathSeg::Key(k) if k.is_empty() => out.push_str("['']"),
            PathSeg::Key(k) if k.chars().any(char::is_whitespace) => {
                out.push_str(&format!("['{k}']"))
            }
            PathSeg::Key(k) if !crate::jsonpath::string_to_number(k).is_nan() => {
                out.push_str(&format!("[{k}]"))
            }
            PathSeg::Key(k) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out.replace("~1", "/").replace("~0", "~")
}

impl DeclRule {
    /// Whether the rule runs on documents of `version`.
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
        let mut undecided = Vec::new();
        for m in matches.iter().flatten() {
            if m.target == MatchTarget::Undecided {
                undecided.push(m.clone());
                continue;
            }
            for then in &self.then {
                for input in targets(m, &then.field, set, view, &mut undecided) {
                    for r in then.function.call(&input, &cx) {
                        out.push(self.diagnostic(set, view, root, &input, r));
                    }
                }
            }
        }
        // A node a JSONPath filter could not decide on is reported, never silently passed over.
        for m in undecided {
            let input = Input {
                value: Some(m.node()),
                key: None,
                path: m.logical_path(),
                file: m.last().file,
                missing: 0,
            };
            let r = FnResult {
                message: format!(
                    "this value could not be checked: {} in a JSONPath filter of the rule",
                    crate::ecma_regex::BudgetExceeded
                ),
                path: None,
                failure: true,
            };
            out.push(self.diagnostic(set, view, root, &input, r));
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
        let logical = r.path.unwrap_or_else(|| input.path.clone());
        let loc = locate(set, view, root, &logical);
        let message = if r.failure {
            r.message
        } else {
            let mut vars = Vars::of(&loc, &r.message, self.description.as_deref());
            // The function's own message is templated first and is then `{{error}}`.
            let error = render(&r.message, &vars);
            vars.error = &error;
            match (&self.message, &self.description) {
                (Some(m), _) => render(m, &vars),
                (None, Some(d)) => d.clone(),
                (None, None) => error.clone(),
            }
            .trim()
            .to_string()
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
            PathSeg::Key(k) => &set.member(file, n, k)?.value,
            PathSeg::Index(i) => n.index(*i)?,
        };
    }
    match last {
        PathSeg::Key(k) => set.member(file, n, k).map(|m| m.key_span),
        PathSeg::Index(_) => None,
    }
}

static ITSELF: Field = Field::Itself;

/// The function inputs for one `given` match and one `field`.
/// Matches of a `field` path a filter could not decide on go to `undecided`.
fn targets<'a>(
    m: &Match<'a>,
    field: &'a Field,
    set: &'a DocumentSet,
    view: TreeView<'a>,
    undecided: &mut Vec<Match<'a>>,
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
    let mut out = targets_of(m, field, set, view, file, base.clone(), undecided);
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
    undecided: &mut Vec<Match<'a>>,
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
            .filter(|mm| {
                let decided = mm.target != MatchTarget::Undecided;
                if !decided {
                    undecided.push(mm.clone());
                }
                decided
            })
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
