use crate::at::At;
use crate::version::SpecVersion;

/// The whole API, whatever version its document is written in.
#[derive(Debug)]
pub struct Api<'a> {
    /// The specification version.
    pub version: SpecVersion,
    /// The version text as written (`3.0.3`, `2.0`).
    pub version_text: String,
    /// The document's root object.
    pub root: At<'a>,
    /// The `info` object.
    pub info: Option<Info<'a>>,
    /// Servers; Swagger 2.0's `host`, `basePath` and `schemes` are mapped to servers.
    pub servers: Vec<Server<'a>>,
    /// Every path item under `paths`, in document order.
    pub path_items: Vec<PathItem<'a>>,
    /// Operations under `paths`, in document order.
    pub operations: Vec<Operation<'a>>,
    /// Operations under `webhooks` (3.1+).
    pub webhooks: Vec<Operation<'a>>,
    /// The reusable objects.
    pub components: Components<'a>,
    /// Top-level security requirements, when declared.
    pub security: Option<Vec<SecurityRequirement<'a>>>,
    /// The top-level `tags`.
    pub tags: Vec<Tag<'a>>,
    /// The top-level `externalDocs`.
    pub external_docs: Option<At<'a>>,
    /// The top-level extensions.
    pub extensions: Vec<Extension<'a>>,
}

/// The `info` object.
#[derive(Debug)]
pub struct Info<'a> {
    /// The object.
    pub at: At<'a>,
    /// `title`.
    pub title: Option<&'a str>,
    /// `version` (the API's, not the specification's).
    pub version: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
    /// `summary` (3.1+).
    pub summary: Option<&'a str>,
    /// `termsOfService`.
    pub terms_of_service: Option<&'a str>,
    /// The `contact` object.
    pub contact: Option<At<'a>>,
    /// The `license` object.
    pub license: Option<At<'a>>,
}

/// A server the API is served from.
#[derive(Debug)]
pub struct Server<'a> {
    /// `None` for servers synthesized from Swagger 2.0 fields (then `url` is computed).
    pub at: Option<At<'a>>,
    /// The URL (a template, with `{variables}`).
    pub url: String,
    /// `description`.
    pub description: Option<&'a str>,
    /// The server variables by name.
    pub variables: Vec<(&'a str, At<'a>)>,
}

/// A path item under `paths`.
#[derive(Debug)]
pub struct PathItem<'a> {
    /// The path item object.
    pub at: At<'a>,
    /// The path template, e.g. `/pets/{petId}`.
    pub path: &'a str,
    /// Its own parameters (shared by its operations).
    pub parameters: Vec<Parameter<'a>>,
    /// Its own servers.
    pub servers: Vec<Server<'a>>,
}

/// Where an operation comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperationKind {
    /// Under `paths`.
    Path,
    /// Under `webhooks` (3.1+).
    Webhook,
    /// Inside a callback of another operation: the callback's name and expression.
    Callback {
        /// The callback's name.
        name: String,
        /// Its runtime expression (`{$request.body#/callbackUrl}`).
        expression: String,
    },
}

/// An operation: one method of a path item, webhook or callback.
#[derive(Debug)]
pub struct Operation<'a> {
    /// The operation object.
    pub at: At<'a>,
    /// Where it comes from.
    pub kind: OperationKind,
    /// Lower-case HTTP method (`get`, `post`, …, or a 3.2 `additionalOperations` method as written).
    pub method: String,
    /// The path template (or webhook name).
    pub path: &'a str,
    /// `operationId`.
    pub operation_id: Option<&'a str>,
    /// `summary`.
    pub summary: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
    /// `tags`.
    pub tags: Vec<&'a str>,
    /// `deprecated` (false when absent).
    pub deprecated: bool,
    /// Path-item and operation parameters merged (an operation parameter overrides the
    /// path-item one with the same name and location). Swagger 2.0 `body` parameters are
    /// mapped to `request_body` instead.
    pub parameters: Vec<Parameter<'a>>,
    /// The request body (3.x `requestBody`, 2.0 `body` or `formData` parameters).
    pub request_body: Option<RequestBody<'a>>,
    /// The responses, in document order.
    pub responses: Vec<Response<'a>>,
    /// The operation's own `security`, when declared.
    pub security: Option<Vec<SecurityRequirement<'a>>>,
    /// The security that applies: the operation's own, else the document's. Empty means none.
    pub effective_security: Vec<SecurityRequirement<'a>>,
    /// Servers that apply: the operation's, else the path item's, else the document's.
    pub servers: Vec<Server<'a>>,
    /// The operations of its callbacks (3.x).
    pub callbacks: Vec<Operation<'a>>,
    /// Its extensions.
    pub extensions: Vec<Extension<'a>>,
    /// Swagger 2.0 `consumes`/`produces` that apply (own or global); empty for 3.x.
    pub consumes: Vec<&'a str>,
    /// See `consumes`.
    pub produces: Vec<&'a str>,
}

/// A parameter of an operation or path item.
#[derive(Debug)]
pub struct Parameter<'a> {
    /// The parameter object.
    pub at: At<'a>,
    /// `name`.
    pub name: Option<&'a str>,
    /// `query`, `header`, `path`, `cookie`, `querystring` (3.2) or `formData` (2.0).
    pub location: Option<&'a str>,
    /// `required` (false when absent).
    pub required: bool,
    /// `deprecated` (false when absent).
    pub deprecated: bool,
    /// `description`.
    pub description: Option<&'a str>,
    /// The parameter's schema (3.x `schema`, or the first `content` entry's schema); for
    /// Swagger 2.0 non-body parameters, the parameter object itself (it carries `type`).
    pub schema: Option<At<'a>>,
    /// Declared on the path item rather than the operation.
    pub from_path_item: bool,
}

