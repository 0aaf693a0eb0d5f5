//! Which APIs a check covers: apictl projects (a folder with `api.yaml`/`api.json`,
//! `Definitions/` and `Docs/`, as `apictl export` writes it or `apictl init` starts it), each
//! ONE API, and OpenAPI documents outside any project, each an API of its definition alone.

use std::path::{Path, PathBuf};

use gardefou_source::{parse, Limits, Syntax};

/// What an API is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiKind {
    /// An apictl project folder: definition, metadata and documents.
    ApictlProject,
    /// An OpenAPI document on its own.
    Definition,
}

/// The files of one API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFiles {
    /// The project folder, or the definition file: the API's identity in reports.
    pub path: PathBuf,
    /// What it is.
    pub kind: ApiKind,
    /// `api.yaml` or `api.json` (projects only).
    pub metadata: Option<PathBuf>,
    /// `Definitions/swagger.yaml|yml|json` or `Definitions/asyncapi.yaml|yml|json`, or the file.
    pub definition: Option<PathBuf>,
    /// `Docs/<name>/document.yaml|yml|json`, in name order (projects only).
    pub documents: Vec<PathBuf>,
}

/// A path that cannot be checked.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DiscoverError(pub String);

/// The names of a project's metadata file, in order of preference.
const METADATA: [&str; 3] = ["api.yaml", "api.yml", "api.json"];

/// The names of a project's definition under `Definitions/`, in order of preference.
const DEFINITIONS: [&str; 6] = [
    "swagger.yaml",
    "swagger.yml",
    "swagger.json",
    "asyncapi.yaml",
    "asyncapi.yml",
    "asyncapi.json",
];

/// The APIs under `paths` (files or folders; folders are walked honouring `.gitignore`, hidden
/// entries skipped), sorted by path, each once. Files are read no further than `max_file_size`
/// to tell what they are.
pub fn discover(paths: &[PathBuf], max_file_size: usize) -> Result<Vec<ApiFiles>, DiscoverError> {
    let mut projects: Vec<PathBuf> = Vec::new();
    let mut definitions: Vec<PathBuf> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|_| DiscoverError(format!("{}: no such file or directory", p.display())))?;
        if meta.is_dir() {
            if project_metadata(p, max_file_size).is_some() {
                projects.push(p.clone());
                continue;
            }
            walk(p, max_file_size, &mut projects, &mut definitions)?;
        } else if !meta.is_file() {
            return Err(DiscoverError(format!(
                "{}: not a regular file",
                p.display()
            )));
        } else if is_metadata_file(p, max_file_size) {
            projects.push(parent(p));
        } else if let Some(project) = project_of_definition(p, max_file_size) {
            projects.push(project);
        } else {
            definitions.push(p.clone());
        }
    }
    projects.sort();
    projects.dedup();
    // A definition inside a project is that project's, not an API of its own.
    definitions.retain(|d| !projects.iter().any(|p| d.starts_with(p)));
    definitions.sort();
    definitions.dedup();
    let mut out: Vec<ApiFiles> = projects
        .into_iter()
        .map(|p| project(&p, max_file_size))
        .chain(definitions.into_iter().map(|d| ApiFiles {
            path: d.clone(),
            kind: ApiKind::Definition,
            metadata: None,
            definition: Some(d),
            documents: Vec::new(),
        }))
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn parent(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn walk(
    dir: &Path,
    max_file_size: usize,
    projects: &mut Vec<PathBuf>,
    definitions: &mut Vec<PathBuf>,
) -> Result<(), DiscoverError> {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .hidden(true)
        .build();
    for entry in walker {
        let entry =
            entry.map_err(|e| DiscoverError(format!("cannot walk {}: {e}", dir.display())))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
            continue;
        }
        if METADATA.contains(&file) && is_metadata_file(path, max_file_size) {
            projects.push(parent(path));
        } else if is_openapi(path, max_file_size) {
            definitions.push(path.to_path_buf());
        }
    }
    Ok(())
}

/// The metadata file of the project folder `dir`, if it is one.
fn project_metadata(dir: &Path, max_file_size: usize) -> Option<PathBuf> {
    METADATA
        .iter()
        .map(|m| dir.join(m))
        .find(|p| p.is_file() && is_metadata_file(p, max_file_size))
}

/// The project a definition file belongs to: `P/Definitions/swagger.yaml` with `P/api.yaml`.
fn project_of_definition(p: &Path, max_file_size: usize) -> Option<PathBuf> {
    let defs = p.parent()?;
    if defs.file_name()? != "Definitions" {
        return None;
    }
    let project = parent(defs);
    project_metadata(&project, max_file_size).map(|_| project)
}

/// Whether `p` is an apictl metadata file: named `api.yaml|yml|json`, a map with `type: api`
/// or a `data` map, and not an OpenAPI document (many of those are called `api.yaml` too). A
/// file of that name that cannot be read or parsed, and does not look like an OpenAPI
/// document, counts as one: its project is checked, and the problem reported with its place.
fn is_metadata_file(p: &Path, max_file_size: usize) -> bool {
    let file = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !METADATA.contains(&file) {
        return false;
    }
    let text = match gardefou_document::read_regular(p, max_file_size) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                return !gardefou_document::is_openapi_root_text(&String::from_utf8_lossy(
                    e.as_bytes(),
                ))
            }
        },
        Err(gardefou_document::ReadError::NotRegular(_)) => return false,
        Err(_) => return true,
    };
    let parsed = parse(&text, Syntax::guess(file, &text), &Limits::default());
    let Some(root) = parsed
        .root
        .filter(|_| !parsed.issues.iter().any(|i| i.kind.is_fatal()))
    else {
        return !gardefou_document::is_openapi_root_text(&text);
    };
    if root.get("openapi").is_some() || root.get("swagger").is_some() {
        return false;
    }
    root.get_str("type") == Some("api") || root.get("data").is_some_and(|d| d.is_object())
}

