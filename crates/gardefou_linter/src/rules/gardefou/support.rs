//! Helpers shared by the governance rules: options, casing, required responses, descriptions,
//! path segments, words. A family of rules (the casing rules, the "must document status N"
//! rules) is one helper here and a few lines in each rule file.

use gardefou_model::{Operation, OperationKind};
use gardefou_source::Node;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::options::{Casing, NoOptions, Pattern};
use crate::rule::Diagnostic;

/// The options of the casing rules (`naming-*-casing`); each rule has its own default.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CasingOptions {
    /// The casing names must follow.
    pub casing: Casing,
}

impl CasingOptions {
    /// camelCase, the default of most casing rules.
    pub const CAMEL: CasingOptions = CasingOptions {
        casing: Casing::Camel,
    };
}

/// Whether `s` follows a casing convention: flat, camel, pascal, kebab, cobol, snake, macro.
pub fn is_case(casing: Casing, s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else { return true };
    let alnum = |c: u8| c.is_ascii_alphanumeric();
    match casing {
        Casing::Flat => {
            first.is_ascii_lowercase()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }
        Casing::Camel => {
            first.is_ascii_lowercase() && b.iter().all(|&c| alnum(c)) && !has_double_upper(s)
        }
        Casing::Pascal => {
            first.is_ascii_uppercase() && b.iter().all(|&c| alnum(c)) && !has_double_upper(s)
        }
        Casing::Kebab => separated(b, b'-', |c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        Casing::Cobol => separated(b, b'-', |c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        Casing::Snake => separated(b, b'_', |c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        Casing::Macro => separated(b, b'_', |c| c.is_ascii_uppercase() || c.is_ascii_digit()),
    }
}

/// The finding of a name that does not follow `casing`: `{what} `{name}` is not {casing} case`.
pub fn casing_finding(casing: Casing, what: &str, name: &str) -> Option<String> {
    (!is_case(casing, name)).then(|| format!("{what} `{name}` is not {casing} case"))
}

/// The parameter casing rules: on a parameter node, an `in: {location}` parameter one of whose
/// name's `parts` is not in `casing` (`parts` splits a name into what the casing applies to:
/// the whole name, or a query parameter's bracketed segments).
pub fn check_parameter_casing<'n>(
    node: &crate::rule::Visit<'n, '_>,
    location: &str,
    casing: Casing,
    parts: fn(&'n str) -> Vec<&'n str>,
    out: &mut Vec<Diagnostic>,
) {
    let crate::rule::Visit::Parameter(_, p) = node else {
        return;
    };
    if p.location != Some(location) {
        return;
    }
    let Some(name) = p.name else { return };
    let what = format!("{location} parameter");
    let bad = parts(name).into_iter().find(|part| !is_case(casing, part));
    if let Some(part) = bad {
        let message = match part == name {
            true => casing_finding(casing, &what, name),
            false => casing_finding(casing, &format!("{what} `{name}`: segment"), part),
        };
        out.extend(message.map(|m| Diagnostic::at_member(&p.at, "name", m)));
    }
}

/// Declares a parameter casing rule: `in: $location` parameters named in the configured casing
/// (camelCase by default), the name split into parts by `$parts`, through
/// [`check_parameter_casing`].
macro_rules! parameter_casing_rule {
    ($ty:ident, $meta:ident, $location:literal, $parts:expr) => {
        crate::native_rule!(
            $ty,
            $meta,
            Visit([Parameter]),
            CasingOptions::CAMEL,
            |node, cx, options: &CasingOptions, out| {
                check_parameter_casing(node, $location, options.casing, $parts, out)
            }
        );
    };
}
pub(crate) use parameter_casing_rule;

/// Three capitals in a row (`getHTTPResponse`) are not camel/Pascal case; two are tolerated
/// (`userID`).
fn has_double_upper(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_uppercase))
}

fn separated(b: &[u8], sep: u8, ok: impl Fn(u8) -> bool) -> bool {
    !b.is_empty()
        && b[0] != sep
        && b[b.len() - 1] != sep
        && !b.windows(2).any(|w| w[0] == sep && w[1] == sep)
        && b.iter().all(|&c| c == sep || ok(c))
        && b[0].is_ascii_alphabetic()
}

/// Whether an operation is under `paths` (not a webhook or a callback).
pub fn is_path_operation(o: &Operation<'_>) -> bool {
    o.kind == OperationKind::Path
}

/// Whether an operation requires at least one security scheme.
pub fn is_secured(o: &Operation<'_>) -> bool {
    o.effective_security.iter().any(|r| !r.schemes.is_empty())
}

/// Whether a response code is `status` or the range that covers it (`4XX` for `401`).
pub fn is_status_or_range(code: &str, status: &str) -> bool {
    code == status
        || (code.len() == 3
            && code.as_bytes()[0] == status.as_bytes()[0]
            && code[1..].eq_ignore_ascii_case("XX"))
}

/// The "operation must document status N" family: reports `o` on its `responses` when none of
/// them is `documented`, as `{METHOD} {path} {what}`.
pub fn require_response(
    o: &Operation<'_>,
    documented: impl Fn(&str) -> bool,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !o.responses.iter().any(|r| documented(r.code)) {
        out.push(Diagnostic::at_member(
            &o.at,
            "responses",
            format!("{} {} {what}", o.method.to_uppercase(), o.path),
        ));
    }
}

/// A text that is missing or only white space.
pub fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|d| d.trim().is_empty())
}

