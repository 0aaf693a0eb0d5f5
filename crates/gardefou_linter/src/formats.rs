//! The document formats of Spectral's `formats` (`oas2`, `oas3`, `oas3_0`, `oas3_1`, `oas3_2`) as
//! a typed enum: what rulesets, rule metadata and the declarative engine select documents by. A
//! leaf: it depends on the model's version type only.

use gardefou_model::SpecVersion;

/// A document format, as Spectral names them in `formats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Swagger 2.0.
    Oas2,
    /// Any OpenAPI 3.x.
    Oas3,
    /// OpenAPI 3.0.
    Oas3_0,
    /// OpenAPI 3.1.
    Oas3_1,
    /// OpenAPI 3.2.
    Oas3_2,
}

impl Format {
    /// Reads Spectral's format names (`oas3_1`, `oas3.1`, …).
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "oas2" => Format::Oas2,
            "oas3" => Format::Oas3,
            "oas3.0" | "oas3_0" => Format::Oas3_0,
            "oas3.1" | "oas3_1" => Format::Oas3_1,
            "oas3.2" | "oas3_2" => Format::Oas3_2,
            _ => return None,
        })
    }

    /// Spectral's name for it (`oas3_1`, never the dotted spelling).
    pub fn name(self) -> &'static str {
        match self {
            Format::Oas2 => "oas2",
            Format::Oas3 => "oas3",
            Format::Oas3_0 => "oas3_0",
            Format::Oas3_1 => "oas3_1",
            Format::Oas3_2 => "oas3_2",
        }
    }

    /// Whether documents of version `v` have this format.
    pub fn matches(self, v: SpecVersion) -> bool {
        matches!(
            (self, v),
            (Format::Oas2, SpecVersion::Swagger2)
                | (
                    Format::Oas3,
                    SpecVersion::OpenApi30 | SpecVersion::OpenApi31 | SpecVersion::OpenApi32
                )
                | (Format::Oas3_0, SpecVersion::OpenApi30)
                | (Format::Oas3_1, SpecVersion::OpenApi31)
                | (Format::Oas3_2, SpecVersion::OpenApi32)
        )
    }
}
