//! JSONPath in Spectral's dialect (JSONPath-Plus as run by nimma), evaluated over the spanned
//! tree so every match keeps its position.
//!
//! Supported: `$`, `.name`, `..`, `*`, `[...]` unions of names (bare or quoted), indices and
//! slices, `^` (parent), `~` (property name), and filters `[?(...)]` in the JavaScript subset
//! real rulesets use (see [`Expr`]).

mod eval;
mod expr;
mod parse;

pub use eval::{continue_from, select, select_many, Match, MatchTarget, Seg, Step, TreeView};
pub use expr::{js_number, string_to_number, Expr, Val};
pub use parse::{parse_path, FilterHints, JsonPath, PathError, Segment, Selector};
