//! Rules of Spectral's `spectral:oas` ruleset, with Spectral's names, severities and formats.
pub mod oas2_schema;
pub mod oas3_schema;
