//! Operations, parameters, bodies, responses, security and servers of the two versions.

use std::collections::BTreeMap;

use gardefou_model::{Api, At, MediaType, Operation, Parameter, Response, SecurityRequirement};

use crate::schema::{self, component_name, Direction};
use crate::{Report, Sides};

/// Operations are matched by method and path template, with parameter names ignored:
/// `/pets/{petId}` and `/pets/{id}` are the same path.
fn op_key(o: &Operation<'_>) -> (String, String) {
    (normalize_path(o.path), o.method.to_ascii_lowercase())
}

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

/// The names of a path template's parameters, in order.
fn placeholders(p: &str) -> Vec<&str> {
    p.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

fn name_of(o: &Operation<'_>) -> String {
    format!("{} {}", o.method.to_uppercase(), o.path)
}

pub(crate) fn compare<'a>(old: &'a Api<'a>, new: &'a Api<'a>, sides: &Sides<'a>, out: &mut Report) {
    // Two templates can normalize alike (`/items/{id}` and `/items/{slug}`, a defect some
    // documents have): those pair by their exact text first, then in document order.
    let group = |api: &'a Api<'a>| {
        let mut m: BTreeMap<(String, String), Vec<&'a Operation<'a>>> = BTreeMap::new();
        for o in &api.operations {
            m.entry(op_key(o)).or_default().push(o);
        }
        m
    };
    let (old_ops, new_ops) = (group(old), group(new));
    let mut cmp = schema::Comparer::new(sides.old_set, sides.new_set);
    let empty = Vec::new();
    for (k, olds) in &old_ops {
        let news = new_ops.get(k).unwrap_or(&empty);
        let mut pairs: Vec<(&Operation<'a>, &Operation<'a>)> = Vec::new();
        let mut taken = vec![false; news.len()];
        let mut left = Vec::new();
        for o in olds {
            match (0..news.len()).find(|&j| !taken[j] && news[j].path == o.path) {
                Some(j) => {
                    taken[j] = true;
                    pairs.push((o, news[j]));
                }
                None => left.push(*o),
            }
        }
        let mut right = (0..news.len()).filter(|&j| !taken[j]).map(|j| news[j]);
        for o in left {
            match right.next() {
                Some(n) => pairs.push((o, n)),
                None => {
                    out.current = Some(name_of(o));
                    out.push(
                        "operation-removed",
                        format!("{} was removed", name_of(o)),
                        Some(&o.at),
                        None,
                    );
                }
            }
        }
        for n in right {
            out.current = Some(name_of(n));
            out.push(
                "operation-added",
                format!("{} was added", name_of(n)),
                None,
                Some(&n.at),
            );
        }
        for (o, n) in pairs {
            out.current = Some(name_of(n));
            operation(o, n, &mut cmp, out);
        }
    }
    for (k, news) in &new_ops {
        if !old_ops.contains_key(k) {
            for n in news {
                out.current = Some(name_of(n));
                out.push(
                    "operation-added",
                    format!("{} was added", name_of(n)),
                    None,
                    Some(&n.at),
                );
            }
        }
    }
    out.current = None;
    // Security schemes and servers.
    for s in &old.components.security_schemes {
        match new.security_scheme(s.name) {
            None => out.push(
                "security-scheme-removed",
                format!("security scheme `{}` was removed", s.name),
                Some(&s.at),
                None,
            ),
            Some(n) if s.kind.is_some() && n.kind.is_some() && s.kind != n.kind => out.push(
                "security-scheme-type-changed",
                format!(
                    "security scheme `{}`: type `{}` became `{}`",
                    s.name,
                    s.kind.unwrap_or_default(),
                    n.kind.unwrap_or_default()
                ),
                Some(&s.at),
                Some(&n.at),
            ),
            Some(_) => {}
        }
    }
    for s in &old.servers {
        if !new
            .servers
            .iter()
            .any(|n| n.url.trim_end_matches('/') == s.url.trim_end_matches('/'))
        {
            out.push(
                "server-removed",
                format!("server `{}` was removed", s.url),
                s.at.as_ref(),
                Some(&new.root),
            );
        }
    }
}

