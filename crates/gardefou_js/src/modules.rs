//! Where ruleset code may import from, resolved as Node.js resolves it but only inside the
//! sandbox's roots (the ruleset's project): Spectral's packages (built in; they win over
//! `node_modules`), the inert stand-ins of the Node.js built-ins listed in [`NODE_STUBS`], files
//! (relative or absolute), and packages of `node_modules` folders from the importing file's
//! folder up to a root (never above it): package.json `exports` (conditions `require`, `node`,
//! `default` — also for an `import` in the ruleset's own files, since Spectral bundles those and
//! `require`s the packages they import; `import` inside packages), subpaths and `*` patterns,
//! `main`, `index.js`, and extension completion (`.js`, `.json`, `.cjs`, `.mjs`). Nothing else:
//! no file system, no network.

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

/// The Node.js built-ins the sandbox provides as inert stand-ins (no file system, network,
/// process or real environment), as `name` or `node:name`. See the prelude for what each holds.
pub const NODE_STUBS: [&str; 8] = [
    "assert", "events", "os", "path", "process", "tty", "url", "util",
];

/// Node.js built-ins that are not provided: importing one is refused with [`refused`], and a
/// package of the same name in `node_modules` is not used instead (as in Node.js).
const NODE_REFUSED: [&str; 42] = [
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "perf_hooks",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "stream/promises",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
    "path/posix",
    "path/win32",
    "util/types",
    "sea",
    "test",
];

/// Why an import is refused, shown to the ruleset author.
pub fn refused(spec: &str) -> String {
    format!(
        "cannot import `{spec}`: ruleset functions run in a sandbox; they may import \
         @stoplight/spectral-core, @stoplight/spectral-functions, @stoplight/spectral-formats, \
         @stoplight/spectral-rulesets, the stand-ins of Node.js's {}, files of the ruleset's folder \
         and packages of its node_modules, not the file system, the network or the rest of Node.js",
        NODE_STUBS.join(", ")
    )
}

/// How a file is imported: the package.json `exports` conditions differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `import` (the `import` condition).
    Import,
    /// `require()` (the `require` condition).
    Require,
}

impl Kind {
    fn conditions(self) -> [&'static str; 3] {
        match self {
            Kind::Import => ["import", "node", "default"],
            Kind::Require => ["require", "node", "default"],
        }
    }
}

/// What an import names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A package the prelude provides, by its module name (`node:os` for Node's).
    Builtin(String),
    /// A file under one of the roots (canonical).
    File(PathBuf),
}

/// The module name of a built-in, if `spec` names one; `Err` when it is a Node.js built-in
/// that the sandbox refuses.
pub fn builtin(spec: &str) -> std::result::Result<Option<String>, String> {
    if BUILTINS.contains(&spec) {
        return Ok(Some(spec.to_string()));
    }
    let bare = spec.strip_prefix("node:");
    let name = bare.unwrap_or(spec);
    if NODE_STUBS.contains(&name) {
        return Ok(Some(format!("node:{name}")));
    }
    if bare.is_some() || NODE_REFUSED.contains(&name) {
        return Err(refused(spec));
    }
    Ok(None)
}

fn is_relative(spec: &str) -> bool {
    spec == "." || spec == ".." || spec.starts_with("./") || spec.starts_with("../")
}

/// Resolves `spec` imported (or required) from the module `from` (an absolute file name, or a
/// name without a folder for the loader itself).
pub fn resolve(
    roots: &[PathBuf],
    from: &str,
    spec: &str,
    kind: Kind,
) -> std::result::Result<Found, String> {
    if let Some(b) = builtin(spec)? {
        return Ok(Found::Builtin(b));
    }
    let base = Path::new(from).parent().unwrap_or(Path::new("/"));
    let found = if is_relative(spec) || spec.starts_with('/') {
        let joined = base.join(spec);
        file_or_directory(&joined, kind)?.ok_or_else(|| {
            format!(
                "cannot import `{spec}`: no such file beside {}",
                shown(from)
            )
        })?
    } else {
        package(roots, base, from, spec, kind)?
    };
    inside(roots, spec, &found).map(Found::File)
}

/// A file under one of the roots: the old name of [`resolve`] for relative imports.
pub fn resolve_file(
    roots: &[PathBuf],
    from: &str,
    spec: &str,
) -> std::result::Result<PathBuf, String> {
    match resolve(roots, from, spec, Kind::Require)? {
        Found::File(p) => Ok(p),
        Found::Builtin(b) => Err(format!("`{spec}` is the built-in package {b}, not a file")),
    }
}

