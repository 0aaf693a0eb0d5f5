//! gardefou's governance rulesets: `gardefou:naming`, `gardefou:security`,
//! `gardefou:versioning`, `gardefou:documentation`.

pub mod support;

pub mod documentation_error_responses;
pub mod documentation_external_docs;
pub mod documentation_license_spdx;
pub mod documentation_meaningful_description;
pub mod documentation_operation_summary;
pub mod documentation_parameter_description;
pub mod documentation_problem_json;
pub mod documentation_property_description;
pub mod documentation_request_example;
pub mod documentation_response_example;
pub mod documentation_schema_description;
pub mod documentation_tag_description;
pub mod naming_consistent_identifiers;
pub mod naming_enum_value_casing;
pub mod naming_header_casing;
pub mod naming_no_file_extension_in_path;
pub mod naming_no_verbs_in_path;
pub mod naming_operation_id_casing;
pub mod naming_path_parameter_casing;
pub mod naming_path_segment_casing;
pub mod naming_plural_collections;
pub mod naming_property_casing;
pub mod naming_query_parameter_casing;
pub mod naming_schema_name_casing;
pub mod naming_tag_casing;
pub mod security_401_documented;
pub mod security_403_documented;
pub mod security_429_documented;
pub mod security_500_documented;
pub mod security_additional_properties_constrained;
pub mod security_array_bounded;
pub mod security_defined_schemes_used;
pub mod security_defined_scopes_used;
pub mod security_error_responses_have_schema;
pub mod security_integer_bounded;
pub mod security_integer_format;
pub mod security_jwt_bearer_format;
pub mod security_no_api_key_in_query;
pub mod security_no_credentials_in_url;
pub mod security_no_http_basic;
pub mod security_no_insecure_http_schemes;
pub mod security_no_numeric_ids;
pub mod security_no_oauth2_implicit;
pub mod security_no_oauth2_password;
pub mod security_oauth2_urls_https;
pub mod security_operation_secured;
pub mod security_rate_limit_headers;
pub mod security_retry_after_header;
pub mod security_servers_https;
pub mod security_string_bounded;
pub mod security_string_restricted;
pub mod security_validation_error_documented;
pub mod versioning_breaking_change_needs_major;
pub mod versioning_consistent_scheme;
pub mod versioning_deprecated_parameter_replacement;
pub mod versioning_deprecation_replacement;
pub mod versioning_deprecation_sunset;
pub mod versioning_initial_version;
pub mod versioning_major_version_visible;
pub mod versioning_semver;
pub mod versioning_sunset_date;

/// The governance rules, by ruleset.
pub fn rules() -> Vec<&'static dyn crate::rule::Rule> {
    vec![
        &naming_path_segment_casing::NamingPathSegmentCasing,
        &naming_path_parameter_casing::NamingPathParameterCasing,
        &naming_query_parameter_casing::NamingQueryParameterCasing,
        &naming_header_casing::NamingHeaderCasing,
        &naming_operation_id_casing::NamingOperationIdCasing,
        &naming_schema_name_casing::NamingSchemaNameCasing,
        &naming_property_casing::NamingPropertyCasing,
        &naming_enum_value_casing::NamingEnumValueCasing,
        &naming_tag_casing::NamingTagCasing,
        &naming_no_verbs_in_path::NamingNoVerbsInPath,
        &naming_no_file_extension_in_path::NamingNoFileExtensionInPath,
        &naming_plural_collections::NamingPluralCollections,
        &security_operation_secured::SecurityOperationSecured,
        &security_no_oauth2_implicit::SecurityNoOauth2Implicit,
        &security_no_oauth2_password::SecurityNoOauth2Password,
        &security_oauth2_urls_https::SecurityOauth2UrlsHttps,
        &security_no_http_basic::SecurityNoHttpBasic,
        &security_no_api_key_in_query::SecurityNoApiKeyInQuery,
        &security_jwt_bearer_format::SecurityJwtBearerFormat,
        &security_servers_https::SecurityServersHttps,
        &security_no_credentials_in_url::SecurityNoCredentialsInUrl,
        &security_401_documented::Security401Documented,
        &security_403_documented::Security403Documented,
        &security_429_documented::Security429Documented,
        &security_retry_after_header::SecurityRetryAfterHeader,
        &security_no_numeric_ids::SecurityNoNumericIds,
        &security_string_bounded::SecurityStringBounded,
        &security_array_bounded::SecurityArrayBounded,
        &security_integer_bounded::SecurityIntegerBounded,
        &security_additional_properties_constrained::SecurityAdditionalPropertiesConstrained,
        &security_error_responses_have_schema::SecurityErrorResponsesHaveSchema,
        &versioning_semver::VersioningSemver,
        &versioning_major_version_visible::VersioningMajorVersionVisible,
        &versioning_consistent_scheme::VersioningConsistentScheme,
        &versioning_deprecation_sunset::VersioningDeprecationSunset,
        &versioning_sunset_date::VersioningSunsetDate,
        &versioning_deprecation_replacement::VersioningDeprecationReplacement,
        &documentation_operation_summary::DocumentationOperationSummary,
        &documentation_parameter_description::DocumentationParameterDescription,
        &documentation_schema_description::DocumentationSchemaDescription,
        &documentation_meaningful_description::DocumentationMeaningfulDescription,
        &documentation_error_responses::DocumentationErrorResponses,
        &documentation_problem_json::DocumentationProblemJson,
        &documentation_license_spdx::DocumentationLicenseSpdx,
        &documentation_response_example::DocumentationResponseExample,
        &security_defined_scopes_used::SecurityDefinedScopesUsed,
        &security_500_documented::Security500Documented,
        &security_rate_limit_headers::SecurityRateLimitHeaders,
        &security_integer_format::SecurityIntegerFormat,
        &security_string_restricted::SecurityStringRestricted,
        &security_defined_schemes_used::SecurityDefinedSchemesUsed,
        &versioning_initial_version::VersioningInitialVersion,
        &versioning_deprecated_parameter_replacement::VersioningDeprecatedParameterReplacement,
        &documentation_tag_description::DocumentationTagDescription,
        &documentation_request_example::DocumentationRequestExample,
        &documentation_property_description::DocumentationPropertyDescription,
        &documentation_external_docs::DocumentationExternalDocs,
        &versioning_breaking_change_needs_major::VersioningBreakingChangeNeedsMajor,
        &security_validation_error_documented::SecurityValidationErrorDocumented,
        &security_no_insecure_http_schemes::SecurityNoInsecureHttpSchemes,
        &naming_consistent_identifiers::NamingConsistentIdentifiers,
    ]
}
