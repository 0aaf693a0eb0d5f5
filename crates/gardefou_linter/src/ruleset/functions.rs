//! A ruleset's JavaScript functions: `functions` (names) and `functionsDir` (where their files
//! are) of a YAML or JSON ruleset, or the JavaScript module the ruleset is.

use std::path::{Path, PathBuf};

use gardefou_source::Node;

use super::error::{Problems, Src};

/// A ruleset file's JavaScript functions: the names it lists and where they live.
#[derive(Default)]
pub(super) struct JsFunctions {
    pub(super) names: Vec<String>,
    /// `functionsDir` (default `functions/`) beside the ruleset, canonical.
    pub(super) dir: PathBuf,
    /// The ruleset's folder (for a JavaScript module, its project), canonical: imports may not
    /// leave it.
    pub(super) root: PathBuf,
    /// The JavaScript module the ruleset is, whose `then`s hold its functions.
    pub(super) module: Option<PathBuf>,
}

/// A ruleset that is a JavaScript module.
pub(super) struct JsModule {
    /// The module file, canonical.
    pub(super) file: PathBuf,
    /// Its project (where its imports resolve), canonical.
    pub(super) root: PathBuf,
}

/// `functionsDir` and `functions`: the ruleset's JavaScript functions, each of which must exist.
pub(super) fn functions_of(
    root: &Node,
    base: &Path,
    js: Option<&JsModule>,
    src: &Src<'_>,
    problems: &mut Problems,
) -> JsFunctions {
    let mut functions = JsFunctions {
        root: js.map_or_else(|| base.to_path_buf(), |m| m.root.clone()),
        module: js.map(|m| m.file.clone()),
        ..JsFunctions::default()
    };
    let dir_name = match root.get("functionsDir") {
        None => "functions",
        Some(d) => problems
            .take(
                d.as_str()
                    .ok_or_else(|| src.err(Some(d.span), "`functionsDir` must be a folder name")),
            )
            .unwrap_or("functions"),
    };
    functions.dir = base.join(dir_name);
    let Some(f) = root.get("functions") else {
        return functions;
    };
    let list =
        problems
            .take(f.as_array().ok_or_else(|| {
                src.err(Some(f.span), "`functions` must be a list of function names")
            }))
            .unwrap_or_default();
    for item in list {
        let name = item
            .as_str()
            .ok_or_else(|| src.err(Some(item.span), "a function name must be a string"));
        let Some(name) = problems.take(name) else {
            continue;
        };
        let file = functions.dir.join(format!("{name}.js"));
        if !file.is_file() {
            problems.push(src.err(
                Some(item.span),
                format!(
                    "function `{name}`: {} does not exist (functions load from `functionsDir`, default `functions/` beside the ruleset)",
                    file.display()
                ),
            ));
            continue;
        }
        functions.names.push(name.to_string());
    }
    functions.dir = functions.dir.canonicalize().unwrap_or(functions.dir);
    functions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::syntax::tests::yaml;

    /// The functions of ruleset `text` in folder `base`, and its problems as lines.
    fn read(text: &str, base: &Path, js: Option<&JsModule>) -> (JsFunctions, Vec<String>) {
        let src = Src::new("r.yaml", text, false);
        let mut problems = Problems::default();
        let f = functions_of(&yaml(text), base, js, &src, &mut problems);
        let lines = match problems.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.all().map(|e| e.line()).collect(),
        };
        (f, lines)
    }

    #[test]
    fn functions_load_from_functions_dir_beside_the_ruleset() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("fns")).unwrap();
        std::fs::write(base.join("fns/isKebab.js"), "export default () => {};\n").unwrap();
        let (f, problems) = read("functionsDir: fns\nfunctions: [isKebab]\n", &base, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.names, ["isKebab"]);
        assert_eq!(f.dir, base.join("fns"));
        assert_eq!((f.root, f.module), (base.clone(), None));
        // Without `functions`, the folder is not required to exist.
        let (f, problems) = read("rules: {}\n", &base, None);
        assert!(problems.is_empty() && f.names.is_empty());
        assert_eq!(f.dir, base.join("functions"));
    }

    #[test]
    fn each_missing_or_malformed_function_is_a_problem_at_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        std::fs::create_dir_all(base.join("functions")).unwrap();
        std::fs::write(base.join("functions/ok.js"), "").unwrap();
        let (f, problems) = read("functions:\n  - nope\n  - 3\n  - ok\n", base, None);
        assert_eq!(f.names, ["ok"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("r.yaml:2:5: function `nope`: "),
            "{problems:?}"
        );
        assert!(problems[0].ends_with("nope.js does not exist (functions load from `functionsDir`, default `functions/` beside the ruleset)"));
        assert_eq!(problems[1], "r.yaml:3:5: a function name must be a string");
        let (_, problems) = read("functionsDir: [a]\nfunctions: ok\n", base, None);
        assert_eq!(
            problems,
            [
                "r.yaml:1:15: `functionsDir` must be a folder name",
                "r.yaml:2:12: `functions` must be a list of function names"
            ]
        );
    }

    #[test]
    fn a_javascript_module_is_its_own_functions_file_in_its_project() {
        let module = JsModule {
            file: PathBuf::from("/p/rules/ruleset.js"),
            root: PathBuf::from("/p"),
        };
        let (f, problems) = read("rules: {}\n", Path::new("/p/rules"), Some(&module));
        assert!(problems.is_empty());
        assert_eq!(f.module.as_deref(), Some(Path::new("/p/rules/ruleset.js")));
        assert_eq!(f.root, Path::new("/p"));
    }
}
