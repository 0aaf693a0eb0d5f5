//! Spectral's OpenAPI functions (`oas*`, `refSiblings`, `serverVariables`, `uniquenessTags`).
//! They look at the document through the context; paths they return are paths in the
//! resolved document, which the engine maps to where each node is written.

use std::collections::{HashMap, HashSet};

use gardefou_document::FileId;
use gardefou_source::{Node, PathSeg, Value};
use serde_json::Value as Json;

use super::{FnContext, FnResult, Function, Input};
use crate::jsonpath::Seg;

pub const NAMES: &[&str] = &[
    "oasOpSuccessResponse",
    "oasOpFormDataConsumeCheck",
    "oasOpIdUnique",
    "oasOpParams",
    "oasTagDefined",
    "oasPathParam",
    "oasSecurityDefined",
    "oasSchema",
    "oasDocumentSchema",
    "oasUnusedComponent",
    "oasDiscriminator",
    "refSiblings",
    "serverVariables",
    "uniquenessTags",
    "oasExample",
];

pub fn build(name: &str, o: &Json) -> Result<Option<Box<dyn Function>>, String> {
    Ok(Some(match name {
        "oasOpSuccessResponse" => Box::new(OpSuccessResponse),
        "oasOpFormDataConsumeCheck" => Box::new(FormDataConsume),
        "oasOpIdUnique" => Box::new(OpIdUnique),
        "oasOpParams" => Box::new(OpParams),
        "oasTagDefined" => Box::new(TagDefined),
        "oasPathParam" => Box::new(PathParam),
        "oasSecurityDefined" => Box::new(SecurityDefined {
            version: o.get("oasVersion").and_then(Json::as_u64).unwrap_or(3),
        }),
        "oasSchema" => Box::new(OasSchema::new(o)?),
        "oasDocumentSchema" => Box::new(DocumentSchema),
        "oasUnusedComponent" => Box::new(UnusedComponent),
        "oasDiscriminator" => Box::new(Discriminator),
        "refSiblings" => Box::new(RefSiblings),
        "serverVariables" => Box::new(ServerVariables {
            check_substitutions: o
                .get("checkSubstitutions")
                .and_then(Json::as_bool)
                .unwrap_or(false),
            require_default: o
                .get("requireDefault")
                .and_then(Json::as_bool)
                .unwrap_or(false),
        }),
        "uniquenessTags" => Box::new(UniquenessTags),
        "oasExample" => Box::new(super::example::OasExample::new(o)?),
        _ => return Ok(None),
    }))
}

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn key(s: &str) -> PathSeg {
    PathSeg::Key(s.to_string())
}

/// Follows a `$ref` (the resolved view): the target, or the node itself.
pub fn deref<'a>(cx: &FnContext<'a>, file: FileId, node: &'a Node) -> (FileId, &'a Node) {
    match cx.set.deref(file, node) {
        Some(t) => (t.file, t.node),
        None => (file, node),
    }
}

/// Every operation under `paths` (resolved): (path key, method, file, operation node).
pub fn operations<'a>(
    cx: &FnContext<'a>,
    paths: &'a Node,
    file: FileId,
) -> Vec<(&'a str, &'a str, FileId, &'a Node)> {
    let mut out = Vec::new();
    let Some(items) = paths.as_object() else {
        return out;
    };
    for m in items {
        let (f, item) = deref(cx, file, &m.value);
        let Some(ops) = item.as_object() else {
            continue;
        };
        for op in ops {
            if METHODS.contains(&op.key.as_str()) {
                let (of, o) = deref(cx, f, &op.value);
                if o.is_object() {
                    out.push((m.key.as_str(), op.key.as_str(), of, o));
                }
            }
        }
    }
    out
}

struct OpSuccessResponse;
impl Function for OpSuccessResponse {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(responses) = i.value.and_then(Node::as_object) else {
            return vec![];
        };
        let ok = responses.iter().any(|m| {
            let k = m.key.as_bytes();
            k.len() == 3
                && matches!(k[0], b'2' | b'3')
                && (k[1..].iter().all(u8::is_ascii_digit) || k[1..].eq_ignore_ascii_case(b"XX"))
        });
        if ok {
            vec![]
        } else {
            vec![FnResult::new(format!(
                "{}must contain at least one \"2xx\" or \"3xx\" response.",
                i.print_property()
            ))]
        }
    }
}

