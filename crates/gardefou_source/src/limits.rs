/// Resource limits applied while reading a document. Hitting one is a diagnostic with a
/// location, never a crash.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_size: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
    /// Most nodes in one file, aliases expanded.
    pub max_nodes: usize,
    /// Most nodes created by expanding YAML aliases.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 256 * 1024 * 1024,
            max_depth: 256,
            max_nodes: 20_000_000,
            max_alias_nodes: 1_000_000,
        }
    }
}
