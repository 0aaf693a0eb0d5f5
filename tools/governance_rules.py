"""Generates crates/gardefou_linter/src/rules/gardefou/<rule>.rs: the governance rules, one file
each, with metadata, docs, examples and the visit code. Run: python3 tools/governance_rules.py"""
import os

H3 = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\n"
H2 = "swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\n"
OK = "responses: {'200': {description: OK}}"

def op(path, extra="", method="get", params=""):
    return H3 + f"paths:\n  {path}:\n    {method}:\n      operationId: op\n{extra}{params}      {OK}\n"

# A governance rule that would report exactly what a `spectral:oas` rule reports is not written
# here: its id is an alias of Spectral's rule (crates/gardefou_linter/src/rules/aliases.rs), as
# naming-no-trailing-slash, naming-operation-id-unique, documentation-info-contact and
# security-requirements-defined are.
R = []
def rule(id, ruleset, category, sev, rec, kinds, summary, what, why, fix, invalid, valid, body, peers=(), formats=(), options=""):
    R.append(dict(id=id, ruleset=ruleset, category=category, sev=sev, rec=rec, kinds=kinds, summary=summary, what=what,
                  why=why, fix=fix, invalid=invalid, valid=valid, body=body, peers=peers, formats=formats, options=options))

# ------------------------------------------------------------------ naming
rule("naming-path-segment-casing", "gardefou:naming", "naming", "warn", True, ["PathItem"],
 "Path segments must follow the house casing (kebab-case by default).",
 "Checks every static segment of every path (parameters and version segments such as `v2` excepted) against the configured casing. A media-type file extension (`.json`) is left out of the check: `naming-no-file-extension-in-path` reports it.",
 "URLs are the most visible part of an API; mixed conventions across 150 APIs make every client guess.",
 "Rename the segment (`/order-items`, not `/orderItems` or `/order_items`), or configure the house casing.",
 op("/orderItems"), op("/order-items"),
 '''if let Visit::PathItem(p) = node {
        let casing = opt_str(options, "casing", "kebab");
        for seg in static_segments(p.path) {
            // A file extension is `naming-no-file-extension-in-path`'s finding, not a casing one.
            let name = without_file_extension(seg);
            if !is_version_segment(name) && !is_case(casing, name) {
                out.push(Diagnostic::at_key(&p.at, format!("path segment `{seg}` of `{}` is not {casing} case", p.path)));
            }
        }
    }''', ["zalando:129 (lowercase words with hyphens)", "redocly:paths-kebab-case", "vacuum:paths-kebab-case"],
 options="`casing`: flat, camel, pascal, kebab (default), cobol, snake or macro.")

for loc, default, peers in [("path", "camel", ["ibm:ibm-parameter-casing-convention"]), ("query", "camel", ["zalando:130 (snake_case query parameters)", "ibm:ibm-parameter-casing-convention"])]:
    rule(f"naming-{loc}-parameter-casing", "gardefou:naming", "naming", "warn", True, ["Parameter"],
     f"{loc.capitalize()} parameter names must follow the house casing ({default}Case by default).",
     f"Checks the `name` of every `in: {loc}` parameter against the configured casing.",
     "Parameter names end up in generated client method signatures and in every request; consistent names make the API guessable.",
     "Rename the parameter, or configure the house casing.",
     op("/items/{item_id}" if loc == "path" else "/items", params=("      parameters:\n        - {name: item_id, in: path, required: true, schema: {type: string}}\n" if loc == "path" else "      parameters:\n        - {name: page_size, in: query, schema: {type: integer}}\n")),
     op("/items/{itemId}" if loc == "path" else "/items", params=("      parameters:\n        - {name: itemId, in: path, required: true, schema: {type: string}}\n" if loc == "path" else "      parameters:\n        - {name: pageSize, in: query, schema: {type: integer}}\n")),
     f'''if let Visit::Parameter(_, p) = node {{
        if p.location == Some("{loc}") {{
            let casing = opt_str(options, "casing", "{default}");
            if let Some(name) = p.name.filter(|n| !is_case(casing, n)) {{
                out.push(Diagnostic::at_member(&p.at, "name", format!("{loc} parameter `{{name}}` is not {{casing}} case")));
            }}
        }}
    }}''', peers, options=f"`casing`: flat, camel ({'default' if default=='camel' else ''}), pascal, kebab, cobol, snake or macro.")

rule("naming-header-casing", "gardefou:naming", "naming", "warn", True, ["Parameter", "Response"],
 "Header names must be Hyphenated-Pascal-Case (`X-Request-Id`).",
 "Checks header parameters and response headers against Hyphenated-Pascal-Case (each hyphen-separated word starts with a capital); the `pattern` option replaces the convention.",
 "HTTP header names are case-insensitive, but documentation, SDKs and logs show them as written; one spelling avoids duplicates such as `x-request-id` and `X-Request-ID` in one portfolio.",
 "Write `X-Request-Id`, `Retry-After`.",
 op("/items", params="      parameters:\n        - {name: x_request_id, in: header, schema: {type: string}}\n"),
 op("/items", params="      parameters:\n        - {name: X-Request-Id, in: header, schema: {type: string}}\n"),
 '''let pattern = opt_str(options, "pattern", "^[A-Z0-9][A-Za-z0-9]*(-[A-Z0-9][A-Za-z0-9]*)*$");
    let ok = |name: &str| regress::Regex::new(pattern).map(|r| r.find(name).is_some()).unwrap_or(true);
    match node {
        Visit::Parameter(_, p) if p.location == Some("header") => {
            if let Some(name) = p.name.filter(|n| !ok(n)) {
                out.push(Diagnostic::at_member(&p.at, "name", format!("header `{name}` is not Hyphenated-Pascal-Case")));
            }
        }
        Visit::Response(_, r) => {
            for h in &r.headers {
                if !ok(h.name) {
                    out.push(Diagnostic::at_key(&h.at, format!("response header `{}` is not Hyphenated-Pascal-Case", h.name)));
                }
            }
        }
        _ => {}
    }''', ["zalando:132 (hyphenated pascal case headers)"], options="`pattern`: a regular expression header names must match.")

rule("naming-operation-id-casing", "gardefou:naming", "naming", "warn", True, ["Operation"],
 "operationIds must follow the house casing (camelCase by default).",
 "Checks every operationId against the configured casing.",
 "SDK generators turn operationIds into method names; a consistent casing gives idiomatic clients.",
 "Rename the operationId (`listOrders`), or configure the house casing.",
 op("/items").replace("operationId: op", "operationId: List_Items"), op("/items").replace("operationId: op", "operationId: listItems"),
 '''if let Visit::Operation(o) = node {
        let casing = opt_str(options, "casing", "camel");
        if let Some(id) = o.operation_id.filter(|id| !is_case(casing, id)) {
            out.push(Diagnostic::at_member(&o.at, "operationId", format!("operationId `{id}` is not {casing} case")));
        }
    }''', ["vacuum:operation-operationId-valid-in-url (partly)", "ibm:ibm-operationid-casing-convention"], options="`casing`: flat, camel (default), pascal, kebab, cobol, snake or macro.")

rule("naming-schema-name-casing", "gardefou:naming", "naming", "warn", True, ["Schema"],
 "Schema component names must follow the house casing (PascalCase by default).",
 "Checks the names of `components/schemas` (Swagger 2.0 `definitions`) against the configured casing.",
 "Schema names become type names in every generated client.",
 "Rename the schema (`OrderItem`), or configure the house casing.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    order_item: {type: object}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    OrderItem: {type: object}\n",
 '''if let Visit::Schema(s) = node {
        let casing = opt_str(options, "casing", "pascal");
        if let Some(name) = s.name.filter(|n| !is_case(casing, n)) {
            out.push(Diagnostic::at_key(s.at, format!("schema name `{name}` is not {casing} case")));
        }
    }''', ["ibm:ibm-schema-casing-convention", "rhoas:rhoas-schema-name-pascal-case"], options="`casing`: … pascal (default) …")

rule("naming-property-casing", "gardefou:naming", "naming", "warn", True, ["Schema"],
 "Property names must follow the house casing (camelCase by default).",
 "Checks every property name of every schema against the configured casing.",
 "Property names are the API's vocabulary in every payload; a team that mixes `orderId` and `order_id` forces mapping code on every client.",
 "Rename the property, or configure the house casing (`casing: snake` for snake_case APIs).",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        order_id: {type: string}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        orderId: {type: string}\n",
 '''if let Visit::Schema(s) = node {
        let casing = opt_str(options, "casing", "camel");
        if let Some(name) = s.property.filter(|n| !n.starts_with('@') && !n.starts_with('$') && !is_case(casing, n)) {
            out.push(Diagnostic::at_key(s.at, format!("property `{name}` is not {casing} case")));
        }
    }''', ["zalando:118 (snake_case properties)", "vacuum:camel-case-properties", "ibm:ibm-property-casing-convention"], options="`casing`: … camel (default), snake …")

