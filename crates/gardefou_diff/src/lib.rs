//! Breaking-change detection between two versions of an API: every change between the old and
//! the new model, classified breaking / possibly breaking / safe, with where it is in both.
//!
//! Input (what clients send) and output (what they receive) are told apart: narrowing an input
//! or widening an output breaks clients; the reverse is safe.

mod schema;

use std::collections::BTreeMap;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::{Api, At, Operation, Parameter, Response};
use gardefou_source::{PathSeg, Span};

pub use schema::Direction;

/// How a change affects existing clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Breaking,
    PossiblyBreaking,
    Safe,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::PossiblyBreaking => "possibly-breaking",
            Class::Safe => "safe",
        }
    }
}

/// Where an element is in one of the two documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
    pub path: Vec<PathSeg>,
}

impl Loc {
    pub fn of(at: &At<'_>) -> Loc {
        Loc {
            file: at.file,
            span: at.span(),
            path: at.path.clone(),
        }
    }
}

/// One change between the old and the new document.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Stable kebab-case id of the kind of change (`operation-removed`, …).
    pub kind: &'static str,
    pub class: Class,
    pub message: String,
    pub old: Option<Loc>,
    pub new: Option<Loc>,
}

/// Every kind of change detected, with its class, for the catalogue and tests.
pub const KINDS: &[(&str, Class)] = &[
    ("path-removed", Class::Breaking),
    ("path-added", Class::Safe),
    ("operation-removed", Class::Breaking),
    ("operation-added", Class::Safe),
    ("operation-id-changed", Class::PossiblyBreaking),
    ("operation-deprecated", Class::Safe),
    ("parameter-removed", Class::PossiblyBreaking),
    ("required-parameter-added", Class::Breaking),
    ("optional-parameter-added", Class::Safe),
    ("parameter-became-required", Class::Breaking),
    ("parameter-became-optional", Class::Safe),
    ("parameter-moved", Class::Breaking),
    ("parameter-renamed", Class::Breaking),
    ("request-body-added", Class::Breaking),
    ("optional-request-body-added", Class::Safe),
    ("request-body-removed", Class::PossiblyBreaking),
    ("request-body-became-required", Class::Breaking),
    ("request-media-type-removed", Class::Breaking),
    ("request-media-type-added", Class::Safe),
    ("response-removed", Class::Breaking),
    ("response-added", Class::Safe),
    ("response-media-type-removed", Class::Breaking),
    ("response-media-type-added", Class::Safe),
    ("response-header-removed", Class::Breaking),
    ("response-header-added", Class::Safe),
    ("security-added", Class::Breaking),
    ("security-removed", Class::Safe),
    ("security-scope-added", Class::Breaking),
    ("security-scope-removed", Class::Safe),
    ("security-scheme-removed", Class::Breaking),
    ("server-removed", Class::PossiblyBreaking),
    ("type-changed", Class::Breaking),
    ("format-changed", Class::Breaking),
    ("enum-value-removed-from-input", Class::Breaking),
    ("enum-value-added-to-output", Class::PossiblyBreaking),
    ("enum-value-added-to-input", Class::Safe),
    ("enum-value-removed-from-output", Class::Safe),
    ("input-property-removed", Class::PossiblyBreaking),
    ("output-property-removed", Class::Breaking),
    ("required-input-property-added", Class::Breaking),
    ("optional-input-property-added", Class::Safe),
    ("output-property-added", Class::Safe),
    ("input-property-became-required", Class::Breaking),
    ("output-property-became-optional", Class::Breaking),
    ("input-property-became-optional", Class::Safe),
    ("output-property-became-required", Class::Safe),
    ("input-constraint-tightened", Class::Breaking),
    ("input-constraint-relaxed", Class::Safe),
    ("output-constraint-relaxed", Class::PossiblyBreaking),
    ("output-became-nullable", Class::Breaking),
    ("input-no-longer-nullable", Class::Breaking),
    ("additional-properties-forbidden-in-input", Class::Breaking),
];

/// The class of a kind of change.
pub fn class_of(kind: &str) -> Class {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(Class::PossiblyBreaking, |(_, c)| *c)
}

/// Both sides of a comparison.
pub struct Sides<'a> {
    pub old_set: &'a DocumentSet,
    pub new_set: &'a DocumentSet,
}

struct Out<'s> {
    changes: &'s mut Vec<Change>,
}

impl Out<'_> {
    fn push(
        &mut self,
        kind: &'static str,
        message: String,
        old: Option<&At<'_>>,
        new: Option<&At<'_>>,
    ) {
        self.changes.push(Change {
            kind,
            class: class_of(kind),
            message,
            old: old.map(Loc::of),
            new: new.map(Loc::of),
        });
    }
}