fn shown(from: &str) -> String {
    crate::shown_path(Path::new(from))
}

/// The canonical `path`, when it is under a root.
fn inside(roots: &[PathBuf], spec: &str, path: &Path) -> std::result::Result<PathBuf, String> {
    let canonical = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if roots.iter().any(|r| canonical.starts_with(r)) {
        Ok(canonical)
    } else {
        Err(format!(
            "cannot import `{spec}`: {} is outside the ruleset's folder",
            canonical.display()
        ))
    }
}

/// Node's LOAD_AS_FILE then LOAD_AS_DIRECTORY.
fn file_or_directory(p: &Path, kind: Kind) -> std::result::Result<Option<PathBuf>, String> {
    if let Some(f) = as_file(p) {
        return Ok(Some(f));
    }
    as_directory(p, kind)
}

fn as_file(p: &Path) -> Option<PathBuf> {
    if p.is_file() {
        return Some(p.to_path_buf());
    }
    for ext in ["js", "json", "cjs", "mjs"] {
        let c = PathBuf::from(format!("{}.{ext}", p.display()));
        if c.is_file() {
            return Some(c);
        }
    }
    None
}

fn index_of(p: &Path) -> Option<PathBuf> {
    ["index.js", "index.json", "index.cjs", "index.mjs"]
        .iter()
        .map(|i| p.join(i))
        .find(|c| c.is_file())
}

fn as_directory(p: &Path, _kind: Kind) -> std::result::Result<Option<PathBuf>, String> {
    if !p.is_dir() {
        return Ok(None);
    }
    if let Some(manifest) = read_manifest(p)? {
        if let Some(main) = manifest.get("main").and_then(|m| m.as_str()) {
            if !main.is_empty() {
                let m = p.join(main);
                if let Some(f) = as_file(&m).or_else(|| index_of(&m)) {
                    return Ok(Some(f));
                }
            }
        }
    }
    Ok(index_of(p))
}

/// A folder's `package.json`, when it has one.
fn read_manifest(dir: &Path) -> std::result::Result<Option<serde_json::Value>, String> {
    let file = dir.join("package.json");
    if !file.is_file() {
        return Ok(None);
    }
    let text = gardefou_document::read_regular_to_string(
        &file,
        gardefou_source::Limits::default().max_file_size,
    )
    .map_err(|e| format!("{}: {e}", file.display()))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}: not JSON: {e}", crate::shown_path(&file)))
}

/// `(package name, subpath)` of a bare specifier: `@a/b/c` → (`@a/b`, `./c`), `a` → (`a`, `.`).
fn split_package(spec: &str) -> Option<(&str, String)> {
    let mut parts = spec.splitn(3, '/');
    let first = parts.next()?;
    let (name_len, rest) = if first.starts_with('@') {
        let second = parts.next().filter(|s| !s.is_empty())?;
        (first.len() + 1 + second.len(), parts.next())
    } else {
        (first.len(), spec.split_once('/').map(|(_, r)| r))
    };
    if first.is_empty() || first == "@" {
        return None;
    }
    let sub = match rest {
        None | Some("") => ".".to_string(),
        Some(r) => format!("./{r}"),
    };
    Some((&spec[..name_len], sub))
}

/// Node's LOAD_NODE_MODULES, climbing from `base` but never above the roots.
fn package(
    roots: &[PathBuf],
    base: &Path,
    from: &str,
    spec: &str,
    kind: Kind,
) -> std::result::Result<PathBuf, String> {
    let Some((name, sub)) = split_package(spec) else {
        return Err(format!("cannot import `{spec}`: not a valid package name"));
    };
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let mut dir = Some(base.as_path());
    while let Some(d) = dir {
        if !roots.iter().any(|r| d.starts_with(r)) {
            break;
        }
        if d.file_name().is_some_and(|n| n == "node_modules") {
            dir = d.parent();
            continue;
        }
        let pkg = d.join("node_modules").join(name);
        if pkg.is_dir() {
            if let Some(manifest) = read_manifest(&pkg)? {
                if let Some(exports) = manifest.get("exports") {
                    return exported(&pkg, exports, &sub, kind).ok_or_else(|| {
                        format!(
                            "cannot import `{spec}`: package `{name}` ({}) exports no `{sub}` for {}",
                            crate::shown_path(&pkg),
                            match kind {
                                Kind::Import => "import",
                                Kind::Require => "require",
                            }
                        )
                    });
                }
            }
        }
        let target = d.join("node_modules").join(spec);
        if let Some(f) = file_or_directory(&target, kind)? {
            return Ok(f);
        }
        dir = d.parent();
    }
    Err(format!(
        "cannot import `{spec}` from {}: no package `{name}` in the node_modules folders from \
         there up to the ruleset's folder",
        shown(from)
    ))
}

