//! The normalized model over the bundled portfolio (3.1, 3.0 split over files, 2.0) and over
//! small documents that exercise each mapping.

use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_model::{build, OperationKind, SpecVersion};
use gardefou_source::PathSeg;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

fn load(path: &Path) -> DocumentSet {
    DocumentSet::load(path, &LoadOptions::default()).expect("load")
}

fn from_text(text: &str) -> DocumentSet {
    DocumentSet::from_text(
        "doc.yaml",
        text.to_string(),
        Path::new("."),
        &LoadOptions::default(),
    )
}

#[test]
fn openapi_3_1_catalogue() {
    let set = load(&fixture("portfolio/catalogue/openapi.yaml"));
    let api = build(&set).expect("model");
    assert_eq!(api.version, SpecVersion::OpenApi31);
    assert_eq!(
        api.info.as_ref().unwrap().title,
        Some("Catalogue of Works API")
    );
    assert_eq!(api.servers.len(), 2);
    let ids: Vec<_> = api
        .operations
        .iter()
        .map(|o| o.operation_id.unwrap())
        .collect();
    assert_eq!(
        ids,
        ["listWorks", "registerWork", "getWork", "listWorkRecordings"]
    );

    // Parameters: component references followed, path-item parameters merged in.
    let list = &api.operations[0];
    let names: Vec<_> = list.parameters.iter().map(|p| p.name.unwrap()).collect();
    assert_eq!(names, ["pageSize", "pageToken", "title", "iswc"]);
    // Paths are where each element is written: a referenced component at the component.
    assert_eq!(
        list.parameters[0].at.path,
        [
            PathSeg::from("components"),
            "parameters".into(),
            "PageSize".into()
        ]
    );
    assert_eq!(
        list.parameters[2].at.path,
        [
            PathSeg::from("paths"),
            "/works".into(),
            "get".into(),
            "parameters".into(),
            2.into()
        ]
    );
    let get = &api.operations[2];
    assert!(get.parameters[0].from_path_item && get.parameters[0].required);

    // Effective security: own when declared, else the document's.
    assert_eq!(
        list.effective_security[0].schemes,
        [("oauth2", vec!["catalogue.read"])]
    );
    assert_eq!(
        api.operations[1].effective_security[0].schemes,
        [("oauth2", vec!["catalogue.write"])]
    );

    // Responses through component references, with headers and content.
    let register = &api.operations[1];
    let codes: Vec<_> = register.responses.iter().map(|r| r.code).collect();
    assert_eq!(codes, ["201", "400", "401", "403", "409"]);
    assert_eq!(register.responses[0].headers[0].name, "Location");
    assert_eq!(
        register.request_body.as_ref().unwrap().content[0].media_type,
        "application/json"
    );
    assert!(register.request_body.as_ref().unwrap().required);

    // Webhooks and security schemes with flows and scopes.
    assert_eq!(api.webhooks.len(), 1);
    assert_eq!(api.webhooks[0].kind, OperationKind::Webhook);
    let scheme = api.security_scheme("oauth2").unwrap();
    assert_eq!(scheme.flows[0].kind, "clientCredentials");
    assert_eq!(scheme.flows[0].scopes.len(), 2);
    assert_eq!(api.components.schemas.len(), 7);
    assert_eq!(api.tags.len(), 2);
}

#[test]
fn elements_from_referenced_files_know_their_file() {
    let set = load(&fixture("portfolio/royalties/openapi.yaml"));
    let api = build(&set).expect("model");
    assert_eq!(api.version, SpecVersion::OpenApi30);
    let statements = &api.operations[0];
    let holder = &statements.parameters[0];
    assert_eq!(holder.name, Some("holderId"));
    assert!(set.file(holder.at.file).name.ends_with("parameters.yaml"));
    // The path is the one inside the file it lives in (as Spectral reports it).
    assert_eq!(holder.at.path, [PathSeg::from("HolderId")]);
    let line = set
        .file(holder.at.file)
        .position(holder.at.span().start)
        .line;
    assert_eq!(line, 2);
    let schema = statements.responses[0].content[0].schema.as_ref().unwrap();
    let items = schema.get(&set, "items").unwrap();
    assert!(set.file(items.file).name.ends_with("statement.yaml"));
}

