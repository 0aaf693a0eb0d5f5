use gardefou_source::Node;

/// The specification version a document declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpecVersion {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.
    OpenApi30,
    /// OpenAPI 3.1.
    OpenApi31,
    /// OpenAPI 3.2.
    OpenApi32,
}

impl SpecVersion {
    /// Detects the version from the root node's `swagger` or `openapi` field. `None` when the
    /// document is not a recognizable OpenAPI 2.0–3.2 document.
    pub fn detect(root: &Node) -> Option<SpecVersion> {
        if let Some(v) = root.get("swagger") {
            let text = match &v.value {
                gardefou_source::Value::String(s) => s.clone(),
                gardefou_source::Value::Number(n) => format!("{}", n.as_f64()),
                _ => return None,
            };
            return (text == "2.0" || text == "2").then_some(SpecVersion::Swagger2);
        }
        let v = root.get_str("openapi")?;
        let mut parts = v.split('.');
        let (major, minor) = (parts.next()?, parts.next()?);
        match (major, minor) {
            ("3", "0") => Some(SpecVersion::OpenApi30),
            ("3", "1") => Some(SpecVersion::OpenApi31),
            ("3", "2") => Some(SpecVersion::OpenApi32),
            _ => None,
        }
    }

    /// Whether this is OpenAPI 3.x.
    pub fn is_oas3(self) -> bool {
        self != SpecVersion::Swagger2
    }

    /// Spectral's format name: `oas2`, `oas3_0`, `oas3_1`, `oas3_2`.
    pub fn format_name(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "oas2",
            SpecVersion::OpenApi30 => "oas3_0",
            SpecVersion::OpenApi31 => "oas3_1",
            SpecVersion::OpenApi32 => "oas3_2",
        }
    }

    /// The name people use: `Swagger 2.0`, `OpenAPI 3.0`, …
    pub fn label(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
            SpecVersion::OpenApi32 => "OpenAPI 3.2",
        }
    }
}
