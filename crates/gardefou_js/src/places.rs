//! Places in messages: the ruleset file, line and column of a QuickJS stack, and file names
//! shown relative to the working directory.

use std::path::{Path, PathBuf};

use crate::PRELUDE_NAME;

/// (file, line, column) of the innermost frame that is not gardefou's own, from a QuickJS stack.
pub(super) fn location_of(stack: &str) -> Option<(String, u32, u32)> {
    stack.lines().find_map(|l| {
        let inner = l.trim().strip_prefix("at ")?;
        let place = match (inner.rfind('('), inner.ends_with(')')) {
            (Some(i), true) => &inner[i + 1..inner.len() - 1],
            _ => inner,
        };
        if place.starts_with(PRELUDE_NAME) || place.starts_with("<native>") {
            return None;
        }
        let (rest, column) = place.rsplit_once(':')?;
        let (file, line) = rest.rsplit_once(':')?;
        Some((file.to_string(), line.parse().ok()?, column.parse().ok()?))
    })
}

/// A file name as messages show it: relative to the working directory (with `..` where it
/// leaves it), else as given.
pub fn shown_path(p: &Path) -> String {
    match std::env::current_dir().and_then(|c| c.canonicalize()) {
        Ok(cwd) => relative_to(p, &cwd).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

pub(super) fn relative(place: &str) -> String {
    shown_path(Path::new(place))
}

/// `p` relative to `base` (both absolute), with `..` where it leaves `base`.
fn relative_to(p: &Path, base: &Path) -> PathBuf {
    let (pc, bc): (Vec<_>, Vec<_>) = (p.components().collect(), base.components().collect());
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        // Nothing in common but the root: the absolute path says more.
        return p.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_working_folder() {
        let r = |p: &str, b: &str| {
            relative_to(Path::new(p), Path::new(b))
                .display()
                .to_string()
        };
        assert_eq!(
            r("/work/shared/rs/functions/f.js", "/work/main"),
            "../shared/rs/functions/f.js"
        );
        assert_eq!(
            r("/work/main/functions/f.js", "/work/main"),
            "functions/f.js"
        );
        assert_eq!(r("/tmp/x/f.js", "/work/main"), "/tmp/x/f.js");
    }

    #[test]
    fn locations_come_from_the_innermost_ruleset_frame() {
        let stack = "    at f (<gardefou>:12:3)\n    at check (/r/functions/a.js:3:12)\n    at <anonymous> (/r/functions/b.js:1:1)\n";
        assert_eq!(
            location_of(stack),
            Some(("/r/functions/a.js".into(), 3, 12))
        );
        assert_eq!(location_of("    at <native>\n"), None);
    }
}