#[test]
fn swagger_2_0_maps_to_the_same_shape() {
    let set = load(&fixture("portfolio/partner/swagger.json"));
    let api = build(&set).expect("model");
    assert_eq!(api.version, SpecVersion::Swagger2);
    assert_eq!(api.servers[0].url, "https://partners.example.org/usage/v3");
    let submit = &api.operations[0];
    // The body parameter becomes the request body, with the document's `consumes`.
    assert!(submit.parameters.is_empty());
    let body = submit.request_body.as_ref().unwrap();
    assert_eq!(body.content[0].media_type, "application/json");
    assert!(body.content[0].schema.is_some());
    assert_eq!(
        submit.responses[0].content[0].media_type,
        "application/json"
    );
    assert_eq!(api.components.schemas.len(), 3);
    let key = api.security_scheme("apiKey").unwrap();
    assert_eq!(
        (key.kind, key.location, key.param_name),
        (Some("apiKey"), Some("header"), Some("X-Partner-Key"))
    );
    assert_eq!(submit.effective_security[0].schemes[0].0, "apiKey");
}

#[test]
fn swagger_2_0_security_and_form_data() {
    let set = from_text(
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\nbasePath: /v1\nsecurityDefinitions:\n  basic: {type: basic}\n  o: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {read: r}}\npaths:\n  /up:\n    post:\n      consumes: [multipart/form-data]\n      security: [{o: [read]}]\n      parameters:\n        - {name: file, in: formData, type: file, required: true}\n      responses: {'200': {description: ok}}\n",
    );
    let api = build(&set).unwrap();
    assert_eq!(api.servers[0].url, "/v1");
    let basic = api.security_scheme("basic").unwrap();
    assert_eq!((basic.kind, basic.scheme), (Some("http"), Some("basic")));
    assert_eq!(
        api.security_scheme("o").unwrap().flows[0].kind,
        "authorizationCode"
    );
    let op = &api.operations[0];
    let body = op.request_body.as_ref().unwrap();
    assert!(body.required);
    assert_eq!(body.content[0].media_type, "multipart/form-data");
    assert_eq!(op.parameters[0].location, Some("formData"));
}

#[test]
fn callbacks_operation_overrides_and_3_2_methods() {
    let set = from_text(
        "openapi: 3.2.0\ninfo: {title: T, version: '1'}\nsecurity: [{k: []}]\npaths:\n  /a:\n    parameters:\n      - {name: x, in: query, schema: {type: string}}\n    query:\n      security: []\n      parameters:\n        - {name: x, in: query, required: true, schema: {type: integer}}\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              responses: {'200': {description: ok}}\n      responses: {'200': {description: ok}}\n    additionalOperations:\n      LINK:\n        responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: K}\n",
    );
    let api = build(&set).unwrap();
    let methods: Vec<_> = api.operations.iter().map(|o| o.method.as_str()).collect();
    assert_eq!(methods, ["query", "LINK"]);
    let q = &api.operations[0];
    assert_eq!(
        q.parameters.len(),
        1,
        "the operation's `x` overrides the path item's"
    );
    assert!(q.parameters[0].required && !q.parameters[0].from_path_item);
    assert!(
        q.effective_security.is_empty(),
        "`security: []` makes it public"
    );
    assert_eq!(api.operations[1].effective_security.len(), 1);
    assert_eq!(q.callbacks.len(), 1);
    assert!(matches!(&q.callbacks[0].kind, OperationKind::Callback { name, .. } if name == "done"));
    assert_eq!(api.all_operations().len(), 3);
}

#[test]
fn malformed_content_is_skipped_not_fatal() {
    let set = from_text("openapi: 3.0.0\ninfo: 42\npaths:\n  /a: [1]\n  /b:\n    get: 7\n    post:\n      parameters: {}\n      responses: []\ncomponents: 'no'\n");
    let api = build(&set).unwrap();
    assert!(api.info.is_some());
    assert_eq!(api.operations.len(), 1);
    assert!(api.operations[0].parameters.is_empty());
    assert!(api.components.schemas.is_empty());
}