struct FormDataConsume;
impl Function for FormDataConsume {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(op) = i.value else { return vec![] };
        let has_form = op
            .get("parameters")
            .and_then(Node::as_array)
            .is_some_and(|ps| {
                ps.iter()
                    .any(|p| deref(cx, i.file, p).1.get_str("in") == Some("formData"))
            });
        if !has_form {
            return vec![];
        }
        let consumes_ok = op
            .get("consumes")
            .and_then(Node::as_array)
            .is_some_and(|c| {
                c.iter().filter_map(Node::as_str).any(|t| {
                    t.contains("application/x-www-form-urlencoded")
                        || t.contains("multipart/form-data")
                })
            });
        if consumes_ok {
            vec![]
        } else {
            vec![FnResult::new("Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.")]
        }
    }
}

struct OpIdUnique;
impl Function for OpIdUnique {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(paths) = i.value else { return vec![] };
        let mut seen = HashSet::new();
        let mut out = vec![];
        for (p, m, _, op) in operations(cx, paths, i.file) {
            let Some(id) = op.get("operationId") else {
                continue;
            };
            let id = match &id.value {
                Value::String(s) => s.clone(),
                _ => id.to_json().to_string(),
            };
            if !seen.insert(id) {
                let mut path = i.path_owned();
                path.extend([key(p), key(m), key("operationId")]);
                out.push(FnResult::at("operationId must be unique.", path));
            }
        }
        out
    }
}

struct OpParams;
impl Function for OpParams {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(params) = i.value.and_then(Node::as_array) else {
            return vec![];
        };
        let mut out = vec![];
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut bodies = vec![];
        let mut forms = vec![];
        for (idx, p) in params.iter().enumerate() {
            let (_, p) = deref(cx, i.file, p);
            let (Some(name), Some(loc)) = (p.get_str("name"), p.get_str("in")) else {
                continue;
            };
            let mut path = i.path_owned();
            path.push(PathSeg::Index(idx));
            if seen
                .insert((name.to_string(), loc.to_string()), idx)
                .is_some()
            {
                out.push(FnResult::at("A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.", path.clone()));
            }
            match loc {
                "body" => bodies.push(path),
                "formData" => forms.push(path),
                _ => {}
            }
        }
        if bodies.len() > 1 {
            for p in &bodies[1..] {
                out.push(FnResult::at("Operation must not have more than a single instance of the \"in:body\" parameter.", p.clone()));
            }
        }
        if !bodies.is_empty() && !forms.is_empty() {
            out.push(FnResult::new(
                "Operation cannot have both \"in:body\" and \"in:formData\" parameters.",
            ));
        }
        out
    }
}

struct TagDefined;
impl Function for TagDefined {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(root) = i.value else { return vec![] };
        let defined: HashSet<&str> = root
            .get("tags")
            .and_then(Node::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|t| deref(cx, i.file, t).1.get_str("name"))
                    .collect()
            })
            .unwrap_or_default();
        let Some(paths) = root.get("paths") else {
            return vec![];
        };
        let mut out = vec![];
        for (p, m, _, op) in operations(cx, paths, i.file) {
            let Some(tags) = op.get("tags").and_then(Node::as_array) else {
                continue;
            };
            for (idx, t) in tags.iter().enumerate() {
                if let Some(name) = t.as_str() {
                    if !defined.contains(name) {
                        out.push(FnResult::at(
                            "Operation tags must be defined in global tags.",
                            vec![
                                key("paths"),
                                key(p),
                                key(m),
                                key("tags"),
                                PathSeg::Index(idx),
                            ],
                        ));
                    }
                }
            }
        }
        out
    }
}