fn operation<'a>(
    o: &Operation<'a>,
    n: &Operation<'a>,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
) {
    let op = name_of(n);
    if let (Some(a), Some(b)) = (o.operation_id, n.operation_id) {
        if a != b {
            out.push(
                "operation-id-changed",
                format!("{op}: operationId `{a}` became `{b}`"),
                Some(&o.at),
                Some(&n.at),
            );
        }
    }
    if o.deprecated != n.deprecated {
        let (kind, what) = match n.deprecated {
            true => ("operation-deprecated", "was deprecated"),
            false => ("operation-no-longer-deprecated", "is no longer deprecated"),
        };
        out.push(kind, format!("{op} {what}"), Some(&o.at), Some(&n.at));
    }
    parameters(o, n, &op, cmp, out);
    request_body(o, n, &op, cmp, out);
    responses(o, n, &op, cmp, out);
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

/// How a parameter is named in messages: by its component when it is one (changes to a shared
/// parameter are reported once), else by the operation and its name.
fn param_head(op: &str, p: &Parameter<'_>, sides_set: &gardefou_document::DocumentSet) -> String {
    let name = p.name.unwrap_or("?");
    match component_name(&p.at, sides_set, &["parameters"]) {
        Some(c) => format!("parameter `{c}`"),
        None => format!("{op}: parameter `{name}`"),
    }
}

/// The `k`-th parameter of `list` with `key`.
fn nth<'p, 'a>(
    list: &[&'p Parameter<'a>],
    key: &(String, String),
    k: usize,
) -> Option<&'p Parameter<'a>> {
    list.iter().filter(|p| param_key(p) == *key).nth(k).copied()
}

fn parameters<'a>(
    o: &Operation<'a>,
    n: &Operation<'a>,
    op: &str,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
) {
    let old_set = cmp.old_set;
    // Path parameters are matched by their position in the template.
    let (oph, nph) = (placeholders(o.path), placeholders(n.path));
    for (a, b) in oph.iter().zip(&nph) {
        let find = |op: &Operation<'a>, name: &str| -> Option<At<'a>> {
            op.parameters
                .iter()
                .find(|p| p.location == Some("path") && p.name == Some(name))
                .and_then(|p| p.schema.clone())
        };
        if let (Some(s1), Some(s2)) = (find(o, a), find(n, b)) {
            cmp.compare(
                &s1,
                &s2,
                Direction::Input,
                &format!("{op}: path parameter `{b}`"),
                out,
            );
        }
    }
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
    // A parameter declared twice (a defect some documents have) pairs occurrence by occurrence.
    let occurrence = |list: &[&Parameter<'_>], i: usize| {
        let key = param_key(list[i]);
        list[..i].iter().filter(|p| param_key(p) == key).count()
    };
    let mut removed: Vec<&Parameter<'_>> = Vec::new();
    for (i, p) in olds.iter().enumerate() {
        let key = param_key(p);
        match nth(&news, &key, occurrence(&olds, i)) {
            Some(q) => {
                let head = param_head(op, p, old_set);
                if !p.required && q.required {
                    out.push(
                        "parameter-became-required",
                        format!("{head} became required"),
                        Some(&p.at),
                        Some(&q.at),
                    );
                }
                if p.required && !q.required {
                    out.push(
                        "parameter-became-optional",
                        format!("{head} became optional"),
                        Some(&p.at),
                        Some(&q.at),
                    );
                }
                if let (Some(a), Some(b)) = (&p.schema, &q.schema) {
                    cmp.compare(a, b, Direction::Input, &head, out);
                }
            }
            None => removed.push(p),
        }
    }
    for (j, q) in news.iter().enumerate() {
        let key = param_key(q);
        if nth(&olds, &key, occurrence(&news, j)).is_some() {
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
        let (kind, what) = match q.required {
            true => ("required-parameter-added", "required"),
            false => ("optional-parameter-added", "optional"),
        };
        out.push(
            kind,
            format!("{op}: {what} parameter `{name}` was added"),
            None,
            Some(&q.at),
        );
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

/// Media types are compared case-insensitively and without parameters (`; charset=utf-8`).
fn media_key(m: &MediaType<'_>) -> String {
    m.media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Two lists paired: equal exact keys first, then equal loose keys, each in order; what is
/// left on either side was removed or added.
struct Pairing {
    pairs: Vec<(usize, usize)>,
    removed: Vec<usize>,
    added: Vec<usize>,
}

fn pair<T>(
    a: &[T],
    b: &[T],
    exact: impl Fn(&T) -> String,
    loose: impl Fn(&T) -> String,
) -> Pairing {
    let mut pairs = Vec::new();
    let (mut left, mut taken) = (vec![true; a.len()], vec![false; b.len()]);
    for key in [&exact as &dyn Fn(&T) -> String, &loose] {
        for (i, x) in a.iter().enumerate() {
            if !left[i] {
                continue;
            }
            let k = key(x);
            if let Some(j) = (0..b.len()).find(|&j| !taken[j] && key(&b[j]) == k) {
                taken[j] = true;
                left[i] = false;
                pairs.push((i, j));
            }
        }
    }
    Pairing {
        pairs,
        removed: (0..a.len()).filter(|&i| left[i]).collect(),
        added: (0..b.len()).filter(|&j| !taken[j]).collect(),
    }
}

fn pair_media(a: &[MediaType<'_>], b: &[MediaType<'_>]) -> Pairing {
    pair(a, b, |m| m.media_type.clone(), media_key)
}

/// How the media types of a request body or a response are named in changes.
struct Media<'s> {
    dir: Direction,
    /// Names the schemas (`GET /a: request body`); the media type is added when there are several.
    head: &'s str,
    /// The kinds of a removed and of an added media type.
    kinds: (&'static str, &'static str),
    removed: &'s dyn Fn(&str) -> String,
    added: &'s dyn Fn(&str) -> String,
}

/// Compares two lists of media types: the removed and added ones, and the schemas of each pair.
fn contents<'a>(
    (old, old_at): (&[MediaType<'a>], &At<'a>),
    (new, new_at): (&[MediaType<'a>], &At<'a>),
    how: &Media<'_>,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
) {
    let several = old.len() > 1 || new.len() > 1;
    let p = pair_media(old, new);
    for &i in &p.removed {
        let m = &old[i];
        out.push(
            how.kinds.0,
            (how.removed)(&m.media_type),
            Some(&m.at),
            Some(new_at),
        );
    }
    for &(i, j) in &p.pairs {
        let (m, x) = (&old[i], &new[j]);
        if let (Some(s1), Some(s2)) = (&m.schema, &x.schema) {
            let head = match several {
                true => format!("{} `{}`", how.head, m.media_type),
                false => how.head.to_string(),
            };
            cmp.compare(s1, s2, how.dir, &head, out);
        }
    }
    for &j in &p.added {
        let x = &new[j];
        out.push(
            how.kinds.1,
            (how.added)(&x.media_type),
            Some(old_at),
            Some(&x.at),
        );
    }
}

fn request_body<'a>(
    o: &Operation<'a>,
    n: &Operation<'a>,
    op: &str,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
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
            if a.required != b.required {
                let (kind, what) = match b.required {
                    true => ("request-body-became-required", "required"),
                    false => ("request-body-became-optional", "optional"),
                };
                out.push(
                    kind,
                    format!("{op}: the request body became {what}"),
                    Some(&a.at),
                    Some(&b.at),
                );
            }
            let head = format!("{op}: request body");
            let how = Media {
                dir: Direction::Input,
                head: &head,
                kinds: ("request-media-type-removed", "request-media-type-added"),
                removed: &|t| format!("{op}: request media type `{t}` was removed"),
                added: &|t| format!("{op}: request media type `{t}` was added"),
            };
            contents((&a.content, &a.at), (&b.content, &b.at), &how, cmp, out);
        }
        (None, None) => {}
    }
}

fn responses<'a>(
    o: &Operation<'a>,
    n: &Operation<'a>,
    op: &str,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
) {
    let p = pair(
        &o.responses,
        &n.responses,
        |r| r.code.to_string(),
        |r| r.code.to_ascii_lowercase(),
    );
    for &i in &p.removed {
        let r = &o.responses[i];
        out.push(
            "response-removed",
            format!("{op}: response `{}` was removed", r.code),
            Some(&r.at),
            Some(&n.at),
        );
    }
    for &(i, j) in &p.pairs {
        response(&o.responses[i], &n.responses[j], op, cmp, out);
    }
    for &j in &p.added {
        let x = &n.responses[j];
        out.push(
            "response-added",
            format!("{op}: response `{}` was added", x.code),
            Some(&o.at),
            Some(&x.at),
        );
    }
}