rule("naming-enum-value-casing", "gardefou:naming", "naming", "info", False, ["Schema"],
 "String enum values should follow one casing (UPPER_SNAKE_CASE by default).",
 "Checks the string values of every `enum` against the configured casing.",
 "Enum values are constants in generated code and in client `switch` statements; one convention per portfolio avoids `active`/`ACTIVE` mismatches.",
 "Rename the values, or configure the house casing.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Status: {type: string, enum: [open, closed]}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Status: {type: string, enum: [OPEN, CLOSED]}\n",
 '''if let Visit::Schema(s) = node {
        let casing = opt_str(options, "casing", "macro");
        if let Some(values) = s.at.node.get("enum").and_then(gardefou_source::Node::as_array) {
            for v in values {
                if let Some(text) = v.as_str().filter(|t| !t.is_empty() && !is_case(casing, t)) {
                    out.push(Diagnostic { message: format!("enum value `{text}` is not {casing} case"), file: s.at.file, span: v.span, path: s.at.path.clone(), help: None, related: Vec::new() });
                }
            }
        }
    }''', ["zalando:240 (UPPER_SNAKE_CASE enum values)"], options="`casing`: … macro (default, UPPER_SNAKE_CASE) …")

rule("naming-tag-casing", "gardefou:naming", "naming", "info", False, ["Tag"],
 "Tag names should follow one casing (kebab-case by default).",
 "Checks the names of the top-level tags against the configured casing.",
 "Tags name the groups of a developer portal and the classes of generated clients.",
 "Rename the tag, or configure the house casing.",
 H3 + "tags: [{name: Order_Items}]\npaths: {}\n", H3 + "tags: [{name: order-items}]\npaths: {}\n",
 '''if let Visit::Tag(t) = node {
        let casing = opt_str(options, "casing", "kebab");
        if let Some(name) = t.name.filter(|n| !is_case(casing, n)) {
            out.push(Diagnostic::at_member(&t.at, "name", format!("tag `{name}` is not {casing} case")));
        }
    }''', [], options="`casing`: … kebab (default) …")

rule("naming-no-verbs-in-path", "gardefou:naming", "naming", "warn", True, ["PathItem"],
 "Paths name resources, not actions: no HTTP or CRUD verbs in path segments.",
 "Reports path segments that are (or start with) a verb such as get, create, update, delete, list, fetch, add, remove.",
 "The HTTP method already says what happens; `/getOrders` or `/orders/delete` break REST conventions, caching and tooling that relies on them.",
 "Use the method on the resource: `GET /orders`, `DELETE /orders/{id}`.",
 op("/getOrders"), op("/orders"),
 '''if let Visit::PathItem(p) = node {
        let verbs = opt_list(options, "verbs", &["get", "post", "put", "patch", "delete", "create", "update", "remove", "list", "fetch", "add", "set"]);
        for seg in static_segments(p.path) {
            let lower = seg.to_ascii_lowercase();
            let hit = verbs.iter().find(|v| {
                lower == **v || (lower.starts_with(v.as_str()) && seg[v.len()..].starts_with(|c: char| c.is_ascii_uppercase() || c == '-' || c == '_'))
            });
            if let Some(v) = hit {
                out.push(Diagnostic::at_key(&p.at, format!("path segment `{seg}` of `{}` contains the verb `{v}`", p.path)));
            }
        }
    }''', ["vacuum:no-http-verbs-in-path", "redocly:no-http-verbs-in-paths"], options="`verbs`: the words to refuse.")

rule("naming-no-file-extension-in-path", "gardefou:naming", "naming", "warn", True, ["PathItem"],
 "Paths must not end with a file extension (`.json`, `.xml` …).",
 "Reports path segments ending with a media-type extension such as `.json`, `.xml`, `.yaml`, `.csv`, `.html`.",
 "The representation is negotiated with `Accept` and described by `content`; an extension in the path duplicates that and multiplies routes.",
 "Remove the extension and describe the media types under `content`.",
 op("/orders.json"), op("/orders"),
 '''if let Visit::PathItem(p) = node {
        for seg in static_segments(p.path) {
            if let Some(ext) = file_extension(seg) {
                out.push(Diagnostic::at_key(&p.at, format!("path `{}` ends with the file extension `.{ext}`", p.path)));
            }
        }
    }''', ["zalando:244 (no file extensions)"])

rule("naming-plural-collections", "gardefou:naming", "naming", "info", True, ["PathItem"],
 "Collections are plural: the segment before `{id}` should be a plural noun.",
 "Reports a static segment directly followed by a path parameter that does not look plural (does not end in `s` and is not a known irregular or uncountable word).",
 "`/orders/{orderId}` reads as an item of a collection; `/order/{orderId}` leaves clients guessing where the collection lives.",
 "Use the plural (`/orders/{orderId}`), or add the word to the `singulars` option if it is uncountable.",
 op("/order/{orderId}", params="      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n"),
 op("/orders/{orderId}", params="      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n"),
 '''if let Visit::PathItem(p) = node {
        let allowed = opt_list(options, "singulars", &[]);
        let segs: Vec<&str> = p.path.split('/').filter(|s| !s.is_empty()).collect();
        for w in segs.windows(2) {
            if !w[0].contains('{') && w[1].starts_with('{') && !is_version_segment(w[0]) && !looks_plural(w[0]) && !allowed.iter().any(|a| a == w[0]) {
                out.push(Diagnostic::at_key(&p.at, format!("`{}` in `{}` names a collection but is not plural", w[0], p.path)));
            }
        }
    }''', ["redocly:path-segment-plural", "zalando:134 (pluralize resource names)"], options="`singulars`: words accepted as collection names.")


# ------------------------------------------------------------------ security
SEC3 = "components:\n  securitySchemes:\n"
rule("security-operation-secured", "gardefou:security", "security", "error", True, ["Operation"],
 "Every operation has a security requirement, or is explicitly public.",
 "Reports operations (webhooks and callbacks excepted) with no effective security requirement — neither their own nor the document's — unless they are public on purpose: an operation-level `security: []` (the specification's way to say that no authentication is needed, as for `/health`), `x-public: true`, or a path listed in the `public` option. An empty requirement `{}` in the list means anonymous access is allowed and is reported too.",
 "An unprotected operation is the first item of the OWASP API Security Top 10 (broken object level authorization starts with missing authentication); publishing one by accident is the mistake governance exists to catch.",
 "Add a `security` requirement (globally or on the operation), or give the operation `security: []` (or `x-public: true`) when it is public on purpose.",
 op("/orders"), H3 + "security: [{oauth: [read]}]\npaths:\n  /orders:\n    get:\n      operationId: op\n      " + OK + "\n  /health:\n    get:\n      operationId: health\n      security: []\n      " + OK + "\n" + SEC3 + "    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example.org/token', scopes: {read: Read}}}}\n",
 '''if let Visit::Operation(o) = node {
        if o.kind != gardefou_model::OperationKind::Path {
            return;
        }
        let public = o.at.node.get("x-public").and_then(gardefou_source::Node::as_bool) == Some(true)
            || o.security.as_ref().is_some_and(|own| own.is_empty())
            || opt_list(options, "public", &[]).iter().any(|p| p == o.path);
        if public {
            return;
        }
        if o.effective_security.is_empty() {
            out.push(Diagnostic::at(&o.at, format!("{} {} has no security requirement", o.method.to_uppercase(), o.path))
                .with_help("add `security`, or `security: []` if the operation is public on purpose"));
        } else if o.effective_security.iter().any(|r| r.schemes.is_empty()) {
            out.push(Diagnostic::at(&o.at, format!("{} {} allows anonymous access (`{{}}` in its security)", o.method.to_uppercase(), o.path)));
        }
    }''', ["owasp:owasp-protection-global-unsafe", "owasp:owasp-protection-global-safe", "vacuum:owasp-protection-global-unsafe"], options="`public`: paths that are public on purpose.")

def scheme_rule(id, summary, what, why, fix, invalid_scheme, valid_scheme, cond, peers, sev="error"):
    rule(id, "gardefou:security", "security", sev, True, ["SecurityScheme"], summary, what, why, fix,
     H3 + "paths: {}\n" + SEC3 + "    s: " + invalid_scheme + "\n", H3 + "paths: {}\n" + SEC3 + "    s: " + valid_scheme + "\n",
     '''if let Visit::SecurityScheme(s) = node {
        ''' + cond + '''
    }''', peers)

scheme_rule("security-no-oauth2-implicit", "OAuth2 must not use the implicit flow.",
 "Reports OAuth2 schemes with an `implicit` flow (Swagger 2.0 `flow: implicit`).",
 "The implicit flow returns tokens in the URL fragment, where browsers, logs and referrers leak them; OAuth 2.0 Security Best Current Practice (RFC 9700) forbids it.",
 "Use the authorization code flow with PKCE.",
 "{type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example.org/auth', scopes: {}}}}",
 "{type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a.example.org/auth', tokenUrl: 'https://a.example.org/token', scopes: {}}}}",
 '''for f in s.flows.iter().filter(|f| f.kind == "implicit") {
            out.push(Diagnostic::at(&f.at, format!("security scheme `{}` uses the OAuth2 implicit flow", s.name)));
        }''', ["owasp:owasp-auth-insecure-schemes", "vacuum:owasp-auth-insecure-schemes"])
