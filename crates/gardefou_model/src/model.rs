use crate::at::At;
use crate::version::SpecVersion;

/// The whole API, whatever version its document is written in.
#[derive(Debug)]
pub struct Api<'a> {
    pub version: SpecVersion,
    /// The version text as written (`3.0.3`, `2.0`).
    pub version_text: String,
    pub root: At<'a>,
    pub info: Option<Info<'a>>,
    /// Servers; Swagger 2.0's `host`, `basePath` and `schemes` are mapped to servers.
    pub servers: Vec<Server<'a>>,
    pub path_items: Vec<PathItem<'a>>,
    /// Operations under `paths`, in document order.
    pub operations: Vec<Operation<'a>>,
    /// Operations under `webhooks` (3.1+).
    pub webhooks: Vec<Operation<'a>>,
    pub components: Components<'a>,
    /// Top-level security requirements, when declared.
    pub security: Option<Vec<SecurityRequirement<'a>>>,
    pub tags: Vec<Tag<'a>>,
    pub external_docs: Option<At<'a>>,
    pub extensions: Vec<Extension<'a>>,
}

#[derive(Debug)]
pub struct Info<'a> {
    pub at: At<'a>,
    pub title: Option<&'a str>,
    pub version: Option<&'a str>,
    pub description: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub terms_of_service: Option<&'a str>,
    pub contact: Option<At<'a>>,
    pub license: Option<At<'a>>,
}

#[derive(Debug)]
pub struct Server<'a> {
    /// `None` for servers synthesized from Swagger 2.0 fields (then `url` is computed).
    pub at: Option<At<'a>>,
    pub url: String,
    pub description: Option<&'a str>,
    pub variables: Vec<(&'a str, At<'a>)>,
}

#[derive(Debug)]
pub struct PathItem<'a> {
    pub at: At<'a>,
    /// The path template, e.g. `/pets/{petId}`.
    pub path: &'a str,
    pub parameters: Vec<Parameter<'a>>,
    pub servers: Vec<Server<'a>>,
}

/// Where an operation comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperationKind {
    Path,
    Webhook,
    /// Inside a callback of another operation: the callback's name and expression.
    Callback {
        name: String,
        expression: String,
    },
}

#[derive(Debug)]
pub struct Operation<'a> {
    pub at: At<'a>,
    pub kind: OperationKind,
    /// Lower-case HTTP method (`get`, `post`, …, or a 3.2 `additionalOperations` method as written).
    pub method: String,
    /// The path template (or webhook name).
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub tags: Vec<&'a str>,
    pub deprecated: bool,
    /// Path-item and operation parameters merged (an operation parameter overrides the
    /// path-item one with the same name and location). Swagger 2.0 `body` parameters are
    /// mapped to `request_body` instead.
    pub parameters: Vec<Parameter<'a>>,
    pub request_body: Option<RequestBody<'a>>,
    pub responses: Vec<Response<'a>>,
    /// The operation's own `security`, when declared.
    pub security: Option<Vec<SecurityRequirement<'a>>>,
    /// The security that applies: the operation's own, else the document's. Empty means none.
    pub effective_security: Vec<SecurityRequirement<'a>>,
    /// Servers that apply: the operation's, else the path item's, else the document's.
    pub servers: Vec<Server<'a>>,
    pub callbacks: Vec<Operation<'a>>,
    pub extensions: Vec<Extension<'a>>,
    /// Swagger 2.0 `consumes`/`produces` that apply (own or global); empty for 3.x.
    pub consumes: Vec<&'a str>,
    pub produces: Vec<&'a str>,
}

#[derive(Debug)]
pub struct Parameter<'a> {
    pub at: At<'a>,
    pub name: Option<&'a str>,
    /// `query`, `header`, `path`, `cookie`, `querystring` (3.2) or `formData` (2.0).
    pub location: Option<&'a str>,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<&'a str>,
    /// The parameter's schema (3.x `schema`, or the first `content` entry's schema); for
    /// Swagger 2.0 non-body parameters, the parameter object itself (it carries `type`).
    pub schema: Option<At<'a>>,
    /// Declared on the path item rather than the operation.
    pub from_path_item: bool,
}

