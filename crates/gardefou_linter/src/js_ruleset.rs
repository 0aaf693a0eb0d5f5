//! Rulesets that are JavaScript modules (`.js`, `.mjs`, `.cjs`, or a package whose entry is
//! one), as the published Spectral rulesets ship: the module runs once in the sandbox and its
//! default export is read back as a ruleset (see `gardefou_js`'s `ruleset.js` for the form).

use std::path::{Path, PathBuf};

use gardefou_js::{JsError, Sandbox};

use crate::functions::js::{core_functions, JsLimits};

/// Whether a ruleset file is a JavaScript module.
pub fn is_module(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "js" || e == "mjs" || e == "cjs")
}

/// The project a ruleset module belongs to, where its imports resolve: the folder holding the
/// `node_modules` it was found in, else the nearest folder above it with a `node_modules` or
/// a `package.json` of its own, else its own folder.
pub fn project_root(module: &Path) -> PathBuf {
    let folder = module.parent().unwrap_or(Path::new("/"));
    // Inside a package under node_modules: the folder above that node_modules.
    let mut found_in: Option<&Path> = None;
    for dir in folder.ancestors() {
        if dir.file_name().is_some_and(|n| n == "node_modules") {
            found_in = dir.parent();
        }
    }
    if let Some(project) = found_in {
        return project.to_path_buf();
    }
    folder
        .ancestors()
        .find(|d| d.join("node_modules").is_dir() || d.join("package.json").is_file())
        .unwrap_or(folder)
        .to_path_buf()
}

/// Runs the module in a fresh sandbox and returns its ruleset in gardefou's JSON form; `Err` is
/// the message of a load error (with `file:line:column` where the module's code failed).
pub fn describe(module: &Path, limits: JsLimits) -> Result<String, String> {
    let root = project_root(module);
    let mut sandbox = Sandbox::new(vec![root], limits, core_functions())?;
    sandbox.load_ruleset(module).map_err(|e| match e {
        JsError::Load { message, location } => match location {
            Some(l) => format!("the JavaScript ruleset cannot be loaded: {message} (at {l})"),
            None => format!("the JavaScript ruleset cannot be loaded: {message}"),
        },
        other => format!("the JavaScript ruleset cannot be loaded: it {other}"),
    })
}