scheme_rule("security-no-oauth2-password", "OAuth2 must not use the resource owner password flow.",
 "Reports OAuth2 schemes with a `password` flow.",
 "The password flow hands the user's credentials to the client; RFC 9700 forbids it.",
 "Use the authorization code flow with PKCE (users) or client credentials (services).",
 "{type: oauth2, flows: {password: {tokenUrl: 'https://a.example.org/token', scopes: {}}}}",
 "{type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.org/token', scopes: {}}}}",
 '''for f in s.flows.iter().filter(|f| f.kind == "password") {
            out.push(Diagnostic::at(&f.at, format!("security scheme `{}` uses the OAuth2 password flow", s.name)));
        }''', ["owasp:owasp-auth-insecure-schemes"])
scheme_rule("security-oauth2-urls-https", "OAuth2 and OpenID Connect URLs must use https.",
 "Reports authorization, token and refresh URLs of OAuth2 flows, and OpenID Connect discovery URLs, that are not `https://` (localhost excepted).",
 "Tokens and credentials sent over plain HTTP can be read and replayed by anyone on the path.",
 "Use https URLs.",
 "{type: oauth2, flows: {clientCredentials: {tokenUrl: 'http://auth.example.org/token', scopes: {}}}}",
 "{type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example.org/token', scopes: {}}}}",
 '''let insecure = |u: &str| u.starts_with("http://") && !is_local(u);
        for f in &s.flows {
            for (key, url) in [("authorizationUrl", f.authorization_url), ("tokenUrl", f.token_url), ("refreshUrl", f.refresh_url)] {
                if let Some(u) = url.filter(|u| insecure(u)) {
                    out.push(Diagnostic::at_member(&f.at, key, format!("`{key}` of `{}` is not https: {u}", s.name)));
                }
            }
        }
        if let Some(u) = s.open_id_connect_url.filter(|u| insecure(u)) {
            out.push(Diagnostic::at_member(&s.at, "openIdConnectUrl", format!("`openIdConnectUrl` of `{}` is not https: {u}", s.name)));
        }''', ["owasp:owasp-security-hosts-https-oas3"])
scheme_rule("security-no-http-basic", "HTTP Basic authentication must not be used.",
 "Reports security schemes of type `http` with scheme `basic` (Swagger 2.0 `type: basic`).",
 "Basic authentication sends reusable credentials with every request and has no expiry or scopes.",
 "Use OAuth2 or signed, expiring tokens.",
 "{type: http, scheme: basic}", "{type: http, scheme: bearer, bearerFormat: JWT}",
 '''if s.kind == Some("http") && s.scheme.is_some_and(|x| x.eq_ignore_ascii_case("basic")) {
            out.push(Diagnostic::at(&s.at, format!("security scheme `{}` uses HTTP Basic authentication", s.name)));
        }''', ["owasp:owasp-no-http-basic", "vacuum:owasp-no-http-basic"])
scheme_rule("security-no-api-key-in-query", "API keys must not be sent in the query string.",
 "Reports `apiKey` security schemes with `in: query`.",
 "URLs, with their query strings, are written to server logs, proxies and browser history: a key there leaks.",
 "Send the key in a header.",
 "{type: apiKey, in: query, name: api_key}", "{type: apiKey, in: header, name: X-Api-Key}",
 '''if s.kind == Some("apiKey") && s.location == Some("query") {
            out.push(Diagnostic::at_member(&s.at, "in", format!("API key `{}` is sent in the query string", s.name)));
        }''', ["owasp:owasp-no-api-keys-in-url", "vacuum:owasp-no-api-keys-in-url"])
scheme_rule("security-jwt-bearer-format", "Bearer schemes must declare their token format.",
 "Reports `http` `bearer` schemes without `bearerFormat`.",
 "Clients and gateways need to know whether tokens are JWTs (and so must be validated as such, per RFC 8725) or opaque.",
 "Declare `bearerFormat: JWT` (or the format used).",
 "{type: http, scheme: bearer}", "{type: http, scheme: bearer, bearerFormat: JWT}",
 '''if s.kind == Some("http") && s.scheme.is_some_and(|x| x.eq_ignore_ascii_case("bearer")) && s.bearer_format.is_none() {
            out.push(Diagnostic::at(&s.at, format!("bearer scheme `{}` does not declare `bearerFormat`", s.name)));
        }''', ["owasp:owasp-jwt-best-practices"], sev="warn")

rule("security-servers-https", "gardefou:security", "security", "error", True, ["Server"],
 "Servers must use https (localhost excepted).",
 "Reports server URLs (Swagger 2.0 `schemes` included) that use plain `http://` for a host other than localhost.",
 "Plain HTTP exposes every token and payload to the network path.",
 "Serve the API over https and declare https servers only.",
 H3 + "servers: [{url: 'http://api.example.org'}]\npaths: {}\n", H3 + "servers: [{url: 'https://api.example.org'}, {url: 'http://localhost:8080'}]\npaths: {}\n",
 '''if let Visit::Server(s) = node {
        if s.url.starts_with("http://") && !is_local(&s.url) {
            match &s.at {
                Some(at) => out.push(Diagnostic::at_member(at, "url", format!("server `{}` is not https", s.url))),
                None => {
                    if let Some(root) = cx.api.map(|a| &a.root) {
                        out.push(Diagnostic::at_member(root, "schemes", format!("server `{}` is not https", s.url)));
                    }
                }
            }
        }
    }''', ["owasp:owasp-security-hosts-https-oas3", "owasp:owasp-security-hosts-https-oas2"])

rule("security-no-credentials-in-url", "gardefou:security", "security", "error", True, ["Server", "Parameter"],
 "No credentials in URLs: neither in server URLs nor as query parameters.",
 "Reports server URLs with `user:password@`, and query parameters whose name says they carry a secret (password, secret, token, api_key, access_token …).",
 "URLs are logged by servers, proxies and browsers; a secret in one is a leaked secret.",
 "Send credentials in headers (Authorization) or in a request body.",
 op("/login", params="      parameters:\n        - {name: password, in: query, schema: {type: string}}\n"),
 op("/login", params="      parameters:\n        - {name: X-Api-Key, in: header, schema: {type: string}}\n"),
 '''const SECRET: [&str; 10] = ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "access_token", "client_secret"];
    match node {
        Visit::Parameter(_, p) if p.location == Some("query") => {
            if let Some(name) = p.name {
                let lower = name.to_ascii_lowercase();
                if SECRET.iter().any(|s| lower == *s || lower.ends_with(&format!("_{s}")) || lower.ends_with(&format!("-{s}"))) {
                    out.push(Diagnostic::at_member(&p.at, "name", format!("query parameter `{name}` carries a credential in the URL")));
                }
            }
        }
        Visit::Server(s) => {
            let rest = s.url.split_once("://").map_or(s.url.as_str(), |(_, r)| r);
            let authority = rest.split('/').next().unwrap_or("");
            if authority.contains('@') {
                if let Some(at) = &s.at {
                    out.push(Diagnostic::at_member(at, "url", "server URL contains credentials"));
                }
            }
        }
        _ => {}
    }''', ["owasp:owasp-no-credentials-in-url", "vacuum:owasp-no-credentials-in-url"])

for code, why in [("401", "Clients must be told how an authentication failure looks, to renew tokens instead of failing blindly."), ("403", "A client that is authenticated but lacks a scope gets 403; documenting it tells integrators which permission is missing.")]:
    rule(f"security-{code}-documented", "gardefou:security", "security", "warn", True, ["Operation"],
     f"Secured operations must document the {code} response.",
     f"Reports operations with a security requirement whose responses have neither `{code}` nor `4XX`.",
     why, f"Document the `{code}` response (with an error schema).",
     H3 + "security: [{k: []}]\npaths:\n  /a:\n    get:\n      operationId: op\n      " + OK + "\n" + SEC3 + "    k: {type: apiKey, in: header, name: X-Api-Key}\n",
     H3 + "security: [{k: []}]\npaths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '" + code + "': {description: Refused}}\n" + SEC3 + "    k: {type: apiKey, in: header, name: X-Api-Key}\n",
     '''if let Visit::Operation(o) = node {
        let secured = o.effective_security.iter().any(|r| !r.schemes.is_empty());
        if secured && !o.responses.iter().any(|r| r.code == "''' + code + '''" || r.code.eq_ignore_ascii_case("4XX")) {
            out.push(Diagnostic::at_member(&o.at, "responses", format!("{} {} is secured but does not document a ''' + code + ''' response", o.method.to_uppercase(), o.path)));
        }
    }''', ["owasp:owasp-define-error-responses-401" if code == "401" else "ibm:ibm-security-scheme-responses"])

rule("security-429-documented", "gardefou:security", "security", "warn", True, ["Operation"],
 "Operations must document the 429 (rate limited) response.",
 "Reports operations whose responses have neither `429` nor `4XX`.",
 "Throttling is part of the contract: clients that know the 429 response back off instead of hammering a gateway.",
 "Document `429` with a `Retry-After` header.",
 op("/a"), H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '429': {description: Slow down, headers: {Retry-After: {schema: {type: integer}}}}}\n",
 '''if let Visit::Operation(o) = node {
        if o.kind == gardefou_model::OperationKind::Path && !o.responses.iter().any(|r| r.code == "429" || r.code.eq_ignore_ascii_case("4XX")) {
            out.push(Diagnostic::at_member(&o.at, "responses", format!("{} {} does not document a 429 response", o.method.to_uppercase(), o.path)));
        }
    }''', ["owasp:owasp-rate-limit", "owasp:owasp-define-error-responses-429"])