#[derive(Debug)]
pub struct RequestBody<'a> {
    /// The `requestBody` object (3.x) or the `body`/first `formData` parameter (2.0).
    pub at: At<'a>,
    pub required: bool,
    pub description: Option<&'a str>,
    pub content: Vec<MediaType<'a>>,
}

#[derive(Debug)]
pub struct MediaType<'a> {
    pub media_type: String,
    /// The media type object (3.x); for 2.0, the object that holds the schema.
    pub at: At<'a>,
    pub schema: Option<At<'a>>,
}

#[derive(Debug)]
pub struct Response<'a> {
    pub at: At<'a>,
    /// Status code as written (`200`, `4XX`, `default`).
    pub code: &'a str,
    pub description: Option<&'a str>,
    pub headers: Vec<Header<'a>>,
    pub content: Vec<MediaType<'a>>,
}

#[derive(Debug)]
pub struct Header<'a> {
    pub name: &'a str,
    pub at: At<'a>,
    pub description: Option<&'a str>,
    pub schema: Option<At<'a>>,
}

#[derive(Debug)]
pub struct SecurityRequirement<'a> {
    pub at: At<'a>,
    /// Scheme name → required scopes. An empty list of schemes (`{}`) means anonymous access.
    pub schemes: Vec<(&'a str, Vec<&'a str>)>,
}

#[derive(Debug)]
pub struct SecurityScheme<'a> {
    pub at: At<'a>,
    pub name: &'a str,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS` (Swagger 2.0 `basic` maps to `http`).
    pub kind: Option<&'a str>,
    pub description: Option<&'a str>,
    /// `http` scheme (`basic`, `bearer`, …).
    pub scheme: Option<&'a str>,
    pub bearer_format: Option<&'a str>,
    /// apiKey location and name.
    pub location: Option<&'a str>,
    pub param_name: Option<&'a str>,
    pub flows: Vec<OAuthFlow<'a>>,
    pub open_id_connect_url: Option<&'a str>,
}

#[derive(Debug)]
pub struct OAuthFlow<'a> {
    pub at: At<'a>,
    /// 3.x names: `implicit`, `password`, `clientCredentials`, `authorizationCode`,
    /// `deviceAuthorization` (2.0's `application` and `accessCode` are mapped).
    pub kind: &'static str,
    pub authorization_url: Option<&'a str>,
    pub token_url: Option<&'a str>,
    pub refresh_url: Option<&'a str>,
    pub scopes: Vec<(&'a str, Option<&'a str>)>,
}

#[derive(Debug)]
pub struct Tag<'a> {
    pub at: At<'a>,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
}

#[derive(Debug)]
pub struct Extension<'a> {
    pub name: &'a str,
    pub at: At<'a>,
}

/// A named reusable object (`components/*` in 3.x, `definitions`, `parameters`, `responses`,
/// `securityDefinitions` in 2.0).
#[derive(Debug)]
pub struct Named<'a> {
    pub name: &'a str,
    pub at: At<'a>,
}

#[derive(Debug, Default)]
pub struct Components<'a> {
    pub schemas: Vec<Named<'a>>,
    pub parameters: Vec<Named<'a>>,
    pub responses: Vec<Named<'a>>,
    pub request_bodies: Vec<Named<'a>>,
    pub headers: Vec<Named<'a>>,
    pub examples: Vec<Named<'a>>,
    pub links: Vec<Named<'a>>,
    pub callbacks: Vec<Named<'a>>,
    pub path_items: Vec<Named<'a>>,
    pub security_schemes: Vec<SecurityScheme<'a>>,
}

impl<'a> Api<'a> {
    /// All operations: paths, webhooks and callbacks (depth first).
    pub fn all_operations(&self) -> Vec<&Operation<'a>> {
        fn walk<'b, 'a>(ops: &'b [Operation<'a>], out: &mut Vec<&'b Operation<'a>>) {
            for op in ops {
                out.push(op);
                walk(&op.callbacks, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.operations, &mut out);
        walk(&self.webhooks, &mut out);
        out
    }

    pub fn security_scheme(&self, name: &str) -> Option<&SecurityScheme<'a>> {
        self.components
            .security_schemes
            .iter()
            .find(|s| s.name == name)
    }
}