/// The file package.json `exports` maps `sub` (`.` or `./x`) to, for `kind`.
fn exported(pkg: &Path, exports: &serde_json::Value, sub: &str, kind: Kind) -> Option<PathBuf> {
    let subpaths = match exports {
        serde_json::Value::Object(m) if m.keys().any(|k| k.starts_with('.')) => Some(m),
        _ => None,
    };
    let target = match subpaths {
        // Sugar: the whole `exports` is the target of ".".
        None => {
            if sub != "." {
                return None;
            }
            target_of(pkg, exports, None, kind)
        }
        Some(map) => {
            if let Some(t) = map.get(sub) {
                if !sub.contains('*') {
                    return target_of(pkg, t, None, kind);
                }
            }
            // `./x/*` patterns: the longest prefix wins.
            let mut best: Option<(&str, &serde_json::Value, String)> = None;
            for (k, t) in map {
                let Some((prefix, suffix)) = k.split_once('*') else {
                    continue;
                };
                if sub.len() >= prefix.len() + suffix.len()
                    && sub.starts_with(prefix)
                    && sub.ends_with(suffix)
                    && best.as_ref().is_none_or(|(p, _, _)| prefix.len() > p.len())
                {
                    let star = sub[prefix.len()..sub.len() - suffix.len()].to_string();
                    best = Some((prefix, t, star));
                }
            }
            let (_, t, star) = best?;
            target_of(pkg, t, Some(&star), kind)
        }
    }?;
    target.is_file().then_some(target)
}

/// A target of `exports`: a `./` path (with `*` replaced), an array of fallbacks, or an object
/// of conditions tried in their order.
fn target_of(pkg: &Path, t: &serde_json::Value, star: Option<&str>, kind: Kind) -> Option<PathBuf> {
    match t {
        serde_json::Value::String(s) => {
            let s = match star {
                Some(x) => s.replace('*', x),
                None => s.clone(),
            };
            let rel = s.strip_prefix("./")?;
            if rel
                .split('/')
                .any(|seg| seg == ".." || seg == "node_modules")
            {
                return None;
            }
            Some(pkg.join(rel))
        }
        serde_json::Value::Array(items) => items
            .iter()
            .find_map(|i| target_of(pkg, i, star, kind).filter(|p| p.is_file())),
        serde_json::Value::Object(conditions) => conditions
            .iter()
            .filter(|(c, _)| kind.conditions().contains(&c.as_str()))
            .find_map(|(_, v)| target_of(pkg, v, star, kind)),
        _ => None,
    }
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

/// Whether the file at `path` with `source` is an ES module: `.mjs`, never `.cjs` or `.json`,
/// else by its statements.
pub fn is_es_file(path: &Path, source: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("mjs") => true,
        Some("cjs") | Some("json") => false,
        _ => is_es_module(source),
    }
}

/// What comes before a CommonJS file's first line when it runs; its length is taken off
/// columns on line 1 in error locations.
pub const CJS_FUNCTION_PREFIX: &str =
    "(function (exports, require, module, __filename, __dirname) { ";

/// Names of the files loaded through a wrapper, with the wrapper's length on line 1.
pub type Wrapped = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>;

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// An ES module whose default export is `object` (JavaScript that evaluates to it) and whose
/// named exports are the `names` of its members.
fn facade(object: &str, default: &str, names: &[String]) -> String {
    let mut out = format!("const e = {object};\nexport default {default};\n");
    for (i, n) in names
        .iter()
        .filter(|n| is_identifier(n) && *n != "default")
        .enumerate()
    {
        out.push_str(&format!("const _{i} = e.{n};\nexport {{ _{i} as {n} }};\n"));
    }
    out
}

/// A built-in package as an ES module: the prelude's object as default export, each of its
/// members as a named export.
fn builtin_source(ctx: &Ctx<'_>, name: &str) -> Result<String> {
    let key = serde_json::to_string(name).unwrap_or_default();
    let object = format!("globalThis.__gf.builtins[{key}]");
    let names: Vec<String> = ctx.eval(format!("Object.keys({object})"))?;
    Ok(facade(&object, "e", &names))
}