rule("security-retry-after-header", "gardefou:security", "security", "warn", True, ["Response"],
 "429 responses must declare the Retry-After header.",
 "Reports `429` responses without a `Retry-After` header.",
 "Retry-After tells clients when to come back; without it they retry at once and make the overload worse.",
 "Declare `Retry-After` in the 429 response's headers.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '429': {description: Slow down}}\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '429': {description: Slow down, headers: {Retry-After: {schema: {type: integer}}}}}\n",
 '''if let Visit::Response(_, r) = node {
        if r.code == "429" && !r.headers.iter().any(|h| h.name.eq_ignore_ascii_case("retry-after")) {
            out.push(Diagnostic::at(&r.at, "the 429 response does not declare a `Retry-After` header"));
        }
    }''', ["owasp:owasp-rate-limit-retry-after"])

rule("security-no-numeric-ids", "gardefou:security", "security", "warn", True, ["Parameter"],
 "Resource identifiers in paths should not be sequential integers.",
 "Reports path parameters named `id` or ending in `Id`/`_id` whose schema is an integer.",
 "Sequential identifiers let an attacker enumerate other users' resources (OWASP API1, broken object level authorization).",
 "Use random identifiers (UUIDs, opaque strings).",
 op("/orders/{orderId}", params="      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: integer}}\n"),
 op("/orders/{orderId}", params="      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string, format: uuid}}\n"),
 '''if let Visit::Parameter(_, p) = node {
        let Some(name) = p.name else { return };
        let lower = name.to_ascii_lowercase();
        let id_like = lower == "id" || name.ends_with("Id") || lower.ends_with("_id") || lower.ends_with("-id");
        let integer = p.schema.as_ref().and_then(|s| s.node.get_str("type")) == Some("integer");
        if p.location == Some("path") && id_like && integer {
            out.push(Diagnostic::at(&p.at, format!("path parameter `{name}` is a numeric identifier")));
        }
    }''', ["owasp:owasp-no-numeric-ids", "vacuum:owasp-no-numeric-ids"])

rule("security-string-bounded", "gardefou:security", "security", "warn", False, ["Schema"],
 "Strings must be bounded: `maxLength`, `enum`, `const` or a bounded `format`.",
 "Reports string schemas with none of `maxLength`, `enum`, `const`, or a format with a fixed shape (date, date-time, uuid, …).",
 "Unbounded strings let a client send megabytes where ten characters are expected (OWASP API4, unrestricted resource consumption).",
 "Add `maxLength` (or an enum, or a format).",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Name: {type: string}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Name: {type: string, maxLength: 100}\n",
 '''if let Visit::Schema(s) = node {
        let n = s.at.node;
        if n.get_str("type") == Some("string")
            && !["maxLength", "enum", "const"].iter().any(|k| n.get(k).is_some())
            && !n.get_str("format").is_some_and(|f| ["date", "date-time", "time", "uuid", "ipv4", "ipv6", "byte", "duration"].contains(&f))
        {
            out.push(Diagnostic::at(s.at, "string without `maxLength`"));
        }
    }''', ["owasp:owasp-string-limit", "vacuum:owasp-string-limit"])

rule("security-array-bounded", "gardefou:security", "security", "warn", False, ["Schema"],
 "Arrays must be bounded with `maxItems`.",
 "Reports array schemas without `maxItems`.",
 "Unbounded arrays let a client or server send any number of items (OWASP API4).",
 "Add `maxItems`.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Ids: {type: array, items: {type: string, maxLength: 10}}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Ids: {type: array, maxItems: 100, items: {type: string, maxLength: 10}}\n",
 '''if let Visit::Schema(s) = node {
        if s.at.node.get_str("type") == Some("array") && s.at.node.get("maxItems").is_none() {
            out.push(Diagnostic::at(s.at, "array without `maxItems`"));
        }
    }''', ["owasp:owasp-array-limit", "vacuum:owasp-array-limit"])

rule("security-integer-bounded", "gardefou:security", "security", "warn", False, ["Schema"],
 "Integers must be bounded with `minimum` and `maximum`.",
 "Reports integer schemas without both `minimum` and `maximum` (or `exclusive…`), unless they are an `enum`.",
 "Unbounded numbers reach code paths (allocation sizes, page sizes, loops) that were never meant for them (OWASP API4).",
 "Add `minimum` and `maximum`.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Size: {type: integer}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Size: {type: integer, minimum: 1, maximum: 100}\n",
 '''if let Visit::Schema(s) = node {
        let n = s.at.node;
        let has = |a: &str, b: &str| n.get(a).is_some() || n.get(b).is_some();
        if n.get_str("type") == Some("integer") && n.get("enum").is_none() && !(has("minimum", "exclusiveMinimum") && has("maximum", "exclusiveMaximum")) {
            out.push(Diagnostic::at(s.at, "integer without `minimum` and `maximum`"));
        }
    }''', ["owasp:owasp-integer-limit", "vacuum:owasp-integer-limit"])

rule("security-additional-properties-constrained", "gardefou:security", "security", "warn", False, ["Schema"],
 "Objects that allow additional properties must bound them with `maxProperties`.",
 "Reports object schemas whose `additionalProperties` is `true` or a schema, without `maxProperties`.",
 "Open objects accept any number of unknown fields: mass assignment (OWASP API3) and unbounded payloads.",
 "Set `additionalProperties: false`, or bound the object with `maxProperties`.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Tags: {type: object, additionalProperties: {type: string}}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Tags: {type: object, maxProperties: 20, additionalProperties: {type: string}}\n",
 '''if let Visit::Schema(s) = node {
        let n = s.at.node;
        let open = match n.get("additionalProperties") {
            Some(v) => v.as_bool() != Some(false),
            None => false,
        };
        if open && n.get("maxProperties").is_none() {
            out.push(Diagnostic::at_member(s.at, "additionalProperties", "object allows additional properties without `maxProperties`"));
        }
    }''', ["owasp:owasp-constrained-additionalProperties", "owasp:owasp-no-additionalProperties"])

rule("security-error-responses-have-schema", "gardefou:security", "security", "warn", True, ["Response"],
 "Error responses must describe their body with a schema.",
 "Reports 4xx and 5xx responses (and `default`) without any content schema.",
 "Clients need a contract for errors too; undocumented error bodies leak stack traces and internals that nobody reviewed (OWASP API8).",
 "Describe the error body, ideally RFC 9457 `application/problem+json`.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '400': {description: Bad request}}\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200': {description: OK}\n        '400':\n          description: Bad request\n          content: {application/problem+json: {schema: {type: object}}}\n",
 '''if let Visit::Response(_, r) = node {
        let error = r.code.starts_with('4') || r.code.starts_with('5') || r.code == "default";
        if error && !r.content.iter().any(|m| m.schema.is_some()) {
            out.push(Diagnostic::at(&r.at, format!("error response `{}` has no schema", r.code)));
        }
    }''', ["owasp:owasp-define-error-validation", "vacuum:owasp-define-error-validation"])

# ------------------------------------------------------------------ versioning
rule("versioning-semver", "gardefou:versioning", "versioning", "warn", True, ["Document"],
 "`info.version` must be a semantic version (MAJOR.MINOR.PATCH).",
 "Reports `info.version` values that are not semantic versions (`1.4.2`, `2.0.0-beta.1`).",
 "Consumers and the breaking-change check read compatibility from the version; `v2`, `latest` or a date say nothing about it.",
 "Use MAJOR.MINOR.PATCH.",
 H3.replace("1.0.0", "latest") + "paths: {}\n", H3 + "paths: {}\n",
 '''if let Visit::Document(api) = node {
        let Some(info) = &api.info else { return };
        let Some(v) = info.version else { return };
        let core = v.split(['-', '+']).next().unwrap_or("");
        let parts: Vec<&str> = core.split('.').collect();
        let ok = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')));
        if !ok {
            out.push(Diagnostic::at_member(&info.at, "version", format!("`info.version` `{v}` is not a semantic version")));
        }
    }''', ["zalando:116 (semantic versioning)"])

