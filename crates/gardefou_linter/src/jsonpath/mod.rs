//! JSONPath in Spectral's dialect (JSONPath-Plus as run by nimma), evaluated over the spanned
//! tree so every match keeps its position.
//!
//! Supported: `$`, `.name`, `..`, `*`, `[...]` unions of names (bare or quoted), indices and
//! slices, `^` (parent), `~` (property name), and filters `[?(...)]` in the JavaScript subset
//! real rulesets use (see [`Expr`]).

use gardefou_document::DocumentSet;

mod eval;
mod expr;
mod parse;

pub use eval::{continue_from, select, select_many, Match, MatchTarget, Seg, Step};
pub use expr::{js_number, string_to_number, Expr, Val};
pub use parse::{parse_path, FilterHints, JsonPath, PathError, Segment, Selector};

/// How the tree is seen: as written, or with every resolvable `$ref` replaced by its target
/// (Spectral's "resolved" document; a reference back into its own ancestors stays a `$ref`).
#[derive(Clone, Copy)]
pub enum TreeView<'a> {
    /// As written, `$ref`s included.
    Raw,
    /// With `$ref`s followed through this set.
    Resolved(&'a DocumentSet),
}
