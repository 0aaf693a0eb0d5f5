//! Rules every run has (Spectral reports these whatever the ruleset): the input could be read.
pub mod duplicate_key;
pub mod invalid_ref;
pub mod parser;
pub mod unrecognized_format;
pub mod unused_suppression;