fn response<'a>(
    r: &Response<'a>,
    x: &Response<'a>,
    op: &str,
    cmp: &mut schema::Comparer<'a>,
    out: &mut Report,
) {
    let code = r.code;
    // A shared response component is named by its component, so its changes are reported once.
    let head = match component_name(&r.at, cmp.old_set, &["responses"]) {
        Some(c) => format!("response `{c}`"),
        None => format!("{op}: response `{code}`"),
    };
    let how = Media {
        dir: Direction::Output,
        head: &head,
        kinds: ("response-media-type-removed", "response-media-type-added"),
        removed: &|t| format!("{head} no longer returns `{t}`"),
        added: &|t| format!("{head} also returns `{t}`"),
    };
    contents((&r.content, &r.at), (&x.content, &x.at), &how, cmp, out);
    let p = pair(
        &r.headers,
        &x.headers,
        |h| h.name.to_string(),
        |h| h.name.to_ascii_lowercase(),
    );
    for &i in &p.removed {
        let h = &r.headers[i];
        out.push(
            "response-header-removed",
            format!("{head} no longer sends header `{}`", h.name),
            Some(&h.at),
            Some(&x.at),
        );
    }
    for &(i, j) in &p.pairs {
        let (h, g) = (&r.headers[i], &x.headers[j]);
        if let (Some(s1), Some(s2)) = (&h.schema, &g.schema) {
            cmp.compare(
                s1,
                s2,
                Direction::Output,
                &format!("{head}: header `{}`", h.name),
                out,
            );
        }
    }
    for &j in &p.added {
        let g = &x.headers[j];
        out.push(
            "response-header-added",
            format!("{head} sends the new header `{}`", g.name),
            Some(&r.at),
            Some(&g.at),
        );
    }
}

fn security(o: &Operation<'_>, n: &Operation<'_>, op: &str, out: &mut Report) {
    let anon =
        |s: &[SecurityRequirement<'_>]| s.is_empty() || s.iter().any(|r| r.schemes.is_empty());
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
    let scopes = |s: &[SecurityRequirement<'_>]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = s
            .iter()
            .flat_map(|r| {
                r.schemes
                    .iter()
                    .flat_map(|(n, sc)| sc.iter().map(move |x| (n.to_string(), x.to_string())))
            })
            .collect();
        v.sort();
        v.dedup();
        v
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