fn op_key(o: &Operation<'_>) -> (String, String) {
    (normalize_path(o.path), o.method.to_ascii_lowercase())
}

/// `/pets/{petId}` and `/pets/{id}` are the same path.
fn normalize_path(p: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in p.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// All changes from `old` to `new`, in a stable order.
pub fn diff(old: &Api<'_>, new: &Api<'_>, sides: &Sides<'_>) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut out = Out {
        changes: &mut changes,
    };
    // Paths.
    let old_paths: BTreeMap<String, &gardefou_model::PathItem<'_>> = old
        .path_items
        .iter()
        .map(|p| (normalize_path(p.path), p))
        .collect();
    let new_paths: BTreeMap<String, &gardefou_model::PathItem<'_>> = new
        .path_items
        .iter()
        .map(|p| (normalize_path(p.path), p))
        .collect();
    for (k, p) in &old_paths {
        if !new_paths.contains_key(k) {
            out.push(
                "path-removed",
                format!("path `{}` was removed", p.path),
                Some(&p.at),
                None,
            );
        }
    }
    for (k, p) in &new_paths {
        if !old_paths.contains_key(k) {
            out.push(
                "path-added",
                format!("path `{}` was added", p.path),
                None,
                Some(&p.at),
            );
        }
    }
    // Operations.
    let old_ops: BTreeMap<(String, String), &Operation<'_>> =
        old.operations.iter().map(|o| (op_key(o), o)).collect();
    let new_ops: BTreeMap<(String, String), &Operation<'_>> =
        new.operations.iter().map(|o| (op_key(o), o)).collect();
    for (k, o) in &old_ops {
        match new_ops.get(k) {
            None => {
                if new_paths.contains_key(&k.0) {
                    out.push(
                        "operation-removed",
                        format!("{} {} was removed", o.method.to_uppercase(), o.path),
                        Some(&o.at),
                        None,
                    );
                }
            }
            Some(n) => operation(o, n, sides, &mut out),
        }
    }
    for (k, n) in &new_ops {
        if !old_ops.contains_key(k) && old_paths.contains_key(&k.0) {
            out.push(
                "operation-added",
                format!("{} {} was added", n.method.to_uppercase(), n.path),
                None,
                Some(&n.at),
            );
        }
    }
    // Security schemes and servers.
    for s in &old.components.security_schemes {
        if new.security_scheme(s.name).is_none() {
            out.push(
                "security-scheme-removed",
                format!("security scheme `{}` was removed", s.name),
                Some(&s.at),
                None,
            );
        }
    }
    for s in &old.servers {
        if !new.servers.iter().any(|n| n.url == s.url) {
            let root = &new.root;
            out.push(
                "server-removed",
                format!("server `{}` was removed", s.url),
                s.at.as_ref(),
                Some(root),
            );
        }
    }
    changes.sort_by(|a, b| (a.class, a.kind, &a.message).cmp(&(b.class, b.kind, &b.message)));
    changes
}

fn name_of(o: &Operation<'_>) -> String {
    format!("{} {}", o.method.to_uppercase(), o.path)
}

fn operation(o: &Operation<'_>, n: &Operation<'_>, sides: &Sides<'_>, out: &mut Out<'_>) {
    let op = name_of(n);
    if o.operation_id.is_some() && n.operation_id.is_some() && o.operation_id != n.operation_id {
        out.push(
            "operation-id-changed",
            format!(
                "{op}: operationId `{}` became `{}`",
                o.operation_id.unwrap_or(""),
                n.operation_id.unwrap_or("")
            ),
            Some(&o.at),
            Some(&n.at),
        );
    }
    if !o.deprecated && n.deprecated {
        out.push(
            "operation-deprecated",
            format!("{op} was deprecated"),
            Some(&o.at),
            Some(&n.at),
        );
    }
    parameters(o, n, &op, sides, out);
    request_body(o, n, &op, sides, out);
    responses(o, n, &op, sides, out);
    security(o, n, &op, out);
}

fn param_key(p: &Parameter<'_>) -> (String, String) {
    let loc = p.location.unwrap_or("").to_string();
    let name = p.name.unwrap_or("");
    // Header names are case-insensitive.
    let name = if loc == "header" {
        name.to_ascii_lowercase()
    } else {
        name.to_string()
    };
    (loc, name)
}