/// A schema with no description of its own (a `$ref` carries its target's).
pub fn lacks_description(schema: &Node) -> bool {
    is_blank(schema.get_str("description")) && schema.get("$ref").is_none()
}

/// A `type: string` schema that has none of `keys`.
pub fn is_string_without(schema: &Node, keys: &[&str]) -> bool {
    schema.get_str("type") == Some("string") && !keys.iter().any(|k| schema.get(k).is_some())
}

/// Whether a deprecated element says what replaces it: an `x-replaced-by`, or a description
/// that points elsewhere ("use … instead", "replaced by", "superseded by").
pub fn names_replacement(element: &Node, description: Option<&str>) -> bool {
    let d = description.unwrap_or("").to_ascii_lowercase();
    element.get("x-replaced-by").is_some()
        || ["instead", "replaced by", "superseded by", "use "]
            .iter()
            .any(|w| d.contains(w))
}

/// The OAuth2 flows of kind `flow` (`implicit`, `password`) of a security scheme, each reported.
pub fn report_oauth2_flow(
    s: &gardefou_model::SecurityScheme<'_>,
    flow: &str,
    out: &mut Vec<Diagnostic>,
) {
    for f in s.flows.iter().filter(|f| f.kind == flow) {
        out.push(Diagnostic::at(
            &f.at,
            format!("security scheme `{}` uses the OAuth2 {flow} flow", s.name),
        ));
    }
}

/// The static segments of a path template (no parameters, no empty segments).
pub fn static_segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
}

/// The media-type file extension a path segment ends with (`json` of `orders.json`), if any.
pub fn file_extension(seg: &str) -> Option<&str> {
    let (_, ext) = seg.rsplit_once('.')?;
    [
        "json", "xml", "yaml", "yml", "csv", "html", "htm", "txt", "pdf",
    ]
    .contains(&ext.to_ascii_lowercase().as_str())
    .then_some(ext)
}

/// A segment without its media-type file extension (which `naming-no-file-extension-in-path`
/// reports), so that other rules judge only the name.
pub fn without_file_extension(seg: &str) -> &str {
    match file_extension(seg) {
        Some(ext) => &seg[..seg.len() - ext.len() - 1],
        None => seg,
    }
}

/// A version segment such as `v1`, `v2.1` or `2024-01-01`.
pub fn is_version_segment(s: &str) -> bool {
    let v = s.strip_prefix(['v', 'V']).unwrap_or("");
    (!v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit())))
        || (s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
}

/// Whether an English noun looks plural (ends in `s`, or is a known irregular or uncountable
/// word).
pub fn looks_plural(word: &str) -> bool {
    const OK: &[&str] = &[
        "people",
        "children",
        "men",
        "women",
        "data",
        "media",
        "criteria",
        "feedback",
        "info",
        "information",
        "metadata",
        "news",
        "series",
        "settings",
        "status",
        "analytics",
        "search",
        "me",
        "self",
        "health",
        "config",
        "auth",
        "stats",
        "inventory",
        "history",
        "staff",
        "equipment",
        "software",
        "hardware",
        "content",
        "traffic",
        "billing",
        "usage",
    ];
    let w = word.to_ascii_lowercase();
    // `codes_of_conduct`, `order-items`: any plural word makes the name plural.
    w.split(['-', '_']).any(|part| {
        (part.len() > 2 && part.ends_with('s') && !part.ends_with("ss")) || OK.contains(&part)
    })
}

/// Whether a URL's host is the local machine.
pub fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?']).next().unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0") || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casings() {
        assert!(
            is_case(Casing::Kebab, "order-items")
                && !is_case(Casing::Kebab, "order_items")
                && !is_case(Casing::Kebab, "Orders")
        );
        assert!(
            is_case(Casing::Camel, "orderId")
                && is_case(Casing::Camel, "userID")
                && !is_case(Casing::Camel, "OrderId")
                && !is_case(Casing::Camel, "order_id")
        );
        assert!(is_case(Casing::Pascal, "OrderItem") && !is_case(Casing::Pascal, "orderItem"));
        assert!(
            is_case(Casing::Snake, "order_id")
                && is_case(Casing::Macro, "ORDER_ID")
                && !is_case(Casing::Macro, "Order_Id")
        );
        assert!(
            is_version_segment("v1") && is_version_segment("v2.1") && !is_version_segment("vat")
        );
        assert!(looks_plural("orders") && looks_plural("order-items") && !looks_plural("order"));
        assert!(is_local("http://localhost:8080/x") && !is_local("http://api.example.org"));
    }
}