rule("versioning-major-version-visible", "gardefou:versioning", "versioning", "warn", True, ["Document"],
 "The API's major version appears where the house style says, and agrees with `info.version`.",
 "With `location: path` every path starts with `/v{major}`; with `location: server` every server URL ends with `/v{major}`; with `location: any` (default) one of the two holds; with `location: header` no path or server carries a version (it is in a header). The number must be the major of `info.version`.",
 "Clients route by the visible version; a `/v1` path on an API whose `info.version` is 2.3.0 means the contract and the URL disagree.",
 "Put `/v{major}` where the house style says, or align `info.version`.",
 H3.replace("1.0.0", "2.1.0") + "servers: [{url: 'https://api.example.org/v1'}]\npaths: {}\n", H3.replace("1.0.0", "2.1.0") + "servers: [{url: 'https://api.example.org/v2'}]\npaths: {}\n",
 '''if let Visit::Document(api) = node {
        let Some(major) = api.info.as_ref().and_then(|i| i.version).and_then(|v| v.trim_start_matches(['v', 'V']).split('.').next()).filter(|m| m.bytes().all(|c| c.is_ascii_digit()) && !m.is_empty()) else { return };
        let want = format!("v{major}");
        let version_in = |s: &str| -> Option<String> {
            s.split('/').find(|seg| is_version_segment(seg) && seg.starts_with(['v', 'V'])).map(|seg| seg.split('.').next().unwrap_or(seg).to_ascii_lowercase())
        };
        let location = opt_str(options, "location", "any");
        let server_versions: Vec<Option<String>> = api.servers.iter().map(|s| version_in(&s.url)).collect();
        let path_versions: Vec<Option<String>> = api.path_items.iter().map(|p| version_in(p.path)).collect();
        let wrong: Vec<String> = server_versions.iter().chain(path_versions.iter()).flatten().filter(|v| **v != want).cloned().collect();
        if let Some(v) = wrong.first() {
            out.push(Diagnostic::at(&api.root, format!("the version `{v}` in URLs does not match `info.version` (major {major})")));
            return;
        }
        let in_servers = !server_versions.is_empty() && server_versions.iter().all(Option::is_some);
        let in_paths = !path_versions.is_empty() && path_versions.iter().all(Option::is_some);
        let ok = match location {
            "path" => in_paths,
            "server" => in_servers,
            "header" => server_versions.iter().chain(path_versions.iter()).all(Option::is_none),
            _ => in_paths || in_servers,
        };
        if !ok {
            out.push(Diagnostic::at(&api.root, format!("the major version `{want}` does not appear where the house style puts it ({location})")));
        }
    }''', ["zalando:115 (no URI versioning)", "baloise:can-use-correct-uri-versioning"], options="`location`: any (default), path, server or header.")

rule("versioning-consistent-scheme", "gardefou:versioning", "versioning", "warn", True, ["Document"],
 "All paths use one version scheme.",
 "Reports documents where some paths carry a version segment (`/v1/…`) and others do not, or where paths carry different versions.",
 "Mixed schemes mean part of the API is versioned and part is not; clients cannot tell what a version bump covers.",
 "Version every path the same way (or move the version to the server URL).",
 H3 + "paths:\n  /v1/orders: {}\n  /customers: {}\n", H3 + "paths:\n  /v1/orders: {}\n  /v1/customers: {}\n",
 '''if let Visit::Document(api) = node {
        let versions: Vec<Option<&str>> = api.path_items.iter().map(|p| p.path.split('/').find(|s| is_version_segment(s))).collect();
        let distinct: std::collections::BTreeSet<Option<&str>> = versions.iter().copied().collect();
        if distinct.len() > 1 {
            let shown: Vec<String> = distinct.iter().map(|v| v.map_or("(none)".to_string(), str::to_string)).collect();
            out.push(Diagnostic::at_member(&api.root, "paths", format!("paths mix version schemes: {}", shown.join(", "))));
        }
    }''', [])

rule("versioning-deprecation-sunset", "gardefou:versioning", "versioning", "warn", True, ["Operation", "Parameter"],
 "Deprecated operations and parameters must say when they go away.",
 "Reports deprecated operations without an `x-sunset` date or a `Sunset` response header, and deprecated parameters without `x-sunset`.",
 "Consumers plan migrations by dates; a deprecation without a sunset is either ignored or a surprise (RFC 8594).",
 "Add `x-sunset: YYYY-MM-DD` (or a `Sunset` header on the responses).",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      " + OK + "\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      x-sunset: '2027-06-30'\n      " + OK + "\n",
 '''match node {
        Visit::Operation(o) if o.deprecated => {
            let header = o.responses.iter().any(|r| r.headers.iter().any(|h| h.name.eq_ignore_ascii_case("sunset")));
            if o.at.node.get("x-sunset").is_none() && !header {
                out.push(Diagnostic::at_member(&o.at, "deprecated", format!("deprecated {} {} has no `x-sunset` date or `Sunset` header", o.method.to_uppercase(), o.path)));
            }
        }
        Visit::Parameter(_, p) if p.deprecated && p.at.node.get("x-sunset").is_none() => {
            out.push(Diagnostic::at_member(&p.at, "deprecated", format!("deprecated parameter `{}` has no `x-sunset` date", p.name.unwrap_or("?"))));
        }
        _ => {}
    }''', ["zalando:189 (Sunset header)"])

rule("versioning-sunset-date", "gardefou:versioning", "versioning", "error", True, ["Operation", "Parameter"],
 "`x-sunset` must be a date (YYYY-MM-DD).",
 "Reports `x-sunset` values that are not calendar dates.",
 "Tools and portals compute how long is left; a free-form value cannot be read.",
 "Write `x-sunset: 2027-06-30`.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      x-sunset: next year\n      " + OK + "\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      x-sunset: '2027-06-30'\n      " + OK + "\n",
 '''let at = match node {
        Visit::Operation(o) => &o.at,
        Visit::Parameter(_, p) => &p.at,
        _ => return,
    };
    if let Some(v) = at.node.get("x-sunset") {
        let text = v.as_str().unwrap_or("");
        let b = text.as_bytes();
        let ok = b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().chain(&b[5..7]).chain(&b[8..10]).all(u8::is_ascii_digit)
            && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0)) && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0));
        if !ok {
            out.push(Diagnostic::at_member(at, "x-sunset", format!("`x-sunset` `{text}` is not a date (YYYY-MM-DD)")));
        }
    }''', [])

rule("versioning-deprecation-replacement", "gardefou:versioning", "versioning", "info", True, ["Operation"],
 "Deprecated operations must say what replaces them.",
 "Reports deprecated operations without `x-replaced-by` and whose description does not mention a replacement (\"use … instead\", \"replaced by\", \"superseded by\").",
 "A deprecation notice is only actionable when it names the way forward.",
 "Add `x-replaced-by: <operationId or path>` or say it in the description.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      " + OK + "\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      deprecated: true\n      x-replaced-by: listItems\n      " + OK + "\n",
 '''if let Visit::Operation(o) = node {
        if !o.deprecated || o.at.node.get("x-replaced-by").is_some() {
            return;
        }
        let d = o.description.unwrap_or("").to_ascii_lowercase();
        if !(d.contains("instead") || d.contains("replaced by") || d.contains("superseded by") || d.contains("use ")) {
            out.push(Diagnostic::at_member(&o.at, "deprecated", format!("deprecated {} {} does not say what replaces it", o.method.to_uppercase(), o.path)));
        }
    }''', [])

# ------------------------------------------------------------------ documentation
rule("documentation-operation-summary", "gardefou:documentation", "documentation", "warn", True, ["Operation"],
 "Operations must have a summary.",
 "Reports operations without a non-empty `summary`.",
 "The summary is the one line every portal, SDK docstring and changelog shows for the operation.",
 "Add a short summary (\"List orders\").",
 op("/a"), op("/a", extra="      summary: List items\n"),
 '''if let Visit::Operation(o) = node {
        if o.summary.is_none_or(|s| s.trim().is_empty()) {
            out.push(Diagnostic::at(&o.at, format!("{} {} has no summary", o.method.to_uppercase(), o.path)));
        }
    }''', ["redocly:operation-summary", "ibm:ibm-summary-sentence-style"])

rule("documentation-parameter-description", "gardefou:documentation", "documentation", "warn", True, ["Parameter"],
 "Parameters must have a description.",
 "Reports parameters without a non-empty `description`.",
 "Names rarely say enough about format, units, defaults and effect.",
 "Describe the parameter.",
 op("/a", params="      parameters:\n        - {name: q, in: query, schema: {type: string}}\n"),
 op("/a", params="      parameters:\n        - {name: q, in: query, description: Text to search for., schema: {type: string}}\n"),
 '''if let Visit::Parameter(_, p) = node {
        if p.description.is_none_or(|d| d.trim().is_empty()) {
            out.push(Diagnostic::at(&p.at, format!("parameter `{}` has no description", p.name.unwrap_or("?"))));
        }
    }''', ["spectral:oas3-parameter-description", "redocly:parameter-description"])

rule("documentation-schema-description", "gardefou:documentation", "documentation", "info", True, ["Schema"],
 "Schema components must have a description.",
 "Reports named schemas (`components/schemas`, `definitions`) without a description.",
 "Component descriptions become the doc comments of generated types.",
 "Describe what the schema represents.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Order: {type: object}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Order: {type: object, description: An order placed by a customer.}\n",
 '''if let Visit::Schema(s) = node {
        if let Some(name) = s.name {
            if s.at.node.get_str("description").is_none_or(|d| d.trim().is_empty()) && s.at.node.get("$ref").is_none() {
                out.push(Diagnostic::at(s.at, format!("schema `{name}` has no description")));
            }
        }
    }''', ["vacuum:component-description", "ibm:ibm-schema-description"])