/// `{name}` placeholders of a path template, in order.
fn template_params(path: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

struct PathParam;
impl Function for PathParam {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(paths) = i.value.and_then(Node::as_object) else {
            return vec![];
        };
        let mut out = vec![];
        let mut normalized: HashMap<String, &str> = HashMap::new();
        for m in paths {
            let p = m.key.as_str();
            if p.starts_with("x-") {
                continue;
            }
            let path_at = vec![key("paths"), key(p)];
            let names = template_params(p);
            // Equivalent paths (same shape, different parameter names).
            let mut shape = String::new();
            let mut rest = p;
            while let Some(open) = rest.find('{') {
                shape.push_str(&rest[..open]);
                shape.push('%');
                match rest[open..].find('}') {
                    Some(close) => rest = &rest[open + close + 1..],
                    None => {
                        rest = "";
                    }
                }
            }
            shape.push_str(rest);
            if let Some(other) = normalized.get(&shape) {
                out.push(FnResult::at(
                    format!("Paths \"{p}\" and \"{other}\" must not be equivalent."),
                    path_at.clone(),
                ));
            } else {
                normalized.insert(shape, p);
            }
            let mut dup = HashSet::new();
            for n in &names {
                if !dup.insert(*n) {
                    out.push(FnResult::at(
                        format!("Path \"{p}\" must not use parameter \"{{{n}}}\" multiple times."),
                        path_at.clone(),
                    ));
                }
            }
            let (f, item) = deref(cx, i.file, &m.value);
            // Path-level `in: path` parameters.
            let collect = |list: Option<&Node>,
                           list_file: FileId,
                           base: Vec<PathSeg>,
                           out: &mut Vec<FnResult>|
             -> Vec<String> {
                let mut declared = vec![];
                let mut seen = HashSet::new();
                for (idx, pn) in list
                    .and_then(Node::as_array)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let (_, pn) = deref(cx, list_file, pn);
                    if pn.get_str("in") != Some("path") {
                        continue;
                    }
                    let Some(name) = pn.get_str("name") else {
                        continue;
                    };
                    let mut at = base.clone();
                    at.push(PathSeg::Index(idx));
                    if !seen.insert(name.to_string()) {
                        out.push(FnResult::at(
                            format!(
                                "Path parameter \"{name}\" must not be defined multiple times."
                            ),
                            at.clone(),
                        ));
                        continue;
                    }
                    if pn.get("required").and_then(Node::as_bool) != Some(true) {
                        out.push(FnResult::at(format!("Path parameter \"{name}\" must have \"required\" property that is set to \"true\"."), at.clone()));
                    }
                    if !names.contains(&name) {
                        out.push(FnResult::at(
                            format!("Parameter \"{name}\" must be used in path \"{p}\"."),
                            at.clone(),
                        ));
                    }
                    declared.push(name.to_string());
                }
                declared
            };
            let mut base = path_at.clone();
            base.push(key("parameters"));
            let top = collect(item.get("parameters"), f, base, &mut out);
            let Some(ops) = item.as_object() else {
                continue;
            };
            for op in ops {
                if !METHODS.contains(&op.key.as_str()) {
                    continue;
                }
                let (of, o) = deref(cx, f, &op.value);
                let mut base = path_at.clone();
                base.extend([key(&op.key), key("parameters")]);
                let own = collect(o.get("parameters"), of, base, &mut out);
                for n in &names {
                    if n.is_empty() {
                        continue;
                    }
                    if !top.iter().any(|d| d == n) && !own.iter().any(|d| d == n) {
                        let mut at = path_at.clone();
                        at.push(key(&op.key));
                        out.push(FnResult::at(format!("Operation must define parameter \"{{{n}}}\" as expected by path \"{p}\"."), at));
                    }
                }
            }
        }
        out
    }
}