fn is_openapi(p: &Path, max_file_size: usize) -> bool {
    gardefou_document::read_regular_to_string(p, max_file_size)
        .is_ok_and(|t| gardefou_document::is_openapi_root_text(&t))
}

/// The files of the project folder `dir`.
fn project(dir: &Path, max_file_size: usize) -> ApiFiles {
    let definition = DEFINITIONS
        .iter()
        .map(|d| dir.join("Definitions").join(d))
        .find(|p| p.is_file());
    let mut documents: Vec<PathBuf> = std::fs::read_dir(dir.join("Docs"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            ["document.yaml", "document.yml", "document.json"]
                .iter()
                .map(|n| e.path().join(n))
                .find(|p| p.is_file())
        })
        .collect();
    documents.sort();
    ApiFiles {
        path: dir.to_path_buf(),
        kind: ApiKind::ApictlProject,
        metadata: project_metadata(dir, max_file_size),
        definition,
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    const OAS: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

    #[test]
    fn a_project_is_one_api_and_loose_definitions_are_apis() {
        let d = tree(&[
            (
                "p/api.yaml",
                "type: api\nversion: v4.5.0\ndata: {name: P}\n",
            ),
            ("p/Definitions/swagger.yaml", OAS),
            (
                "p/Docs/Guide/document.yaml",
                "type: document\ndata: {name: Guide}\n",
            ),
            (
                "p/Docs/FAQ/document.yaml",
                "type: document\ndata: {name: FAQ}\n",
            ),
            ("p/Docs/empty/.keep", ""),
            (
                "q/api.json",
                "{\"type\": \"api\", \"data\": {\"name\": \"Q\"}}",
            ),
            ("q/Definitions/asyncapi.yaml", "asyncapi: 2.6.0\n"),
            ("loose/api.yaml", OAS),
            ("loose/notes.yaml", "a: 1\n"),
        ]);
        let root = d.path().to_path_buf();
        let apis = discover(std::slice::from_ref(&root), 1 << 20).unwrap();
        let paths: Vec<_> = apis
            .iter()
            .map(|a| a.path.strip_prefix(&root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            paths,
            [PathBuf::from("loose/api.yaml"), "p".into(), "q".into()]
        );
        assert_eq!(apis[0].kind, ApiKind::Definition);
        let p = &apis[1];
        assert_eq!(p.kind, ApiKind::ApictlProject);
        assert_eq!(p.metadata, Some(root.join("p/api.yaml")));
        assert_eq!(p.definition, Some(root.join("p/Definitions/swagger.yaml")));
        assert_eq!(
            p.documents,
            [
                root.join("p/Docs/FAQ/document.yaml"),
                root.join("p/Docs/Guide/document.yaml")
            ]
        );
        assert_eq!(
            apis[2].definition,
            Some(root.join("q/Definitions/asyncapi.yaml"))
        );
        assert_eq!(apis[2].metadata, Some(root.join("q/api.json")));
    }

    #[test]
    fn a_file_of_a_project_names_the_project() {
        let d = tree(&[
            ("p/api.yaml", "type: api\ndata: {name: P}\n"),
            ("p/Definitions/swagger.yaml", OAS),
        ]);
        let root = d.path();
        for f in ["p/api.yaml", "p/Definitions/swagger.yaml", "p"] {
            let apis = discover(&[root.join(f)], 1 << 20).unwrap();
            assert_eq!(apis.len(), 1, "{f}");
            assert_eq!(apis[0].path, root.join("p"), "{f}");
        }
        let e = discover(&[root.join("absent")], 1 << 20).unwrap_err();
        assert!(e.0.ends_with("absent: no such file or directory"), "{e}");
    }

    #[test]
    fn an_unreadable_api_yaml_still_makes_a_project() {
        let d = tree(&[
            ("bad/api.yaml", "type: api\ndata: {name: [\n"),
            ("bad/Definitions/swagger.yaml", OAS),
            ("broken-oas/api.yaml", "openapi: 3.0.3\ninfo: {title: [\n"),
        ]);
        std::fs::create_dir_all(d.path().join("bytes")).unwrap();
        std::fs::write(
            d.path().join("bytes/api.json"),
            b"{\"type\": \"api\", \"data\": \"\xff\"}",
        )
        .unwrap();
        let root = d.path().to_path_buf();
        let apis = discover(std::slice::from_ref(&root), 1 << 20).unwrap();
        let shown: Vec<(String, ApiKind)> = apis
            .iter()
            .map(|a| {
                (
                    a.path.strip_prefix(&root).unwrap().display().to_string(),
                    a.kind,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("bad".to_string(), ApiKind::ApictlProject),
                ("broken-oas/api.yaml".to_string(), ApiKind::Definition),
                ("bytes".to_string(), ApiKind::ApictlProject),
            ]
        );
    }

    #[test]
    fn a_project_without_a_definition_is_still_an_api() {
        let d = tree(&[
            ("g/api.yaml", "type: api\ndata: {name: G, type: GRAPHQL}\n"),
            ("g/Definitions/schema.graphql", "type Query { a: Int }\n"),
        ]);
        let apis = discover(&[d.path().to_path_buf()], 1 << 20).unwrap();
        assert_eq!(apis.len(), 1);
        assert_eq!(apis[0].definition, None);
        assert!(apis[0].documents.is_empty());
    }
}