rule("documentation-meaningful-description", "gardefou:documentation", "documentation", "warn", True, ["Operation", "Parameter"],
 "Descriptions must say something: not a placeholder, not a copy of the name or summary.",
 "Reports descriptions that are placeholders (`TODO`, `TBD`, `description`, `n/a`), that repeat the summary or the parameter name, or that are shorter than `minLength` characters (default 10). A missing or empty description is left to the presence rules (`operation-description`, `documentation-parameter-description`).",
 "A description that repeats the name passes a presence check and tells the reader nothing.",
 "Explain behaviour, constraints and edge cases.",
 op("/a", extra="      summary: List items\n      description: List items\n"),
 op("/a", extra="      summary: List items\n      description: Lists the items of the catalogue, newest first, 20 per page.\n"),
 '''let min = options.get("minLength").and_then(serde_json::Value::as_u64).unwrap_or(10) as usize;
    let (at, desc, names): (&gardefou_model::At<'_>, Option<&str>, Vec<&str>) = match node {
        Visit::Operation(o) => (&o.at, o.description, o.summary.into_iter().chain(o.operation_id).collect()),
        Visit::Parameter(_, p) => (&p.at, p.description, p.name.into_iter().collect()),
        _ => return,
    };
    let Some(d) = desc else { return };
    let t = d.trim().trim_end_matches('.').to_ascii_lowercase();
    let placeholder = ["todo", "tbd", "description", "n/a", "na", "none", "-", "test", "xxx"].contains(&t.as_str());
    let copy = names.iter().any(|n| n.trim().trim_end_matches('.').eq_ignore_ascii_case(&t));
    if d.trim().is_empty() {
        return; // a missing or empty description is the presence rules' finding
    }
    if placeholder || copy || t.is_empty() {
        out.push(Diagnostic::at_member(at, "description", format!("description `{}` says nothing the name does not", d.trim())));
    } else if t.chars().count() < min {
        out.push(Diagnostic::at_member(at, "description", format!("description `{}` is too short to explain anything", d.trim())));
    }''', ["vacuum:description-duplication"], options="`minLength`: shortest useful description (default 10).")

rule("documentation-error-responses", "gardefou:documentation", "documentation", "warn", True, ["Operation"],
 "Operations must document at least one error response.",
 "Reports operations with no 4xx response (nor `4XX` or `default`).",
 "Clients handle failures from the contract; an operation that documents only success will be integrated as if it never failed.",
 "Document the errors the operation returns (400, 404, 409 …), ideally as `application/problem+json`.",
 op("/a"), H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '404': {description: Not found}}\n",
 '''if let Visit::Operation(o) = node {
        if o.kind == gardefou_model::OperationKind::Path && !o.responses.iter().any(|r| r.code.starts_with('4') || r.code == "default") {
            out.push(Diagnostic::at_member(&o.at, "responses", format!("{} {} documents no error response", o.method.to_uppercase(), o.path)));
        }
    }''', ["redocly:operation-4xx-response", "vacuum:operation-4xx-response"])

rule("documentation-problem-json", "gardefou:documentation", "documentation", "info", False, ["Response"],
 "Error responses should use RFC 9457 `application/problem+json`.",
 "Reports 4xx and 5xx responses with content but no `application/problem+json` (or `+json` problem) media type.",
 "One error format across a portfolio lets clients share error handling; RFC 9457 is the standard one.",
 "Return `application/problem+json` with `type`, `title`, `status`, `detail`.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200': {description: OK}\n        '400': {description: Bad, content: {application/json: {schema: {type: object}}}}\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200': {description: OK}\n        '400': {description: Bad, content: {application/problem+json: {schema: {type: object}}}}\n",
 '''if let Visit::Response(_, r) = node {
        let error = r.code.starts_with('4') || r.code.starts_with('5');
        if error && !r.content.is_empty() && !r.content.iter().any(|m| m.media_type.contains("problem+json") || m.media_type.contains("problem+xml")) {
            out.push(Diagnostic::at(&r.at, format!("error response `{}` is not `application/problem+json`", r.code)));
        }
    }''', ["redocly:operation-4xx-problem-details-rfc7807", "zalando:176 (problem JSON)"])

rule("documentation-license-spdx", "gardefou:documentation", "documentation", "info", True, ["Document"],
 "The license must be identified: an SPDX identifier or a URL.",
 "Reports `info.license` without an SPDX `identifier` (3.1+) or a `url`, and documents without `info.license`.",
 "Consumers and legal reviews need to know the exact terms.",
 "Add `license: {name: Apache 2.0, identifier: Apache-2.0}` (3.1+) or a `url`.",
 H3 + "paths: {}\n", H3.replace("version: 1.0.0}", "version: 1.0.0, license: {name: Apache 2.0, url: 'https://www.apache.org/licenses/LICENSE-2.0'}}") + "paths: {}\n",
 '''if let Visit::Document(api) = node {
        let Some(info) = &api.info else { return };
        match &info.license {
            None => out.push(Diagnostic::at(&info.at, "`info` has no license")),
            Some(l) => {
                if l.node.get("identifier").is_none() && l.node.get("url").is_none() {
                    out.push(Diagnostic::at(l, "the license has neither an SPDX `identifier` nor a `url`"));
                }
            }
        }
    }''', ["vacuum:info-license-spdx", "redocly:info-license-strict"])

rule("documentation-response-example", "gardefou:documentation", "documentation", "info", False, ["Response"],
 "Success responses with a body should show an example.",
 "Reports 2xx responses with content where no media type has an `example`/`examples` and the schema has no `example`.",
 "Examples are what developers copy first; portals and mock servers show them.",
 "Add an `example` (or `examples`) to the media type.",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200': {description: OK, content: {application/json: {schema: {type: object}}}}\n",
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200': {description: OK, content: {application/json: {schema: {type: object}, example: {id: 1}}}}\n",
 '''if let Visit::Response(_, r) = node {
        if !r.code.starts_with('2') || r.content.is_empty() {
            return;
        }
        let has = r.content.iter().any(|m| {
            m.at.node.get("example").is_some() || m.at.node.get("examples").is_some() || m.schema.as_ref().is_some_and(|s| s.node.get("example").is_some() || s.node.get("examples").is_some())
        });
        if !has {
            out.push(Diagnostic::at(&r.at, format!("response `{}` has no example", r.code)));
        }
    }''', ["vacuum:oas3-missing-example"])


# ------------------------------------------------------------------ more security

rule("security-defined-scopes-used", "gardefou:security", "security", "info", True, ["Document"],
 "Defined OAuth2 scopes should be required somewhere.",
 "Reports OAuth2 scopes that no security requirement of the document uses.",
 "Unused scopes are permissions nobody can reason about: either an operation forgot to require them, or they should go.",
 "Require the scope on the operations it protects, or remove it.",
 H3 + "security: [{oauth: [read]}]\npaths: {}\n" + SEC3 + "    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.org/token', scopes: {read: Read, admin: Everything}}}}\n",
 H3 + "security: [{oauth: [read]}]\npaths: {}\n" + SEC3 + "    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.org/token', scopes: {read: Read}}}}\n",
 '''if let Visit::Document(api) = node {
        let mut used = std::collections::HashSet::new();
        for req in api.security.iter().flatten().chain(api.all_operations().into_iter().flat_map(|o| o.security.iter().flatten())) {
            for (name, scopes) in &req.schemes {
                for s in scopes {
                    used.insert((*name, *s));
                }
            }
        }
        for scheme in &api.components.security_schemes {
            for flow in &scheme.flows {
                for (scope, _) in &flow.scopes {
                    if !used.contains(&(scheme.name, *scope)) {
                        out.push(Diagnostic::at_member(&flow.at, "scopes", format!("scope `{scope}` of `{}` is never required", scheme.name)));
                    }
                }
            }
        }
    }''', [])

rule("security-500-documented", "gardefou:security", "security", "info", True, ["Operation"],
 "Operations should document server errors (500, 5XX or default).",
 "Reports operations whose responses have neither a 5xx code nor `5XX` nor `default`.",
 "Server errors happen; documenting their shape keeps stack traces out of responses and lets clients retry correctly.",
 "Document `500` (or `default`) with an error schema.",
 op("/a"), H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK}, '500': {description: Server error}}\n",
 '''if let Visit::Operation(o) = node {
        if o.kind == gardefou_model::OperationKind::Path && !o.responses.iter().any(|r| r.code.starts_with('5') || r.code == "default") {
            out.push(Diagnostic::at_member(&o.at, "responses", format!("{} {} does not document server errors", o.method.to_uppercase(), o.path)));
        }
    }''', ["owasp:owasp-define-error-responses-500"])

rule("security-rate-limit-headers", "gardefou:security", "security", "info", False, ["Response"],
 "Success responses should declare rate-limit headers.",
 "Reports 2xx responses that declare none of `RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`, `X-Rate-Limit-Limit`.",
 "Quotas are part of the contract; headers let clients pace themselves before they hit 429.",
 "Declare the rate-limit headers the gateway sends.",
 op("/a"), H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      responses: {'200': {description: OK, headers: {RateLimit-Limit: {schema: {type: integer}}}}}\n",
 '''if let Visit::Response(_, r) = node {
        const NAMES: [&str; 4] = ["ratelimit", "ratelimit-limit", "x-ratelimit-limit", "x-rate-limit-limit"];
        if r.code.starts_with('2') && !r.headers.iter().any(|h| NAMES.contains(&h.name.to_ascii_lowercase().as_str())) {
            out.push(Diagnostic::at(&r.at, format!("response `{}` declares no rate-limit header", r.code)));
        }
    }''', ["owasp:owasp-rate-limit"])

