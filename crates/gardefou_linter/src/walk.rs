//! The single walk of the model: every node once, in document order, handed to a callback.
//! Schemas are walked through `$ref`s, each physical schema once (cycles are fine); the
//! properties of each and the named schemas, by name, whatever their schema was met as before.

use std::collections::HashSet;

use gardefou_document::DocumentSet;
use gardefou_model::{Api, At, SpecVersion};
use gardefou_source::Node;

use crate::rule::{SchemaSite, Visit};

pub fn walk<'a>(api: &Api<'a>, set: &'a DocumentSet, f: &mut dyn FnMut(&Visit<'_, 'a>)) {
    f(&Visit::Document(api));
    for t in &api.tags {
        f(&Visit::Tag(t));
    }
    for s in &api.servers {
        f(&Visit::Server(s));
    }
    for s in &api.components.security_schemes {
        f(&Visit::SecurityScheme(s));
    }
    for p in &api.path_items {
        f(&Visit::PathItem(p));
    }
    let mut seen: HashSet<*const Node> = HashSet::new();
    for named in &api.components.schemas {
        f(&Visit::NamedSchema(SchemaSite {
            at: &named.at,
            name: Some(named.name),
            property: None,
            in_request: false,
        }));
        schema(
            set,
            &named.at,
            Some(named.name),
            None,
            false,
            &mut seen,
            f,
            0,
        );
    }
    for op in api.all_operations() {
        f(&Visit::Operation(op));
        for p in &op.parameters {
            f(&Visit::Parameter(op, p));
            if let Some(s) = &p.schema {
                if api.version != SpecVersion::Swagger2 || p.location == Some("body") {
                    schema(set, s, None, None, true, &mut seen, f, 0);
                }
            }
        }
        if let Some(body) = &op.request_body {
            for mt in &body.content {
                if let Some(s) = &mt.schema {
                    schema(set, s, None, None, true, &mut seen, f, 0);
                }
            }
        }
        for r in &op.responses {
            f(&Visit::Response(op, r));
            for mt in &r.content {
                if let Some(s) = &mt.schema {
                    schema(set, s, None, None, false, &mut seen, f, 0);
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn schema<'a>(
    set: &'a DocumentSet,
    at: &At<'a>,
    name: Option<&'a str>,
    property: Option<&'a str>,
    in_request: bool,
    seen: &mut HashSet<*const Node>,
    f: &mut dyn FnMut(&Visit<'_, 'a>),
    depth: usize,
) {
    if depth > 64 || !at.node.is_object() || !seen.insert(at.node as *const Node) {
        return;
    }
    f(&Visit::Schema(SchemaSite {
        at,
        name,
        property,
        in_request,
    }));
    if let Some(props) = at.get(set, "properties") {
        for (k, p) in props.members(set) {
            f(&Visit::Property(SchemaSite {
                at: &p,
                name: None,
                property: Some(k),
                in_request,
            }));
            schema(set, &p, None, Some(k), in_request, seen, f, depth + 1);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(s) = at.get(set, key) {
            schema(set, &s, None, None, in_request, seen, f, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(list) = at.get(set, key) {
            for s in list.items(set) {
                schema(set, &s, None, None, in_request, seen, f, depth + 1);
            }
        }
    }
}