/// The body of a request.
#[derive(Debug)]
pub struct RequestBody<'a> {
    /// The `requestBody` object (3.x) or the `body`/first `formData` parameter (2.0).
    pub at: At<'a>,
    /// `required` (false when absent; a Swagger 2.0 body parameter's `required`).
    pub required: bool,
    /// `description`.
    pub description: Option<&'a str>,
    /// Its media types (for Swagger 2.0, those of `consumes`).
    pub content: Vec<MediaType<'a>>,
}

/// One media type of a body.
#[derive(Debug)]
pub struct MediaType<'a> {
    /// The media type (`application/json`, …).
    pub media_type: String,
    /// The media type object (3.x); for 2.0, the object that holds the schema.
    pub at: At<'a>,
    /// Its schema.
    pub schema: Option<At<'a>>,
}

/// One response of an operation.
#[derive(Debug)]
pub struct Response<'a> {
    /// The response object.
    pub at: At<'a>,
    /// Status code as written (`200`, `4XX`, `default`).
    pub code: &'a str,
    /// `description`.
    pub description: Option<&'a str>,
    /// Its headers.
    pub headers: Vec<Header<'a>>,
    /// Its media types (for Swagger 2.0, those of `produces`).
    pub content: Vec<MediaType<'a>>,
}

/// A response header.
#[derive(Debug)]
pub struct Header<'a> {
    /// The header's name.
    pub name: &'a str,
    /// The header object.
    pub at: At<'a>,
    /// `description`.
    pub description: Option<&'a str>,
    /// Its schema (for Swagger 2.0, the header object itself).
    pub schema: Option<At<'a>>,
}

/// One security requirement: schemes that apply together.
#[derive(Debug)]
pub struct SecurityRequirement<'a> {
    /// The requirement object.
    pub at: At<'a>,
    /// Scheme name → required scopes. An empty list of schemes (`{}`) means anonymous access.
    pub schemes: Vec<(&'a str, Vec<&'a str>)>,
}

/// A security scheme (`components/securitySchemes`, Swagger 2.0 `securityDefinitions`).
#[derive(Debug)]
pub struct SecurityScheme<'a> {
    /// The scheme object.
    pub at: At<'a>,
    /// Its name.
    pub name: &'a str,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS` (Swagger 2.0 `basic` maps to `http`).
    pub kind: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
    /// `http` scheme (`basic`, `bearer`, …).
    pub scheme: Option<&'a str>,
    /// `bearerFormat` of an `http` bearer scheme.
    pub bearer_format: Option<&'a str>,
    /// apiKey location and name.
    pub location: Option<&'a str>,
    /// The apiKey's parameter name.
    pub param_name: Option<&'a str>,
    /// The OAuth 2 flows.
    pub flows: Vec<OAuthFlow<'a>>,
    /// `openIdConnectUrl`.
    pub open_id_connect_url: Option<&'a str>,
}

/// One OAuth 2 flow.
#[derive(Debug)]
pub struct OAuthFlow<'a> {
    /// The flow object (for Swagger 2.0, the scheme object).
    pub at: At<'a>,
    /// 3.x names: `implicit`, `password`, `clientCredentials`, `authorizationCode`,
    /// `deviceAuthorization` (2.0's `application` and `accessCode` are mapped).
    pub kind: &'static str,
    /// `authorizationUrl`.
    pub authorization_url: Option<&'a str>,
    /// `tokenUrl`.
    pub token_url: Option<&'a str>,
    /// `refreshUrl`.
    pub refresh_url: Option<&'a str>,
    /// The scopes and their descriptions.
    pub scopes: Vec<(&'a str, Option<&'a str>)>,
}

/// A tag of the top-level `tags` list.
#[derive(Debug)]
pub struct Tag<'a> {
    /// The tag object.
    pub at: At<'a>,
    /// `name`.
    pub name: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
}

/// A specification extension (`x-…` member).
#[derive(Debug)]
pub struct Extension<'a> {
    /// Its name, `x-` included.
    pub name: &'a str,
    /// Its value.
    pub at: At<'a>,
}

/// A named reusable object (`components/*` in 3.x, `definitions`, `parameters`, `responses`,
/// `securityDefinitions` in 2.0).
#[derive(Debug)]
pub struct Named<'a> {
    /// Its name.
    pub name: &'a str,
    /// The object.
    pub at: At<'a>,
}

/// The reusable objects of the document, by kind (Swagger 2.0 has schemas, parameters, responses and security schemes).
#[derive(Debug, Default)]
pub struct Components<'a> {
    /// `schemas` (2.0 `definitions`).
    pub schemas: Vec<Named<'a>>,
    /// `parameters`.
    pub parameters: Vec<Named<'a>>,
    /// `responses`.
    pub responses: Vec<Named<'a>>,
    /// `requestBodies`.
    pub request_bodies: Vec<Named<'a>>,
    /// `headers`.
    pub headers: Vec<Named<'a>>,
    /// `examples`.
    pub examples: Vec<Named<'a>>,
    /// `links`.
    pub links: Vec<Named<'a>>,
    /// `callbacks`.
    pub callbacks: Vec<Named<'a>>,
    /// `pathItems` (3.1+).
    pub path_items: Vec<Named<'a>>,
    /// `securitySchemes` (2.0 `securityDefinitions`).
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

    /// The security scheme named `name`.
    pub fn security_scheme(&self, name: &str) -> Option<&SecurityScheme<'a>> {
        self.components
            .security_schemes
            .iter()
            .find(|s| s.name == name)
    }
}