rule("security-integer-format", "gardefou:security", "security", "info", False, ["Schema"],
 "Integers must declare `int32` or `int64`.",
 "Reports integer schemas without `format: int32` or `format: int64`.",
 "Without a size, implementations pick different integer types and overflow differently (OWASP API4).",
 "Add the format.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Size: {type: integer}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Size: {type: integer, format: int32}\n",
 '''if let Visit::Schema(s) = node {
        if s.at.node.get_str("type") == Some("integer") && !matches!(s.at.node.get_str("format"), Some("int32" | "int64")) {
            out.push(Diagnostic::at(s.at, "integer without `format: int32` or `int64`"));
        }
    }''', ["owasp:owasp-integer-format"])

rule("security-string-restricted", "gardefou:security", "security", "info", False, ["Schema"],
 "Strings should be restricted by `format`, `pattern`, `enum` or `const`.",
 "Reports string schemas with none of `format`, `pattern`, `enum`, `const`.",
 "A length limit bounds size, not content; a pattern or format rejects injection payloads at the edge (OWASP API8).",
 "Add a `pattern` or `format` that describes the accepted values.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Code: {type: string, maxLength: 5}\n", H3 + "paths: {}\ncomponents:\n  schemas:\n    Code: {type: string, maxLength: 5, pattern: '^[A-Z]{5}$'}\n",
 '''if let Visit::Schema(s) = node {
        let n = s.at.node;
        if n.get_str("type") == Some("string") && !["format", "pattern", "enum", "const"].iter().any(|k| n.get(k).is_some()) {
            out.push(Diagnostic::at(s.at, "string without `format`, `pattern`, `enum` or `const`"));
        }
    }''', ["owasp:owasp-string-restricted"])

rule("security-defined-schemes-used", "gardefou:security", "security", "info", True, ["Document"],
 "Defined security schemes should be used.",
 "Reports security schemes that no security requirement uses.",
 "An unused scheme documents an authentication method the API does not accept, and confuses integrators.",
 "Require the scheme where it applies, or remove it.",
 H3 + "paths: {}\n" + SEC3 + "    k: {type: apiKey, in: header, name: X-Api-Key}\n",
 H3 + "security: [{k: []}]\npaths: {}\n" + SEC3 + "    k: {type: apiKey, in: header, name: X-Api-Key}\n",
 '''if let Visit::Document(api) = node {
        let used: std::collections::HashSet<&str> = api
            .security
            .iter()
            .flatten()
            .chain(api.all_operations().into_iter().flat_map(|o| o.security.iter().flatten()))
            .flat_map(|r| r.schemes.iter().map(|(n, _)| *n))
            .collect();
        for s in &api.components.security_schemes {
            if !used.contains(s.name) {
                out.push(Diagnostic::at_key(&s.at, format!("security scheme `{}` is never required", s.name)));
            }
        }
    }''', [])

# ------------------------------------------------------------------ more versioning
rule("versioning-initial-version", "gardefou:versioning", "versioning", "info", False, ["Document"],
 "Published APIs should not stay at version 0.x.",
 "Reports `info.version` with major version 0.",
 "Under semantic versioning, 0.x promises nothing: any change may break clients. A published API needs a stable 1.0.",
 "Release 1.0.0 when the contract is stable.",
 H3.replace("1.0.0", "0.9.0") + "paths: {}\n", H3 + "paths: {}\n",
 '''if let Visit::Document(api) = node {
        if let Some(info) = &api.info {
            if info.version.is_some_and(|v| v.trim_start_matches(['v', 'V']).starts_with("0.")) {
                out.push(Diagnostic::at_member(&info.at, "version", format!("`info.version` `{}` is a 0.x version", info.version.unwrap_or(""))));
            }
        }
    }''', [])

rule("versioning-deprecated-parameter-replacement", "gardefou:versioning", "versioning", "info", True, ["Parameter"],
 "Deprecated parameters must say what replaces them.",
 "Reports deprecated parameters without `x-replaced-by` and whose description does not mention a replacement.",
 "Clients can only stop sending a parameter when they know what to send instead.",
 "Add `x-replaced-by: <parameter>` or say it in the description.",
 op("/a", params="      parameters:\n        - {name: q, in: query, deprecated: true, schema: {type: string}}\n"),
 op("/a", params="      parameters:\n        - {name: q, in: query, deprecated: true, description: Use `search` instead., schema: {type: string}}\n"),
 '''if let Visit::Parameter(_, p) = node {
        if !p.deprecated || p.at.node.get("x-replaced-by").is_some() {
            return;
        }
        let d = p.description.unwrap_or("").to_ascii_lowercase();
        if !(d.contains("instead") || d.contains("replaced by") || d.contains("superseded by") || d.contains("use ")) {
            out.push(Diagnostic::at_member(&p.at, "deprecated", format!("deprecated parameter `{}` does not say what replaces it", p.name.unwrap_or("?"))));
        }
    }''', [])

# ------------------------------------------------------------------ more documentation

rule("documentation-tag-description", "gardefou:documentation", "documentation", "info", True, ["Tag"],
 "Tags must have a description.",
 "Reports top-level tags without a non-empty description.",
 "The tag description introduces a group of operations in every portal.",
 "Describe each tag.",
 H3 + "tags: [{name: orders}]\npaths: {}\n", H3 + "tags: [{name: orders, description: Orders placed by customers.}]\npaths: {}\n",
 '''if let Visit::Tag(t) = node {
        if t.description.is_none_or(|d| d.trim().is_empty()) {
            out.push(Diagnostic::at(&t.at, format!("tag `{}` has no description", t.name.unwrap_or("?"))));
        }
    }''', ["spectral:tag-description", "redocly:tag-description"])

rule("documentation-request-example", "gardefou:documentation", "documentation", "info", False, ["Operation"],
 "Request bodies should show an example.",
 "Reports request bodies where no media type has an `example`/`examples` and the schema has no `example`.",
 "Developers start from an example request; mock servers and portals need one.",
 "Add an `example` to the request body's media type.",
 H3 + "paths:\n  /a:\n    post:\n      operationId: op\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      " + OK + "\n",
 H3 + "paths:\n  /a:\n    post:\n      operationId: op\n      requestBody: {content: {application/json: {schema: {type: object}, example: {name: x}}}}\n      " + OK + "\n",
 '''if let Visit::Operation(o) = node {
        let Some(body) = &o.request_body else { return };
        let has = body.content.iter().any(|m| {
            m.at.node.get("example").is_some() || m.at.node.get("examples").is_some() || m.schema.as_ref().is_some_and(|s| s.node.get("example").is_some())
        });
        if !body.content.is_empty() && !has {
            out.push(Diagnostic::at(&body.at, format!("the request body of {} {} has no example", o.method.to_uppercase(), o.path)));
        }
    }''', ["vacuum:oas3-missing-example"])