fn parameters(
    o: &Operation<'_>,
    n: &Operation<'_>,
    op: &str,
    sides: &Sides<'_>,
    out: &mut Out<'_>,
) {
    let olds: Vec<&Parameter<'_>> = o
        .parameters
        .iter()
        .filter(|p| p.location != Some("path"))
        .collect();
    let news: Vec<&Parameter<'_>> = n
        .parameters
        .iter()
        .filter(|p| p.location != Some("path"))
        .collect();
    let mut removed: Vec<&Parameter<'_>> = Vec::new();
    for p in &olds {
        let key = param_key(p);
        match news.iter().find(|q| param_key(q) == key) {
            Some(q) => {
                let name = p.name.unwrap_or("?");
                if !p.required && q.required {
                    out.push(
                        "parameter-became-required",
                        format!("{op}: parameter `{name}` became required"),
                        Some(&p.at),
                        Some(&q.at),
                    );
                }
                if p.required && !q.required {
                    out.push(
                        "parameter-became-optional",
                        format!("{op}: parameter `{name}` became optional"),
                        Some(&p.at),
                        Some(&q.at),
                    );
                }
                if let (Some(a), Some(b)) = (&p.schema, &q.schema) {
                    schema::compare(
                        a,
                        b,
                        Direction::Input,
                        &format!("{op}: parameter `{name}`"),
                        sides,
                        out.changes,
                    );
                }
            }
            None => removed.push(p),
        }
    }
    for q in &news {
        let key = param_key(q);
        if olds.iter().any(|p| param_key(p) == key) {
            continue;
        }
        let name = q.name.unwrap_or("?");
        // Same name elsewhere: moved. Same place and type, another name: renamed.
        if let Some(i) = removed.iter().position(|p| p.name == q.name) {
            let p = removed.remove(i);
            out.push(
                "parameter-moved",
                format!(
                    "{op}: parameter `{name}` moved from {} to {}",
                    p.location.unwrap_or("?"),
                    q.location.unwrap_or("?")
                ),
                Some(&p.at),
                Some(&q.at),
            );
            continue;
        }
        let same_type = |p: &&Parameter<'_>| {
            p.location == q.location
                && p.schema.as_ref().and_then(|s| s.node.get_str("type"))
                    == q.schema.as_ref().and_then(|s| s.node.get_str("type"))
        };
        if let Some(i) = removed.iter().position(same_type) {
            let p = removed.remove(i);
            out.push(
                "parameter-renamed",
                format!(
                    "{op}: parameter `{}` was renamed `{name}`",
                    p.name.unwrap_or("?")
                ),
                Some(&p.at),
                Some(&q.at),
            );
            continue;
        }
        if q.required {
            out.push(
                "required-parameter-added",
                format!("{op}: required parameter `{name}` was added"),
                None,
                Some(&q.at),
            );
        } else {
            out.push(
                "optional-parameter-added",
                format!("{op}: optional parameter `{name}` was added"),
                None,
                Some(&q.at),
            );
        }
    }
    for p in removed {
        out.push(
            "parameter-removed",
            format!("{op}: parameter `{}` was removed", p.name.unwrap_or("?")),
            Some(&p.at),
            Some(&n.at),
        );
    }
}

fn request_body(
    o: &Operation<'_>,
    n: &Operation<'_>,
    op: &str,
    sides: &Sides<'_>,
    out: &mut Out<'_>,
) {
    match (&o.request_body, &n.request_body) {
        (None, Some(b)) if b.required => out.push(
            "request-body-added",
            format!("{op}: a required request body was added"),
            Some(&o.at),
            Some(&b.at),
        ),
        (None, Some(b)) => out.push(
            "optional-request-body-added",
            format!("{op}: an optional request body was added"),
            Some(&o.at),
            Some(&b.at),
        ),
        (Some(a), None) => out.push(
            "request-body-removed",
            format!("{op}: the request body was removed"),
            Some(&a.at),
            Some(&n.at),
        ),
        (Some(a), Some(b)) => {
            if !a.required && b.required {
                out.push(
                    "request-body-became-required",
                    format!("{op}: the request body became required"),
                    Some(&a.at),
                    Some(&b.at),
                );
            }
            for m in &a.content {
                match b.content.iter().find(|x| x.media_type == m.media_type) {
                    None => out.push(
                        "request-media-type-removed",
                        format!("{op}: request media type `{}` was removed", m.media_type),
                        Some(&m.at),
                        Some(&b.at),
                    ),
                    Some(x) => {
                        if let (Some(s1), Some(s2)) = (&m.schema, &x.schema) {
                            schema::compare(
                                s1,
                                s2,
                                Direction::Input,
                                &format!("{op}: request body"),
                                sides,
                                out.changes,
                            );
                        }
                    }
                }
            }
            for x in &b.content {
                if !a.content.iter().any(|m| m.media_type == x.media_type) {
                    out.push(
                        "request-media-type-added",
                        format!("{op}: request media type `{}` was added", x.media_type),
                        Some(&a.at),
                        Some(&x.at),
                    );
                }
            }
        }
        (None, None) => {}
    }
}

