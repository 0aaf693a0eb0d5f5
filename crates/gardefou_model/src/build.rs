use gardefou_document::DocumentSet;

use crate::at::At;
use crate::model::*;
use crate::version::SpecVersion;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Builds the model of a loaded document set. `None` when the root is not a recognizable
/// OpenAPI 2.0–3.2 object (that is reported by the linter, not here). Never fails on
/// malformed content: what has the wrong shape is skipped, and the structural rules report it.
pub fn build(set: &DocumentSet) -> Option<Api<'_>> {
    let root = At::root(set)?;
    let version = SpecVersion::detect(root.node)?;
    let version_text = root
        .str(if version == SpecVersion::Swagger2 {
            "swagger"
        } else {
            "openapi"
        })
        .unwrap_or("2.0")
        .to_string();
    let b = Builder { set, version };
    Some(b.api(root, version_text))
}

struct Builder<'a> {
    set: &'a DocumentSet,
    version: SpecVersion,
}

impl<'a> Builder<'a> {
    fn api(&self, root: At<'a>, version_text: String) -> Api<'a> {
        let set = self.set;
        let info = root.get(set, "info").map(|at| Info {
            title: at.str("title"),
            version: at.str("version"),
            description: at.str("description"),
            summary: at.str("summary"),
            terms_of_service: at.str("termsOfService"),
            contact: at.get(set, "contact"),
            license: at.get(set, "license"),
            at,
        });
        let servers = if self.version == SpecVersion::Swagger2 {
            self.swagger_servers(&root)
        } else {
            self.servers(root.get(set, "servers"))
        };
        let security = root.get(set, "security").map(|s| self.security(&s));
        let components = self.components(&root);
        let global_consumes = strings(root.get(set, "consumes"));
        let global_produces = strings(root.get(set, "produces"));
        let ctx = OpContext {
            global_security: security.as_deref().unwrap_or(&[]),
            global_servers: &servers,
            global_consumes: &global_consumes,
            global_produces: &global_produces,
        };
        let mut path_items = Vec::new();
        let mut operations = Vec::new();
        if let Some(paths) = root.get(set, "paths") {
            for (path, item) in paths.members(set) {
                if path.starts_with("x-") || !item.node.is_object() {
                    continue;
                }
                let pi = self.path_item(path, item);
                self.operations(&pi, OperationKind::Path, &ctx, &mut operations);
                path_items.push(pi);
            }
        }
        let mut webhooks = Vec::new();
        if let Some(hooks) = root.get(set, "webhooks") {
            for (name, item) in hooks.members(set) {
                if !item.node.is_object() {
                    continue;
                }
                let pi = self.path_item(name, item);
                self.operations(&pi, OperationKind::Webhook, &ctx, &mut webhooks);
            }
        }
        let tags = root
            .get(set, "tags")
            .map(|t| t.items(set))
            .unwrap_or_default()
            .into_iter()
            .map(|at| Tag {
                name: at.str("name"),
                description: at.str("description"),
                at,
            })
            .collect();
        let extensions = extensions(&root);
        Api {
            version: self.version,
            version_text,
            info,
            servers,
            path_items,
            operations,
            webhooks,
            components,
            security,
            tags,
            external_docs: root.get(set, "externalDocs"),
            extensions,
            root,
        }
    }

    fn swagger_servers(&self, root: &At<'a>) -> Vec<Server<'a>> {
        let host = root.str("host");
        let base = root.str("basePath").unwrap_or("");
        let schemes = strings(root.get(self.set, "schemes"));
        let Some(host) = host else {
            if base.is_empty() {
                return Vec::new();
            }
            return vec![Server {
                at: None,
                url: base.to_string(),
                description: None,
                variables: Vec::new(),
            }];
        };
        let schemes = if schemes.is_empty() {
            vec!["https"]
        } else {
            schemes
        };
        schemes
            .into_iter()
            .map(|s| Server {
                at: None,
                url: format!("{s}://{host}{base}"),
                description: None,
                variables: Vec::new(),
            })
            .collect()
    }

    fn servers(&self, list: Option<At<'a>>) -> Vec<Server<'a>> {
        let Some(list) = list else { return Vec::new() };
        list.items(self.set)
            .into_iter()
            .filter(|at| at.node.is_object())
            .map(|at| Server {
                url: at.str("url").unwrap_or("").to_string(),
                description: at.str("description"),
                variables: at
                    .get(self.set, "variables")
                    .map(|v| v.members(self.set))
                    .unwrap_or_default(),
                at: Some(at),
            })
            .collect()
    }

    fn security(&self, list: &At<'a>) -> Vec<SecurityRequirement<'a>> {
        list.items(self.set)
            .into_iter()
            .filter(|at| at.node.is_object())
            .map(|at| SecurityRequirement {
                schemes: at
                    .node
                    .as_object()
                    .unwrap_or(&[])
                    .iter()
                    .map(|m| {
                        let scopes = m
                            .value
                            .as_array()
                            .map(|a| a.iter().filter_map(|n| n.as_str()).collect())
                            .unwrap_or_default();
                        (m.key.as_str(), scopes)
                    })
                    .collect(),
                at,
            })
            .collect()
    }

    fn path_item(&self, path: &'a str, item: At<'a>) -> PathItem<'a> {
        let parameters = item
            .get(self.set, "parameters")
            .map(|p| self.parameters(&p, true))
            .unwrap_or_default();
        let servers = self.servers(item.get(self.set, "servers"));
        PathItem {
            at: item,
            path,
            parameters,
            servers,
        }
    }

    fn parameters(&self, list: &At<'a>, from_path_item: bool) -> Vec<Parameter<'a>> {
        list.items(self.set)
            .into_iter()
            .filter(|at| at.node.is_object())
            .map(|at| self.parameter(at, from_path_item))
            .collect()
    }

    fn parameter(&self, at: At<'a>, from_path_item: bool) -> Parameter<'a> {
        let location = at.str("in");
        let schema = if self.version == SpecVersion::Swagger2 {
            if location == Some("body") {
                at.get(self.set, "schema")
            } else {
                Some(at.clone())
            }
        } else {
            at.get(self.set, "schema").or_else(|| {
                at.get(self.set, "content")
                    .and_then(|c| c.members(self.set).into_iter().next())
                    .and_then(|(_, mt)| mt.get(self.set, "schema"))
            })
        };
        Parameter {
            name: at.str("name"),
            location,
            required: at.bool("required").unwrap_or(false),
            deprecated: at.bool("deprecated").unwrap_or(false),
            description: at.str("description"),
            schema,
            from_path_item,
            at,
        }
    }

    fn operations(
        &self,
        item: &PathItem<'a>,
        kind: OperationKind,
        ctx: &OpContext<'_, 'a>,
        out: &mut Vec<Operation<'a>>,
    ) {
        let set = self.set;
        let mut methods: Vec<(String, At<'a>)> = Vec::new();
        for m in METHODS {
            if let Some(op) = item.at.get(set, m) {
                methods.push((m.to_string(), op));
            }
        }
        if self.version == SpecVersion::OpenApi32 {
            if let Some(op) = item.at.get(set, "query") {
                methods.push(("query".to_string(), op));
            }
            if let Some(extra) = item.at.get(set, "additionalOperations") {
                for (name, op) in extra.members(set) {
                    methods.push((name.to_string(), op));
                }
            }
        }
        for (method, at) in methods {
            if !at.node.is_object() {
                continue;
            }
            out.push(self.operation(item, method, at, kind.clone(), ctx));
        }
    }

    fn operation(
        &self,
        item: &PathItem<'a>,
        method: String,
        at: At<'a>,
        kind: OperationKind,
        ctx: &OpContext<'_, 'a>,
    ) -> Operation<'a> {
        let set = self.set;
        let own = at
            .get(set, "parameters")
            .map(|p| self.parameters(&p, false))
            .unwrap_or_default();
        let mut parameters: Vec<Parameter<'a>> = item
            .parameters
            .iter()
            .filter(|p| {
                !own.iter()
                    .any(|o| o.name == p.name && o.location == p.location)
            })
            .map(|p| self.parameter(p.at.clone(), true))
            .collect();
        parameters.extend(own);
        let consumes = at
            .get(set, "consumes")
            .map(|c| strings(Some(c)))
            .unwrap_or_else(|| ctx.global_consumes.to_vec());
        let produces = at
            .get(set, "produces")
            .map(|c| strings(Some(c)))
            .unwrap_or_else(|| ctx.global_produces.to_vec());
        let request_body = if self.version == SpecVersion::Swagger2 {
            self.swagger_body(&mut parameters, &consumes)
        } else {
            at.get(set, "requestBody")
                .filter(|b| b.node.is_object())
                .map(|b| RequestBody {
                    required: b.bool("required").unwrap_or(false),
                    description: b.str("description"),
                    content: self.content(b.get(set, "content")),
                    at: b,
                })
        };
        let responses = at
            .get(set, "responses")
            .map(|r| r.members(set))
            .unwrap_or_default()
            .into_iter()
            .filter(|(code, r)| !code.starts_with("x-") && r.node.is_object())
            .map(|(code, r)| self.response(code, r, &produces))
            .collect();
        let security = at.get(set, "security").map(|s| self.security(&s));
        let effective_security = match &security {
            Some(own) => own.iter().map(clone_req).collect(),
            None => ctx.global_security.iter().map(clone_req).collect(),
        };
        let mut servers = self.servers(at.get(set, "servers"));
        if servers.is_empty() {
            servers = item.servers.iter().map(clone_server).collect();
        }
        if servers.is_empty() {
            servers = ctx.global_servers.iter().map(clone_server).collect();
        }
        let mut callbacks = Vec::new();
        if let Some(cbs) = at.get(set, "callbacks") {
            for (name, cb) in cbs.members(set) {
                for (expression, cb_item) in cb.members(set) {
                    if expression.starts_with("x-") || !cb_item.node.is_object() {
                        continue;
                    }
                    let pi = self.path_item(expression, cb_item);
                    let kind = OperationKind::Callback {
                        name: name.to_string(),
                        expression: expression.to_string(),
                    };
                    self.operations(&pi, kind, ctx, &mut callbacks);
                }
            }
        }
        Operation {
            kind,
            method,
            path: item.path,
            operation_id: at.str("operationId"),
            summary: at.str("summary"),
            description: at.str("description"),
            tags: strings(at.get(set, "tags")),
            deprecated: at.bool("deprecated").unwrap_or(false),
            parameters,
            request_body,
            responses,
            security,
            effective_security,
            servers,
            callbacks,
            extensions: extensions(&at),
            consumes,
            produces,
            at,
        }
    }

    /// Swagger 2.0: the `body` parameter (removed from the list) or the `formData` parameters
    /// become the request body.
    fn swagger_body(
        &self,
        parameters: &mut Vec<Parameter<'a>>,
        consumes: &[&'a str],
    ) -> Option<RequestBody<'a>> {
        if let Some(i) = parameters.iter().position(|p| p.location == Some("body")) {
            let p = parameters.remove(i);
            let types: Vec<&str> = if consumes.is_empty() {
                vec!["application/json"]
            } else {
                consumes.to_vec()
            };
            return Some(RequestBody {
                required: p.required,
                description: p.description,
                content: types
                    .into_iter()
                    .map(|t| MediaType {
                        media_type: t.to_string(),
                        at: p.at.clone(),
                        schema: p.schema.clone(),
                    })
                    .collect(),
                at: p.at,
            });
        }
        let form = parameters.iter().find(|p| p.location == Some("formData"))?;
        let media = consumes
            .iter()
            .find(|c| c.contains("multipart/form-data") || c.contains("x-www-form-urlencoded"))
            .copied()
            .unwrap_or("application/x-www-form-urlencoded");
        Some(RequestBody {
            required: parameters
                .iter()
                .any(|p| p.location == Some("formData") && p.required),
            description: None,
            content: vec![MediaType {
                media_type: media.to_string(),
                at: form.at.clone(),
                schema: None,
            }],
            at: form.at.clone(),
        })
    }

    fn content(&self, content: Option<At<'a>>) -> Vec<MediaType<'a>> {
        content
            .map(|c| c.members(self.set))
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, mt)| mt.node.is_object())
            .map(|(name, mt)| MediaType {
                media_type: name.to_string(),
                schema: mt.get(self.set, "schema"),
                at: mt,
            })
            .collect()
    }

    fn response(&self, code: &'a str, at: At<'a>, produces: &[&'a str]) -> Response<'a> {
        let set = self.set;
        let headers = at
            .get(set, "headers")
            .map(|h| h.members(set))
            .unwrap_or_default()
            .into_iter()
            .map(|(name, h)| Header {
                name,
                description: h.str("description"),
                schema: if self.version == SpecVersion::Swagger2 {
                    Some(h.clone())
                } else {
                    h.get(set, "schema")
                },
                at: h,
            })
            .collect();
        let content = if self.version == SpecVersion::Swagger2 {
            match at.get(set, "schema") {
                Some(schema) => {
                    let types: Vec<&str> = if produces.is_empty() {
                        vec!["application/json"]
                    } else {
                        produces.to_vec()
                    };
                    types
                        .into_iter()
                        .map(|t| MediaType {
                            media_type: t.to_string(),
                            at: at.clone(),
                            schema: Some(schema.clone()),
                        })
                        .collect()
                }
                None => Vec::new(),
            }
        } else {
            self.content(at.get(set, "content"))
        };
        Response {
            code,
            description: at.str("description"),
            headers,
            content,
            at,
        }
    }

    fn components(&self, root: &At<'a>) -> Components<'a> {
        let set = self.set;
        let named = |parent: Option<At<'a>>, key: &str| -> Vec<Named<'a>> {
            parent
                .and_then(|p| p.get(set, key))
                .map(|m| m.members(set))
                .unwrap_or_default()
                .into_iter()
                .map(|(name, at)| Named { name, at })
                .collect()
        };
        if self.version == SpecVersion::Swagger2 {
            let r = Some(root.clone());
            return Components {
                schemas: named(r.clone(), "definitions"),
                parameters: named(r.clone(), "parameters"),
                responses: named(r.clone(), "responses"),
                security_schemes: named(r, "securityDefinitions")
                    .into_iter()
                    .map(|n| self.security_scheme(n))
                    .collect(),
                ..Components::default()
            };
        }
        let c = root.get(set, "components");
        Components {
            schemas: named(c.clone(), "schemas"),
            parameters: named(c.clone(), "parameters"),
            responses: named(c.clone(), "responses"),
            request_bodies: named(c.clone(), "requestBodies"),
            headers: named(c.clone(), "headers"),
            examples: named(c.clone(), "examples"),
            links: named(c.clone(), "links"),
            callbacks: named(c.clone(), "callbacks"),
            path_items: named(c.clone(), "pathItems"),
            security_schemes: named(c, "securitySchemes")
                .into_iter()
                .map(|n| self.security_scheme(n))
                .collect(),
        }
    }

    fn security_scheme(&self, n: Named<'a>) -> SecurityScheme<'a> {
        let at = n.at;
        let raw_kind = at.str("type");
        let swagger = self.version == SpecVersion::Swagger2;
        let (kind, scheme) = match raw_kind {
            Some("basic") if swagger => (Some("http"), Some("basic")),
            k => (k, at.str("scheme")),
        };
        let mut flows = Vec::new();
        if swagger {
            if raw_kind == Some("oauth2") {
                let kind = match at.str("flow") {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    _ => "unknown",
                };
                flows.push(self.flow(kind, at.clone()));
            }
        } else if let Some(f) = at.get(self.set, "flows") {
            for (name, flow) in f.members(self.set) {
                let kind = match name {
                    "implicit" => "implicit",
                    "password" => "password",
                    "clientCredentials" => "clientCredentials",
                    "authorizationCode" => "authorizationCode",
                    "deviceAuthorization" => "deviceAuthorization",
                    _ => continue,
                };
                flows.push(self.flow(kind, flow));
            }
        }
        SecurityScheme {
            name: n.name,
            kind,
            description: at.str("description"),
            scheme,
            bearer_format: at.str("bearerFormat"),
            location: at.str("in"),
            param_name: at.str("name"),
            flows,
            open_id_connect_url: at.str("openIdConnectUrl"),
            at,
        }
    }

    fn flow(&self, kind: &'static str, at: At<'a>) -> OAuthFlow<'a> {
        let scopes = at
            .node
            .get("scopes")
            .and_then(|s| s.as_object())
            .map(|m| {
                m.iter()
                    .map(|m| (m.key.as_str(), m.value.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        OAuthFlow {
            kind,
            authorization_url: at.str("authorizationUrl"),
            token_url: at.str("tokenUrl"),
            refresh_url: at.str("refreshUrl"),
            scopes,
            at,
        }
    }
}

struct OpContext<'c, 'a> {
    global_security: &'c [SecurityRequirement<'a>],
    global_servers: &'c [Server<'a>],
    global_consumes: &'c [&'a str],
    global_produces: &'c [&'a str],
}

fn clone_req<'a>(r: &SecurityRequirement<'a>) -> SecurityRequirement<'a> {
    SecurityRequirement {
        at: r.at.clone(),
        schemes: r.schemes.clone(),
    }
}

fn clone_server<'a>(s: &Server<'a>) -> Server<'a> {
    Server {
        at: s.at.clone(),
        url: s.url.clone(),
        description: s.description,
        variables: s.variables.clone(),
    }
}

fn strings(at: Option<At<'_>>) -> Vec<&str> {
    at.and_then(|a| a.node.as_array())
        .map(|items| items.iter().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default()
}

fn extensions<'a>(at: &At<'a>) -> Vec<Extension<'a>> {
    at.node
        .as_object()
        .unwrap_or(&[])
        .iter()
        .filter(|m| m.key.starts_with("x-"))
        .map(|m| Extension {
            name: m.key.as_str(),
            at: at.get_raw(&m.key).expect("member exists"),
        })
        .collect()
}