rule("documentation-property-description", "gardefou:documentation", "documentation", "info", False, ["Schema"],
 "Schema properties should have a description.",
 "Reports properties without a description (properties that are references excepted).",
 "Field-level documentation is what integrators read when mapping payloads.",
 "Describe each property.",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        total: {type: number}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        total: {type: number, description: Amount due in the order's currency.}\n",
 '''if let Visit::Schema(s) = node {
        if let Some(name) = s.property {
            if s.at.node.get_str("description").is_none_or(|d| d.trim().is_empty()) && s.at.node.get("$ref").is_none() {
                out.push(Diagnostic::at(s.at, format!("property `{name}` has no description")));
            }
        }
    }''', ["ibm:ibm-property-description"])

rule("documentation-external-docs", "gardefou:documentation", "documentation", "hint", False, ["Document"],
 "The API should link to its external documentation.",
 "Reports documents without a top-level `externalDocs`.",
 "Guides, changelogs and onboarding live outside the description; the link makes them findable from every tool.",
 "Add `externalDocs: {url: …}`.",
 H3 + "paths: {}\n", H3 + "externalDocs: {url: 'https://developer.example.org/orders'}\npaths: {}\n",
 '''if let Visit::Document(api) = node {
        if api.external_docs.is_none() {
            out.push(Diagnostic::at(&api.root, "the document has no `externalDocs`"));
        }
    }''', [])



rule("versioning-breaking-change-needs-major", "gardefou:versioning", "versioning", "error", True, ["Document"],
 "A breaking change must come with a new major version.",
 "With `gardefou lint --base OLD`, compares the document with its previous version (the same comparison as `gardefou diff`) and reports when there are breaking changes but the major number of `info.version` did not grow. Without `--base` the rule has nothing to compare and reports nothing. (In this rule's examples, the first YAML document is the base.)",
 "Semantic versioning is the promise consumers rely on: a breaking change shipped as 1.4 → 1.5 breaks every client that trusted the minor bump.",
 "Bump the major version (and plan the migration), or make the change compatible.",
 H3.replace("1.0.0", "1.4.0") + "paths:\n  /a:\n    get: {operationId: a, " + OK + "}\n  /b:\n    get: {operationId: b, " + OK + "}\n---\n" + H3.replace("1.0.0", "1.5.0") + "paths:\n  /a:\n    get: {operationId: a, " + OK + "}\n  /b: {}\n",
 H3.replace("1.0.0", "1.4.0") + "paths:\n  /a:\n    get: {operationId: a, " + OK + "}\n  /b:\n    get: {operationId: b, " + OK + "}\n---\n" + H3.replace("1.0.0", "2.0.0") + "paths:\n  /a:\n    get: {operationId: a, " + OK + "}\n  /b: {}\n",
 '''if let (Visit::Document(api), Some(base)) = (node, cx.base) {
        let changes = gardefou_diff::diff(base.api, api, &gardefou_diff::Sides { old_set: base.set, new_set: cx.set });
        let breaking: Vec<&gardefou_diff::Change> = changes.iter().filter(|c| c.class == gardefou_diff::Class::Breaking).collect();
        let Some(first) = breaking.first() else { return };
        let version = |a: &gardefou_model::Api<'_>| a.info.as_ref().and_then(|i| i.version).map(str::to_string);
        let major = |v: &Option<String>| v.as_deref().and_then(|v| v.trim_start_matches(['v', 'V']).split('.').next()).and_then(|m| m.parse::<u64>().ok());
        let (old_v, new_v) = (version(base.api), version(api));
        if let (Some(old), Some(new)) = (major(&old_v), major(&new_v)) {
            if new <= old {
                let Some(info) = &api.info else { return };
                out.push(Diagnostic::at_member(
                    &info.at,
                    "version",
                    format!(
                        "{} breaking change{} since {} (first: {}) but the major version is still {new}",
                        breaking.len(),
                        if breaking.len() == 1 { "" } else { "s" },
                        old_v.unwrap_or_default(),
                        first.message
                    ),
                ).with_help("run `gardefou diff` for the full list"));
            }
        }
    }''', ["oasdiff:breaking (with version checks)", "optic:breaking-changes"])


rule("security-validation-error-documented", "gardefou:security", "security", "warn", True, ["Operation"],
 "Operations that take input must document their validation error (400 or 422).",
 "Reports operations with parameters or a request body whose responses have none of `400`, `422`, `4XX`.",
 "Input validation is the first defence (OWASP API8); documenting the rejection tells clients that invalid input is refused, not silently accepted.",
 "Document `400` (or `422`) with an error schema.",
 op("/a", params="      parameters:\n        - {name: q, in: query, schema: {type: string}}\n"),
 H3 + "paths:\n  /a:\n    get:\n      operationId: op\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: OK}, '400': {description: Invalid input}}\n",
 '''if let Visit::Operation(o) = node {
        let takes_input = o.request_body.is_some() || o.parameters.iter().any(|p| p.location != Some("path"));
        if o.kind == gardefou_model::OperationKind::Path && takes_input && !o.responses.iter().any(|r| matches!(r.code, "400" | "422") || r.code.eq_ignore_ascii_case("4XX")) {
            out.push(Diagnostic::at_member(&o.at, "responses", format!("{} {} takes input but documents no 400 or 422 response", o.method.to_uppercase(), o.path)));
        }
    }''', ["owasp:owasp-define-error-validation", "vacuum:owasp-define-error-validation"])

scheme_rule("security-no-insecure-http-schemes", "HTTP authentication schemes must not be Negotiate, NTLM, Digest or OAuth 1.",
 "Reports `http` security schemes whose scheme is `negotiate`, `ntlm`, `digest` or `oauth` (OAuth 1.0).",
 "These schemes are considered insecure or obsolete (OWASP): NTLM relays, Digest's MD5, OAuth 1's signatures.",
 "Use bearer tokens (OAuth 2 / OpenID Connect).",
 "{type: http, scheme: negotiate}", "{type: http, scheme: bearer, bearerFormat: JWT}",
 '''if s.kind == Some("http") && s.scheme.is_some_and(|x| ["negotiate", "ntlm", "digest", "oauth"].contains(&x.to_ascii_lowercase().as_str())) {
            out.push(Diagnostic::at_member(&s.at, "scheme", format!("security scheme `{}` uses the insecure HTTP scheme `{}`", s.name, s.scheme.unwrap_or(""))));
        }''', ["owasp:owasp-auth-insecure-schemes", "vacuum:owasp-auth-insecure-schemes"])



rule("naming-consistent-identifiers", "gardefou:naming", "naming", "warn", True, ["Document"],
 "Identifier path parameters follow one style across the API (`{id}` or `{orderId}`, not both).",
 "Classifies the path parameters that name identifiers as bare (`{id}`) or qualified (`{orderId}`, `{order_id}`) and, when an API mixes the two, reports the parameters of the less common style.",
 "`/orders/{id}` next to `/customers/{customerId}` makes every client guess; one style lets people and generators predict the next endpoint.",
 "Rename the parameters to the dominant style.",
 op("/orders/{id}", params="      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n").replace("paths:\n", "paths:\n  /customers/{customerId}:\n    get:\n      operationId: getCustomer\n      parameters:\n        - {name: customerId, in: path, required: true, schema: {type: string}}\n      " + OK + "\n  /items/{itemId}:\n    get:\n      operationId: getItem\n      parameters:\n        - {name: itemId, in: path, required: true, schema: {type: string}}\n      " + OK + "\n"),
 op("/orders/{orderId}", params="      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n").replace("paths:\n", "paths:\n  /customers/{customerId}:\n    get:\n      operationId: getCustomer\n      parameters:\n        - {name: customerId, in: path, required: true, schema: {type: string}}\n      " + OK + "\n"),
 '''if let Visit::Document(api) = node {
        let mut bare = Vec::new();
        let mut qualified = Vec::new();
        for o in api.all_operations() {
            for p in o.parameters.iter().filter(|p| p.location == Some("path")) {
                let Some(name) = p.name else { continue };
                let lower = name.to_ascii_lowercase();
                if lower == "id" {
                    bare.push(p);
                } else if lower.ends_with("id") && (name.ends_with("Id") || lower.ends_with("_id") || lower.ends_with("-id")) {
                    qualified.push(p);
                }
            }
        }
        if bare.is_empty() || qualified.is_empty() {
            return;
        }
        let (minority, style) = if bare.len() <= qualified.len() { (&bare, "bare `{id}`") } else { (&qualified, "qualified `{resourceId}`") };
        let mut seen = std::collections::HashSet::new();
        for p in minority {
            if seen.insert((p.at.file, p.at.span())) {
                out.push(Diagnostic::at_member(&p.at, "name", format!("path parameter `{}` uses the {style} style while most identifiers of this API use the other", p.name.unwrap_or("?"))));
            }
        }
    }''', ["zalando:(consistent resource identifiers)"])

SEV = {"error": "Error", "warn": "Warn", "info": "Info", "hint": "Hint"}
def rs_str(s): return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
def raw(s):
    n = 1
    while ('"' + "#" * n) in s: n += 1
    return "r" + "#" * n + '"' + s + '"' + "#" * n

out_dir = os.path.join(os.path.dirname(__file__), "..", "crates", "gardefou_linter", "src", "rules", "gardefou")
mods = []
for r in R:
    mod = r["id"].replace("-", "_")
    ty = "".join(p.capitalize() for p in mod.split("_"))
    mods.append((mod, ty))
    what = r["what"] + ((" Options: " + r["options"]) if r["options"] else "")
    body = f'''//! `{r["id"]}` ({r["ruleset"]}). Generated by `tools/governance_rules.py`.

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{{Category, Severity}};
use crate::rule::{{Diagnostic, RuleDocs, RuleMeta, Visit}};

static META: RuleMeta = RuleMeta {{
    id: {rs_str(r["id"])},
    ruleset: {rs_str(r["ruleset"])},
    category: Category::{r["category"].capitalize()},
    severity: Severity::{SEV[r["sev"]]},
    recommended: {"true" if r["rec"] else "false"},
    formats: &[{", ".join(rs_str(f) for f in r["formats"])}],
    summary: {rs_str(r["summary"])},
    peers: &[{", ".join(rs_str(p) for p in r["peers"])}],
    docs: RuleDocs {{
        what: {rs_str(what)},
        why: {rs_str(r["why"])},
        fix: {rs_str(r["fix"])},
        invalid: {raw(r["invalid"])},
        valid: {raw(r["valid"])},
    }},
}};

crate::native_rule!({ty}, META, [{", ".join(r["kinds"])}], |node, cx, options, out| {{
    {r["body"]}
}});
'''
    with open(os.path.join(out_dir, mod + ".rs"), "w") as f:
        f.write(body)
with open(os.path.join(out_dir, "mod.rs"), "w") as f:
    f.write("//! gardefou's governance rulesets: `gardefou:naming`, `gardefou:security`,\n//! `gardefou:versioning`, `gardefou:documentation`. Generated by `tools/governance_rules.py`.\n\npub mod support;\n\n")
    for mod, _ in sorted(mods): f.write(f"pub mod {mod};\n")
    f.write("\n/// The governance rules, by ruleset.\npub fn rules() -> Vec<&'static dyn crate::rule::Rule> {\n    vec![\n")
    for mod, ty in mods: f.write(f"        &{mod}::{ty},\n")
    f.write("    ]\n}\n")
print(len(R), "rules")
import collections; print(collections.Counter(r["ruleset"] for r in R))