fn responses(o: &Operation<'_>, n: &Operation<'_>, op: &str, sides: &Sides<'_>, out: &mut Out<'_>) {
    for r in &o.responses {
        match n
            .responses
            .iter()
            .find(|x| x.code.eq_ignore_ascii_case(r.code))
        {
            None => out.push(
                "response-removed",
                format!("{op}: response `{}` was removed", r.code),
                Some(&r.at),
                Some(&n.at),
            ),
            Some(x) => response(r, x, op, sides, out),
        }
    }
    for x in &n.responses {
        if !o
            .responses
            .iter()
            .any(|r| r.code.eq_ignore_ascii_case(x.code))
        {
            out.push(
                "response-added",
                format!("{op}: response `{}` was added", x.code),
                Some(&o.at),
                Some(&x.at),
            );
        }
    }
}

fn response(r: &Response<'_>, x: &Response<'_>, op: &str, sides: &Sides<'_>, out: &mut Out<'_>) {
    let code = r.code;
    for m in &r.content {
        match x.content.iter().find(|c| c.media_type == m.media_type) {
            None => out.push(
                "response-media-type-removed",
                format!(
                    "{op}: response `{code}` no longer returns `{}`",
                    m.media_type
                ),
                Some(&m.at),
                Some(&x.at),
            ),
            Some(c) => {
                if let (Some(s1), Some(s2)) = (&m.schema, &c.schema) {
                    schema::compare(
                        s1,
                        s2,
                        Direction::Output,
                        &format!("{op}: response `{code}`"),
                        sides,
                        out.changes,
                    );
                }
            }
        }
    }
    for c in &x.content {
        if !r.content.iter().any(|m| m.media_type == c.media_type) {
            out.push(
                "response-media-type-added",
                format!("{op}: response `{code}` also returns `{}`", c.media_type),
                Some(&r.at),
                Some(&c.at),
            );
        }
    }
    for h in &r.headers {
        if !x
            .headers
            .iter()
            .any(|g| g.name.eq_ignore_ascii_case(h.name))
        {
            out.push(
                "response-header-removed",
                format!(
                    "{op}: response `{code}` no longer sends header `{}`",
                    h.name
                ),
                Some(&h.at),
                Some(&x.at),
            );
        }
    }
    for g in &x.headers {
        if !r
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(g.name))
        {
            out.push(
                "response-header-added",
                format!("{op}: response `{code}` sends the new header `{}`", g.name),
                Some(&r.at),
                Some(&g.at),
            );
        }
    }
}

fn security(o: &Operation<'_>, n: &Operation<'_>, op: &str, out: &mut Out<'_>) {
    let anon = |s: &[gardefou_model::SecurityRequirement<'_>]| {
        s.is_empty() || s.iter().any(|r| r.schemes.is_empty())
    };
    let (was_open, is_open) = (anon(&o.effective_security), anon(&n.effective_security));
    if was_open && !is_open {
        out.push(
            "security-added",
            format!("{op} now requires authentication"),
            Some(&o.at),
            Some(&n.at),
        );
        return;
    }
    if !was_open && is_open {
        out.push(
            "security-removed",
            format!("{op} no longer requires authentication"),
            Some(&o.at),
            Some(&n.at),
        );
        return;
    }
    // Scopes: a scope required by every new alternative that no old alternative required.
    let scopes = |s: &[gardefou_model::SecurityRequirement<'_>]| -> Vec<(String, String)> {
        s.iter()
            .flat_map(|r| {
                r.schemes
                    .iter()
                    .flat_map(|(n, sc)| sc.iter().map(move |x| (n.to_string(), x.to_string())))
            })
            .collect()
    };
    let (old_scopes, new_scopes) = (scopes(&o.effective_security), scopes(&n.effective_security));
    for s in &new_scopes {
        if !old_scopes.contains(s) {
            out.push(
                "security-scope-added",
                format!("{op} now requires the scope `{}` of `{}`", s.1, s.0),
                Some(&o.at),
                Some(&n.at),
            );
        }
    }
    for s in &old_scopes {
        if !new_scopes.contains(s) {
            out.push(
                "security-scope-removed",
                format!("{op} no longer requires the scope `{}` of `{}`", s.1, s.0),
                Some(&o.at),
                Some(&n.at),
            );
        }
    }
}
