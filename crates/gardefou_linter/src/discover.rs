//! Which ruleset applies to a folder: the nearest `.gardefou.yaml` or `.spectral.yaml|yml|json`,
//! looking up from the folder to the top of its git repository. `lint`, `score` and the
//! language server find it the same way.

use std::path::{Path, PathBuf};

/// Ruleset file names, in order of preference within one folder.
pub const RULESET_NAMES: [&str; 4] = [
    ".gardefou.yaml",
    ".spectral.yaml",
    ".spectral.yml",
    ".spectral.json",
];

/// The nearest ruleset file from `start` upwards, stopping at the folder holding `.git`.
/// A ruleset that is a FIFO or a device is returned (and refused when loaded), not silently
/// replaced by the default one.
pub fn find_ruleset(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        for name in RULESET_NAMES {
            let p = dir.join(name);
            if std::fs::metadata(&p).is_ok_and(|m| !m.is_dir()) {
                return Some(p);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Whether `path` names a ruleset file that discovery would find.
pub fn is_ruleset_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| RULESET_NAMES.contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_first_and_stops_at_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        std::fs::create_dir_all(top.join("repo/.git")).unwrap();
        std::fs::create_dir_all(top.join("repo/apis/a")).unwrap();
        // Above the repository: never found from inside it.
        std::fs::write(top.join(".spectral.yaml"), "extends: []\n").unwrap();
        assert_eq!(find_ruleset(&top.join("repo/apis/a")), None);
        std::fs::write(top.join("repo/.spectral.yaml"), "extends: []\n").unwrap();
        assert_eq!(
            find_ruleset(&top.join("repo/apis/a")),
            Some(top.join("repo/.spectral.yaml"))
        );
        // Nearer wins; within a folder `.gardefou.yaml` wins.
        std::fs::write(top.join("repo/apis/.spectral.json"), "{}").unwrap();
        std::fs::write(top.join("repo/apis/.gardefou.yaml"), "extends: []\n").unwrap();
        assert_eq!(
            find_ruleset(&top.join("repo/apis/a")),
            Some(top.join("repo/apis/.gardefou.yaml"))
        );
        assert!(is_ruleset_name(Path::new("x/.spectral.yml")));
        assert!(!is_ruleset_name(Path::new("x/spectral.yml")));
    }
}
