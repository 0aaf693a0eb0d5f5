//! Where ruleset code may import from: Spectral's packages (built in) and files of the ruleset's
//! own folder. Nothing else: no `fs`, no network, no `node_modules`.

use std::path::{Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module, Result};

/// The packages ruleset code may import, served by the prelude.
pub const BUILTINS: [&str; 4] = [
    "@stoplight/spectral-core",
    "@stoplight/spectral-functions",
    "@stoplight/spectral-formats",
    "@stoplight/spectral-rulesets",
];

/// Why an import is refused, shown to the ruleset author.
pub fn refused(spec: &str) -> String {
    format!(
        "cannot import `{spec}`: ruleset functions run in a sandbox; they may import \
         @stoplight/spectral-core, @stoplight/spectral-functions, @stoplight/spectral-formats, \
         @stoplight/spectral-rulesets and files of the ruleset's folder, not Node.js modules, packages, the file system or \
         the network"
    )
}

/// Resolves `spec` imported from the module `from` (an absolute file name, or empty for the
/// loader itself) to a file under one of `roots`.
pub fn resolve_file(
    roots: &[PathBuf],
    from: &str,
    spec: &str,
) -> std::result::Result<PathBuf, String> {
    if !(spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/')) {
        return Err(refused(spec));
    }
    let base = Path::new(from).parent().unwrap_or(Path::new("/"));
    let joined = base.join(spec);
    let candidates = [
        joined.clone(),
        joined.with_extension("js"),
        PathBuf::from(format!("{}.js", joined.display())),
        PathBuf::from(format!("{}.cjs", joined.display())),
        PathBuf::from(format!("{}.mjs", joined.display())),
        joined.join("index.js"),
    ];
    for c in candidates {
        if c.is_file() {
            let canonical = c
                .canonicalize()
                .map_err(|e| format!("{}: {e}", c.display()))?;
            if roots.iter().any(|r| canonical.starts_with(r)) {
                return Ok(canonical);
            }
            return Err(format!(
                "cannot import `{spec}`: {} is outside the ruleset's folder",
                canonical.display()
            ));
        }
    }
    Err(format!(
        "cannot import `{spec}`: no such file beside {from}"
    ))
}

/// Whether a file is an ES module (it has `import`/`export` statements) rather than CommonJS.
pub fn is_es_module(source: &str) -> bool {
    source.lines().any(|l| {
        let t = l.trim_start();
        (t.starts_with("export ") || t.starts_with("export{") || t.starts_with("export default"))
            || (t.starts_with("import ")
                && (t.contains(" from ") || t.contains('\'') || t.contains('"')))
            || t.starts_with("import{")
    })
}

/// The source of a module as QuickJS evaluates it: ES modules as they are; CommonJS wrapped so
/// that `module.exports` (or its `default`, for transpiled code) is the default export. The
/// wrapper keeps the file's line numbers.
pub fn module_source(name: &str, source: &str) -> String {
    if is_es_module(source) {
        return source.to_string();
    }
    let name = serde_json::to_string(name).unwrap_or_else(|_| "\"\"".into());
    format!(
        "{CJS_MODULE_PREFIX}{source}\n}})(module, module.exports, globalThis.__gf.makeRequire({name}));\n\
         const e = module.exports;\n\
         export default (e !== null && typeof e === 'object' && 'default' in e) ? e.default : e;\n"
    )
}

/// What comes before a CommonJS file's first line when it is loaded as a module; its length is
/// taken off columns on line 1 in error locations.
pub const CJS_MODULE_PREFIX: &str =
    "const module = { exports: {} }; (function (module, exports, require) { ";

/// What comes before a CommonJS file's first line when it is `require`d.
pub const CJS_FUNCTION_PREFIX: &str = "(function (module, exports, require) { ";

/// Names of the files loaded through a wrapper, with the wrapper's length on line 1.
pub type Wrapped = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>;

/// A built-in package as an ES module: the prelude's object as default export, each of its
/// members as a named export.
fn builtin_source(ctx: &Ctx<'_>, name: &str) -> Result<String> {
    let key = serde_json::to_string(name).unwrap_or_default();
    let exports: Vec<String> = ctx.eval(format!("Object.keys(globalThis.__gf.builtins[{key}])"))?;
    let mut out = format!("const b = globalThis.__gf.builtins[{key}];\nexport default b;\n");
    for e in exports {
        let local = format!("_{e}");
        out.push_str(&format!(
            "const {local} = b.{e};\nexport {{ {local} as {e} }};\n"
        ));
    }
    Ok(out)
}

/// The module resolver and loader installed in every sandbox.
pub struct RulesetModules {
    pub roots: Vec<PathBuf>,
    pub wrapped: Wrapped,
}

impl Resolver for RulesetModules {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if BUILTINS.contains(&name) {
            return Ok(name.to_string());
        }
        match resolve_file(&self.roots, base, name) {
            Ok(p) => Ok(p.display().to_string()),
            Err(message) => Err(rquickjs::Exception::throw_message(ctx, &message)),
        }
    }
}

impl Loader for RulesetModules {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if BUILTINS.contains(&name) {
            return Module::declare(ctx.clone(), name, builtin_source(ctx, name)?);
        }
        let path = Path::new(name);
        if !self.roots.iter().any(|r| path.starts_with(r)) {
            return Err(Error::new_loading_message(
                name,
                "outside the ruleset's folder",
            ));
        }
        let source = gardefou_document::read_regular_to_string(
            path,
            gardefou_source::Limits::default().max_file_size,
        )
        .map_err(|e| Error::new_loading_message(name, e.to_string()))?;
        if !is_es_module(&source) {
            if let Ok(mut w) = self.wrapped.lock() {
                w.insert(name.to_string(), CJS_MODULE_PREFIX.chars().count());
            }
        }
        Module::declare(ctx.clone(), name, module_source(name, &source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_es_modules_from_commonjs() {
        assert!(is_es_module("export default (x) => [];"));
        assert!(is_es_module(
            "import { pattern } from '@stoplight/spectral-functions';\n"
        ));
        assert!(!is_es_module("'use strict';\nexports.default = (x) => [];"));
        assert!(!is_es_module(
            "module.exports = function (x) { return []; };"
        ));
    }

    #[test]
    fn only_relative_imports_inside_the_roots_resolve() {
        let t = std::env::temp_dir().join(format!("gf-js-{}", std::process::id()));
        std::fs::create_dir_all(t.join("functions")).unwrap();
        std::fs::write(t.join("functions/a.js"), "export default 1;").unwrap();
        std::fs::write(t.join("outside.js"), "export default 1;").unwrap();
        let root = t.join("functions").canonicalize().unwrap();
        let from = root.join("b.js").display().to_string();
        assert!(resolve_file(std::slice::from_ref(&root), &from, "./a").is_ok());
        assert!(resolve_file(std::slice::from_ref(&root), &from, "./a.js").is_ok());
        let err = resolve_file(std::slice::from_ref(&root), &from, "../outside.js").unwrap_err();
        assert!(err.contains("outside the ruleset"), "{err}");
        assert!(resolve_file(std::slice::from_ref(&root), &from, "fs")
            .unwrap_err()
            .contains("sandbox"));
        std::fs::remove_dir_all(&t).unwrap();
    }
}