struct SecurityDefined {
    version: u64,
}
impl Function for SecurityDefined {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(req) = i.value.and_then(Node::as_object) else {
            return vec![];
        };
        let schemes = if self.version == 2 {
            cx.root.get("securityDefinitions")
        } else {
            cx.root
                .get("components")
                .and_then(|c| c.get("securitySchemes"))
        };
        let mut out = vec![];
        for m in req {
            let mut at = i.path_owned();
            at.push(key(&m.key));
            let Some(scheme) = schemes.and_then(|s| s.get(&m.key)) else {
                let where_ = if self.version == 2 {
                    "securityDefinitions"
                } else {
                    "components.securitySchemes"
                };
                out.push(FnResult::at(format!("API \"security\" values must match a scheme defined in the \"{where_}\" object."), at));
                continue;
            };
            let (_, scheme) = deref(cx, FileId(0), scheme);
            let Some(scopes) = m.value.as_array() else {
                continue;
            };
            for (idx, s) in scopes.iter().enumerate() {
                let Some(scope) = s.as_str() else { continue };
                let listed = if self.version == 2 {
                    scheme.get("scopes").and_then(|sc| sc.get(scope)).is_some()
                } else {
                    scheme
                        .get("flows")
                        .and_then(Node::as_object)
                        .is_some_and(|flows| {
                            flows.iter().any(|f| {
                                f.value.get("scopes").and_then(|sc| sc.get(scope)).is_some()
                            })
                        })
                };
                if !listed {
                    let mut at = at.clone();
                    at.push(PathSeg::Index(idx));
                    out.push(FnResult::at(
                        format!("\"{scope}\" must be listed among scopes."),
                        at,
                    ));
                }
            }
        }
        out
    }
}

struct OasSchema {
    validator: jsonschema::Validator,
    schema: Json,
}
impl OasSchema {
    fn new(o: &Json) -> Result<OasSchema, String> {
        let schema = o
            .get("schema")
            .ok_or("`oasSchema` needs a `schema` option")?;
        Ok(OasSchema {
            validator: super::schema::compile(schema, super::SchemaDialect::Draft7)?,
            schema: schema.clone(),
        })
    }
}
impl Function for OasSchema {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(v) = i.value else { return vec![] };
        super::json_schema_errors(
            &self.validator,
            Some(&self.schema),
            &v.to_json(),
            &i.path_owned(),
        )
    }
}

/// `oasDocumentSchema`: the structural validation of the whole document.
struct DocumentSchema;
impl Function for DocumentSchema {
    fn call(&self, _: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(version) = cx.version else {
            return vec![];
        };
        crate::structure::validate(cx.set, version)
            .into_iter()
            .map(|d| FnResult::at(d.message, d.path))
            .collect()
    }
}

/// Local pointers (`/components/schemas/X`) that some `$ref` in the document set resolves to
/// in the root document.
pub fn referenced_pointers(cx: &FnContext<'_>) -> HashSet<String> {
    let mut used = HashSet::new();
    for file in cx.set.files() {
        let Some(root) = &file.root else { continue };
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match &n.value {
                Value::Object(members) => {
                    for m in members {
                        if m.key == "$ref" {
                            if let Some(r) = m.value.as_str() {
                                if let Ok(t) = gardefou_document::parse_ref(r) {
                                    let target_is_root = if t.file.is_empty() {
                                        file.id == FileId(0)
                                    } else {
                                        let base = file.path.parent().map(|p| p.join(&t.file));
                                        base.and_then(|b| std::fs::canonicalize(b).ok())
                                            .is_some_and(|b| b == cx.set.root().path)
                                    };
                                    if target_is_root {
                                        used.insert(t.pointer);
                                    }
                                }
                            }
                        } else {
                            stack.push(&m.value);
                        }
                    }
                }
                Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    used
}

struct UnusedComponent;
impl Function for UnusedComponent {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(components) = i.value.and_then(|r| r.get("components")) else {
            return vec![];
        };
        let used = referenced_pointers(cx);
        let mut out = vec![];
        for kind in [
            "schemas",
            "responses",
            "parameters",
            "examples",
            "requestBodies",
            "headers",
            "links",
            "callbacks",
        ] {
            let Some(members) = components.get(kind).and_then(Node::as_object) else {
                continue;
            };
            for m in members {
                let pointer = format!(
                    "/components/{kind}/{}",
                    gardefou_source::escape_pointer_token(&m.key)
                );
                if !used.contains(&pointer) {
                    out.push(FnResult::at(
                        "Potentially unused component has been detected.",
                        vec![key("components"), key(kind), key(&m.key)],
                    ));
                }
            }
        }
        out
    }
}

struct Discriminator;
impl Function for Discriminator {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(schema) = i.value else { return vec![] };
        let Some(d) = schema.get("discriminator") else {
            return vec![];
        };
        let mut at = i.path_owned();
        at.push(key("discriminator"));
        let Some(name) = d.as_str() else {
            return vec![FnResult::at("discriminator must be a string", at)];
        };
        let mut out = vec![];
        if schema.get("properties").and_then(|p| p.get(name)).is_none() {
            out.push(FnResult::at(
                "discriminator property must be defined",
                at.clone(),
            ));
        }
        let required = schema
            .get("required")
            .and_then(Node::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(name)));
        if !required {
            out.push(FnResult::at("discriminator property must be required", at));
        }
        out
    }
}

