//! Rules every run has (Spectral reports these whatever the ruleset): the input could be read.
/// `duplicate-key`: a key written twice in one object.
pub mod duplicate_key;
/// `invalid-ref`: a `$ref` that cannot be followed.
pub mod invalid_ref;
/// `parser`: a file that is not readable YAML/JSON, or hit a limit.
pub mod parser;
/// `unrecognized-format`: a document that is not OpenAPI.
pub mod unrecognized_format;
/// `unused-suppression`: an `x-gardefou-ignore` entry that silences nothing.
pub mod unused_suppression;
