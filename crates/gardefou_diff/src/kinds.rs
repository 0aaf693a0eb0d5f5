//! The catalogue of changes `gardefou diff` reports: each kind's class and the oasdiff checks it
//! corresponds to (`docs/diff.md` lists the same table for readers).

use crate::Class;

/// One kind of change.
#[derive(Debug)]
pub struct Kind {
    /// Stable kebab-case id (`operation-removed`, …).
    pub id: &'static str,
    /// How a change of this kind affects clients.
    pub class: Class,
    /// What the change is, in one line.
    pub summary: &'static str,
    /// The ids of the oasdiff checks (`oasdiff checks`) that report the same change.
    pub oasdiff: &'static [&'static str],
}

const fn kind(
    id: &'static str,
    class: Class,
    summary: &'static str,
    oasdiff: &'static [&'static str],
) -> Kind {
    Kind {
        id,
        class,
        summary,
        oasdiff,
    }
}

use Class::{Breaking as B, PossiblyBreaking as P, Safe as S};

/// Every kind of change detected, with its class.
pub const KINDS: &[Kind] = &[
    // Operations.
    kind(
        "operation-removed",
        B,
        "an operation (method and path) no longer exists",
        &[
            "api-path-removed-without-deprecation",
            "api-removed-without-deprecation",
        ],
    ),
    kind("operation-added", S, "a new operation", &["endpoint-added"]),
    kind(
        "operation-id-changed",
        P,
        "the operationId changed (generated clients rename the method)",
        &["api-operation-id-removed", "api-operation-id-added"],
    ),
    kind(
        "operation-deprecated",
        S,
        "the operation is now deprecated",
        &["endpoint-deprecated"],
    ),
    kind(
        "operation-no-longer-deprecated",
        S,
        "the operation is no longer deprecated",
        &["endpoint-reactivated"],
    ),
    // Parameters.
    kind(
        "parameter-removed",
        P,
        "a parameter is no longer declared (clients still sending it may be refused)",
        &["request-parameter-removed"],
    ),
    kind(
        "required-parameter-added",
        B,
        "a new required parameter",
        &["new-required-request-parameter"],
    ),
    kind(
        "optional-parameter-added",
        S,
        "a new optional parameter",
        &["new-optional-request-parameter"],
    ),
    kind(
        "parameter-became-required",
        B,
        "an optional parameter became required",
        &["request-parameter-became-required"],
    ),
    kind(
        "parameter-became-optional",
        S,
        "a required parameter became optional",
        &["request-parameter-became-optional"],
    ),
    kind(
        "parameter-moved",
        B,
        "a parameter moved to another location (`in`)",
        &[
            "request-parameter-removed",
            "new-required-request-parameter",
        ],
    ),
    kind(
        "parameter-renamed",
        B,
        "a parameter was renamed (same place and type)",
        &[
            "request-parameter-removed",
            "new-required-request-parameter",
        ],
    ),
    // Request bodies.
    kind(
        "request-body-added",
        B,
        "a required request body was added",
        &["request-body-added-required"],
    ),
    kind(
        "optional-request-body-added",
        S,
        "an optional request body was added",
        &["request-body-added-optional"],
    ),
    kind(
        "request-body-removed",
        P,
        "the request body is no longer declared",
        &["request-body-removed"],
    ),
    kind(
        "request-body-became-required",
        B,
        "an optional request body became required",
        &["request-body-became-required"],
    ),
    kind(
        "request-body-became-optional",
        S,
        "a required request body became optional",
        &["request-body-became-optional"],
    ),
    kind(
        "request-media-type-removed",
        B,
        "a request media type is no longer accepted",
        &["request-body-media-type-removed"],
    ),
    kind(
        "request-media-type-added",
        S,
        "a new request media type is accepted",
        &["request-body-media-type-added"],
    ),
    // Responses.
    kind(
        "response-removed",
        B,
        "a response status is no longer documented",
        &[
            "response-success-status-removed",
            "response-non-success-status-removed",
        ],
    ),
    kind(
        "response-added",
        S,
        "a new response status",
        &[
            "response-success-status-added",
            "response-non-success-status-added",
        ],
    ),
    kind(
        "response-media-type-removed",
        B,
        "a response media type is no longer returned",
        &["response-media-type-removed"],
    ),
    kind(
        "response-media-type-added",
        S,
        "a response may be returned in a new media type",
        &["response-media-type-added"],
    ),
    kind(
        "response-header-removed",
        B,
        "a response header is no longer sent",
        &[
            "required-response-header-removed",
            "optional-response-header-removed",
        ],
    ),
    kind("response-header-added", S, "a new response header", &[]),
    // Security.
    kind(
        "security-added",
        B,
        "an operation open to anonymous callers now requires authentication",
        &["api-security-added", "api-global-security-added"],
    ),
    kind(
        "security-removed",
        S,
        "an operation no longer requires authentication",
        &["api-security-removed", "api-global-security-removed"],
    ),
    kind(
        "security-scope-added",
        B,
        "an operation requires a new OAuth2 scope",
        &[
            "api-security-scope-added",
            "api-global-security-scope-added",
        ],
    ),
    kind(
        "security-scope-removed",
        S,
        "an operation no longer requires an OAuth2 scope",
        &[
            "api-security-scope-removed",
            "api-global-security-scope-removed",
        ],
    ),
    kind(
        "security-scheme-removed",
        B,
        "a security scheme was removed",
        &["api-security-component-removed"],
    ),
    kind(
        "security-scheme-type-changed",
        B,
        "a security scheme changed type (`apiKey`, `http`, `oauth2`, …)",
        &["api-security-component-type-changed"],
    ),
    // Servers.
    kind("server-removed", P, "a server URL is no longer listed", &[]),
    // Schemas, either direction.
    kind(
        "type-changed",
        B,
        "a schema's type changed in a way clients cannot absorb",
        &[
            "request-body-type-changed",
            "request-parameter-type-changed",
            "request-property-type-changed",
            "response-body-type-changed",
            "response-property-type-changed",
        ],
    ),
    kind(
        "input-type-widened",
        S,
        "an input now accepts more types (`integer` → `number`, a type added)",
        &[
            "request-property-type-generalized",
            "request-parameter-type-generalized",
        ],
    ),
    kind(
        "output-type-narrowed",
        S,
        "an output now returns fewer types (`number` → `integer`)",
        &[
            "response-property-type-specialized",
            "response-body-type-specialized",
        ],
    ),
    kind(
        "format-changed",
        B,
        "a schema's `format` changed, or an input now requires one",
        &[
            "request-body-type-changed",
            "request-parameter-type-changed",
            "request-property-type-changed",
            "response-body-type-changed",
            "response-property-type-changed",
        ],
    ),
    // Schemas, input.
    kind(
        "enum-value-removed-from-input",
        B,
        "an input no longer accepts an enum value",
        &[
            "request-property-enum-value-removed",
            "request-parameter-enum-value-removed",
        ],
    ),
    kind(
        "enum-value-added-to-input",
        S,
        "an input accepts a new enum value",
        &[
            "request-property-enum-value-added",
            "request-parameter-enum-value-added",
        ],
    ),
    kind(
        "input-property-removed",
        P,
        "a property clients send is no longer declared",
        &["request-property-removed"],
    ),
    kind(
        "required-input-property-added",
        B,
        "clients must now send a new property",
        &["new-required-request-property"],
    ),
    kind(
        "optional-input-property-added",
        S,
        "clients may send a new property",
        &["new-optional-request-property"],
    ),
    kind(
        "input-property-became-required",
        B,
        "clients must now send a property that was optional",
        &["request-property-became-required"],
    ),
    kind(
        "input-property-became-optional",
        S,
        "a property clients had to send is now optional",
        &["request-property-became-optional"],
    ),
    kind(
        "input-constraint-tightened",
        B,
        "an input accepts less (`maxLength` lowered, `minimum` raised, a bound added)",
        &[
            "request-property-max-length-decreased",
            "request-property-max-length-set",
            "request-property-min-length-increased",
            "request-property-max-decreased",
            "request-property-max-set",
            "request-property-min-increased",
            "request-property-min-set",
            "request-parameter-max-items-decreased",
            "request-property-min-items-increased",
            "request-property-min-items-set",
            "request-parameter-max-length-decreased",
            "request-parameter-max-decreased",
            "request-parameter-min-increased",
        ],
    ),
    kind(
        "input-constraint-relaxed",
        S,
        "an input accepts more (a bound raised, lowered or removed)",
        &[
            "request-property-max-length-increased",
            "request-property-min-length-decreased",
            "request-property-max-increased",
            "request-property-min-decreased",
            "request-parameter-max-length-increased",
            "request-parameter-max-increased",
            "request-parameter-min-decreased",
        ],
    ),
    kind(
        "input-pattern-changed",
        P,
        "an input's `pattern` was added or changed",
        &[
            "request-property-pattern-added",
            "request-property-pattern-changed",
            "request-parameter-pattern-added",
            "request-parameter-pattern-changed",
        ],
    ),
    kind(
        "input-no-longer-nullable",
        B,
        "an input that accepted `null` no longer does",
        &[
            "request-property-became-not-nullable",
            "request-body-became-not-nullable",
        ],
    ),
    kind(
        "input-became-nullable",
        S,
        "an input now accepts `null`",
        &[
            "request-property-became-nullable",
            "request-body-became-nullable",
        ],
    ),
    kind(
        "additional-properties-forbidden-in-input",
        B,
        "an input that allowed unknown properties now rejects them",
        &[],
    ),
    kind(
        "alternative-removed-from-input",
        B,
        "a `oneOf`/`anyOf` alternative clients may send was removed",
        &[
            "request-body-one-of-removed",
            "request-property-one-of-removed",
            "request-body-any-of-removed",
            "request-property-any-of-removed",
        ],
    ),
    kind(
        "alternative-added-to-input",
        S,
        "clients may send a new `oneOf`/`anyOf` alternative",
        &[
            "request-body-one-of-added",
            "request-property-one-of-added",
            "request-body-any-of-added",
            "request-property-any-of-added",
        ],
    ),
    // Schemas, output.
    kind(
        "enum-value-added-to-output",
        P,
        "an output may return a new enum value",
        &["response-property-enum-value-added"],
    ),
    kind(
        "enum-value-removed-from-output",
        S,
        "an output no longer returns an enum value",
        &["response-property-enum-value-removed"],
    ),
    kind(
        "output-property-removed",
        B,
        "a property clients receive is no longer returned",
        &[
            "response-required-property-removed",
            "response-optional-property-removed",
        ],
    ),
    kind(
        "output-property-added",
        S,
        "a new property in a response",
        &[
            "response-optional-property-added",
            "response-required-property-added",
        ],
    ),
    kind(
        "output-property-became-optional",
        B,
        "a property that was always returned may now be missing",
        &["response-property-became-optional"],
    ),
    kind(
        "output-property-became-required",
        S,
        "a property is now always returned",
        &["response-property-became-required"],
    ),
    kind(
        "output-constraint-relaxed",
        P,
        "an output may return values outside its former bounds",
        &[
            "response-property-max-length-increased",
            "response-property-max-increased",
            "response-property-min-decreased",
            "response-property-min-length-decreased",
        ],
    ),
    kind(
        "output-became-nullable",
        B,
        "an output may now be `null`",
        &[
            "response-property-became-nullable",
            "response-body-became-nullable",
        ],
    ),
    kind(
        "output-no-longer-nullable",
        S,
        "an output is no longer `null`",
        &["response-property-became-not-nullable"],
    ),
    kind(
        "alternative-added-to-output",
        P,
        "a response may return a new `oneOf`/`anyOf` alternative",
        &[
            "response-body-one-of-added",
            "response-property-one-of-added",
            "response-body-any-of-added",
            "response-property-any-of-added",
        ],
    ),
    kind(
        "alternative-removed-from-output",
        S,
        "a response no longer returns a `oneOf`/`anyOf` alternative",
        &[
            "response-body-one-of-removed",
            "response-property-one-of-removed",
            "response-body-any-of-removed",
            "response-property-any-of-removed",
        ],
    ),
];

/// The class of a kind of change.
pub fn class_of(kind: &str) -> Class {
    KINDS
        .iter()
        .find(|k| k.id == kind)
        .map_or(Class::PossiblyBreaking, |k| k.class)
}
