//! Declarative rules in Spectral's format: `given` JSONPaths, `then` functions on fields,
//! message templates, formats, resolved or raw document.

use std::borrow::Cow;
use std::collections::HashMap;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Node, PathSeg, Value};

use crate::finding::{Category, Diagnostic, Severity};
use crate::functions::{self, FnContext, FnResult, Function, Input};
use crate::jsonpath::{parse_path, JsonPath, Match, MatchTarget, Seg, TreeView};

mod locate;
mod message;

use locate::{follow, key_span};
pub use locate::{locate, parse_props, Located};
pub use message::MAX_MESSAGE_BYTES;
use message::{render, Vars};

pub use crate::formats::Format;

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
    pub caches: &'a std::sync::Mutex<crate::functions::example::Caches>,
    /// The document's JavaScript sandbox, for rules with ruleset functions.
    pub js: Option<&'a functions::js::JsSession>,
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
        caches: &std::sync::Mutex<crate::functions::example::Caches>,
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
        // Reused from one match to the next.
        let mut inputs = Vec::new();
        for m in matches.iter().flatten() {
            if m.target == MatchTarget::Undecided {
                undecided.push(m.clone());
                continue;
            }
            for then in &self.then {
                targets(m, &then.field, set, view, &mut undecided, &mut inputs);
                for input in inputs.drain(..) {
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
                path: m.logical_segs(),
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
        let logical = r.path.unwrap_or_else(|| input.path_owned());
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

static ITSELF: Field = Field::Itself;

/// The function inputs for one `given` match and one `field`.
/// Matches of a `field` path a filter could not decide on go to `undecided`.
/// Pushes onto `out` the inputs of a match for one `then`.
fn targets<'a>(
    m: &Match<'a>,
    field: &'a Field,
    set: &'a DocumentSet,
    view: TreeView<'a>,
    undecided: &mut Vec<Match<'a>>,
    out: &mut Vec<Input<'a>>,
) {
    let file = m.last().file;
    let base = m.logical_segs();
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
    let before = out.len();
    targets_of(m, field, set, view, file, base, undecided, out);
    // A `field` that selects nothing (a JSONPath without match, `@key` of an empty object)
    // still calls the function once, with `undefined` at the match's own path.
    if out.len() == before && matches!(field, Field::Path(_) | Field::Keys) {
        out.push(Input {
            value: None,
            key: None,
            path: m.logical_segs(),
            file,
            missing: 0,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn targets_of<'a>(
    m: &Match<'a>,
    field: &'a Field,
    set: &'a DocumentSet,
    view: TreeView<'a>,
    file: FileId,
    base: Vec<Seg<'a>>,
    undecided: &mut Vec<Match<'a>>,
    out: &mut Vec<Input<'a>>,
) {
    match field {
        Field::Itself => {
            let key = (m.target == MatchTarget::Key)
                .then(|| Cow::Owned(base.last().map(|s| s.to_string()).unwrap_or_default()));
            out.push(Input {
                value: Some(m.node()),
                key,
                path: base,
                file,
                missing: 0,
            });
        }
        Field::Keys => match &m.node().value {
            Value::Object(members) => out.extend(members.iter().map(|mm| {
                let mut path = base.clone();
                path.push(Seg::Key(&mm.key));
                Input {
                    value: Some(&mm.value),
                    key: Some(Cow::Borrowed(mm.key.as_str())),
                    path,
                    file,
                    missing: 0,
                }
            })),
            Value::Array(items) => out.extend((0..items.len()).map(|i| {
                let mut path = base.clone();
                path.push(Seg::Index(i));
                Input {
                    value: Some(&items[i]),
                    key: Some(Cow::Owned(i.to_string())),
                    path,
                    file,
                    missing: 0,
                }
            })),
            _ => {}
        },
        Field::Path(p) => out.extend(
            crate::jsonpath::select(p, m.clone(), view)
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
                        path: mm.logical_segs(),
                        file: mm.last().file,
                        missing: 0,
                    }
                }),
        ),
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
            path.extend(segs.iter().map(Seg::of));
            out.push(Input {
                value: node,
                key: None,
                path,
                file: f,
                missing: segs.len() - found,
            });
        }
    }
}