/// A CommonJS (or JSON) file as an ES module: it runs now, through the same cache as `require`
/// (so both see one instance); `module.exports` (or its `default`, for transpiled code) is the
/// default export, its members the named exports.
fn commonjs_source(ctx: &Ctx<'_>, name: &str) -> Result<String> {
    let key = serde_json::to_string(name).unwrap_or_default();
    let object = format!("globalThis.__gf.requireFile({key})");
    let names: Vec<String> = ctx.eval(format!(
        "(function (e) {{ return (e !== null && (typeof e === 'object' || typeof e === 'function')) ? Object.keys(e) : []; }})({object})"
    ))?;
    Ok(facade(
        &object,
        "(e !== null && typeof e === 'object' && 'default' in e) ? e.default : e",
        &names,
    ))
}

/// The module resolver and loader installed in every sandbox.
pub struct RulesetModules {
    pub roots: Vec<PathBuf>,
}

impl Resolver for RulesetModules {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        // Spectral bundles a ruleset's own files and leaves their bare imports to Node's
        // `require`: from those files, packages resolve with the `require` condition; inside
        // packages, ES modules import as Node imports them.
        let kind = if Path::new(base)
            .components()
            .any(|c| c.as_os_str() == "node_modules")
        {
            Kind::Import
        } else {
            Kind::Require
        };
        match resolve(&self.roots, base, name, kind) {
            Ok(Found::Builtin(b)) => Ok(b),
            Ok(Found::File(p)) => Ok(p.display().to_string()),
            Err(message) => {
                // QuickJS gives no stack for a failed import: name its line ourselves.
                let e = rquickjs::Exception::from_message(ctx.clone(), &message)?;
                if let Some((line, column)) = import_line(&self.roots, base, name) {
                    e.set("stack", format!("    at {base}:{line}:{column}\n"))?;
                }
                Err(ctx.throw(e.into_value()))
            }
        }
    }
}

/// (line, column) of the first import of `spec` in the file `base`, both from 1.
fn import_line(roots: &[PathBuf], base: &str, spec: &str) -> Option<(usize, usize)> {
    let source = read_module(roots, base).ok()?;
    let quoted = [
        format!("'{spec}'"),
        format!("\"{spec}\""),
        format!("`{spec}`"),
    ];
    source.lines().enumerate().find_map(|(i, line)| {
        let at = quoted.iter().filter_map(|q| line.find(q.as_str())).min()?;
        Some((i + 1, line[..at].chars().count() + 1))
    })
}

/// Reads a file that a resolution found: it must be under a root.
pub fn read_module(roots: &[PathBuf], name: &str) -> std::result::Result<String, String> {
    let path = Path::new(name);
    if !roots.iter().any(|r| path.starts_with(r)) {
        return Err(format!("{name}: outside the ruleset's folder"));
    }
    gardefou_document::read_regular_to_string(
        path,
        gardefou_source::Limits::default().max_file_size,
    )
    .map_err(|e| format!("{}: {e}", crate::shown_path(path)))
}

impl Loader for RulesetModules {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if BUILTINS.contains(&name) || name.starts_with("node:") {
            return Module::declare(ctx.clone(), name, builtin_source(ctx, name)?);
        }
        let source =
            read_module(&self.roots, name).map_err(|m| Error::new_loading_message(name, m))?;
        if is_es_file(Path::new(name), &source) {
            return Module::declare(ctx.clone(), name, source);
        }
        Module::declare(ctx.clone(), name, commonjs_source(ctx, name)?)
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
    fn package_names_and_subpaths() {
        assert_eq!(split_package("lodash"), Some(("lodash", ".".into())));
        assert_eq!(
            split_package("lodash/get"),
            Some(("lodash", "./get".into()))
        );
        assert_eq!(split_package("@a/b"), Some(("@a/b", ".".into())));
        assert_eq!(
            split_package("@a/b/src/c"),
            Some(("@a/b", "./src/c".into()))
        );
        assert_eq!(split_package("@a"), None);
    }

    #[test]
    fn node_built_ins_are_stubs_or_refused() {
        assert_eq!(builtin("os"), Ok(Some("node:os".into())));
        assert_eq!(builtin("node:util"), Ok(Some("node:util".into())));
        assert!(builtin("fs").unwrap_err().contains("sandbox"));
        assert!(builtin("node:fs").unwrap_err().contains("sandbox"));
        assert!(builtin("node:anything").is_err());
        assert_eq!(builtin("lodash"), Ok(None));
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