/// `refSiblings`: the target is a `$ref` member; every other member of its object is reported.
struct RefSiblings;
impl Function for RefSiblings {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        if i.path.is_empty() {
            return vec![];
        }
        let parent_path = &i.path[..i.path.len() - 1];
        let Some(parent) = walk_raw(cx, parent_path) else {
            return vec![];
        };
        let Some(members) = parent.as_object() else {
            return vec![];
        };
        members
            .iter()
            .filter(|m| m.key != "$ref")
            .map(|m| {
                let mut at: Vec<PathSeg> = parent_path.iter().map(|s| s.to_path_seg()).collect();
                at.push(key(&m.key));
                FnResult::at("$ref must not be placed next to any other properties", at)
            })
            .collect()
    }
}

/// The node at `path` in the root file as written (no `$ref` followed).
fn walk_raw<'a>(cx: &FnContext<'a>, path: &[Seg<'_>]) -> Option<&'a Node> {
    let mut n = cx.root;
    for s in path {
        n = match *s {
            Seg::Key(k) => &cx.set.member(FileId(0), n, k)?.value,
            Seg::Index(i) => n.index(i)?,
        };
    }
    Some(n)
}

struct ServerVariables {
    check_substitutions: bool,
    require_default: bool,
}
impl Function for ServerVariables {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(server) = i.value.filter(|n| n.is_object()) else {
            return vec![FnResult::new("Invalid Server Object")];
        };
        let Some(url) = server.get_str("url") else {
            return vec![FnResult::new("Invalid Server Object")];
        };
        let used = template_params(url);
        let vars = server
            .get("variables")
            .and_then(Node::as_object)
            .unwrap_or(&[]);
        let mut out = vec![];
        let mut url_at = i.path_owned();
        url_at.push(key("url"));
        for u in &used {
            if !vars.iter().any(|v| v.key == *u) {
                out.push(FnResult::at(format!("Server's \"url\" property must have \"{u}\" variable defined in \"variables\" property."), url_at.clone()));
            }
        }
        for v in vars {
            let mut at = i.path_owned();
            at.extend([key("variables"), key(&v.key)]);
            if !used.contains(&v.key.as_str()) {
                out.push(FnResult::at(
                    format!(
                        "Server's \"variables\" object has unused defined \"{}\" variable.",
                        v.key
                    ),
                    at.clone(),
                ));
            }
            if self.require_default && v.value.get("default").is_none() {
                out.push(FnResult::at(
                    format!("Server variable \"{}\" has a missing default.", v.key),
                    at.clone(),
                ));
            }
            if let (Some(values), Some(default)) = (
                v.value.get("enum").and_then(Node::as_array),
                v.value.get_str("default"),
            ) {
                if !values.iter().any(|e| e.as_str() == Some(default)) {
                    let mut d = at.clone();
                    d.push(key("default"));
                    out.push(FnResult::at(
                        format!(
                            "Server variable \"{}\" has a default not listed in the enum.",
                            v.key
                        ),
                        d,
                    ));
                }
            }
        }
        let _ = self.check_substitutions;
        out
    }
}

struct UniquenessTags;
impl Function for UniquenessTags {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(tags) = i.value.and_then(Node::as_array) else {
            return vec![];
        };
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut out = vec![];
        for (idx, t) in tags.iter().enumerate() {
            let Some(name) = t.get_str("name") else {
                continue;
            };
            match first.get(name) {
                Some(&j) => {
                    let mut at = i.path_owned();
                    at.push(PathSeg::Index(idx));
                    at.push(key("name"));
                    out.push(FnResult::at(
                        format!("\"tags[{j}]\" and \"tags[{idx}]\" must not be equal"),
                        at,
                    ));
                }
                None => {
                    first.insert(name, idx);
                }
            }
        }
        out
    }
}
