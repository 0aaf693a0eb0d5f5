//! `aliases`: named `given` paths (`#OperationObject`), plain or per format, and their
//! expansion for one document version. `spectral:oas` brings its own.

use std::collections::HashMap;
use std::sync::OnceLock;

use gardefou_model::SpecVersion;
use gardefou_source::{parse, Limits, Node, Syntax, Value};

use crate::declarative::Format;

use super::syntax::{Formats, FromNode, Strings, SyntaxError};

/// The aliases `spectral:oas` defines.
const SPECTRAL_OAS_ALIASES: &str = r##"
PathItem: ["$.paths[*]"]
OperationObject: ["#PathItem[get,put,post,delete,options,head,patch,trace]"]
SecurityRequirementObject: ["$.security[*]", "#OperationObject.security[*]"]
ResponseObject:
  targets:
    - formats: [oas2]
      given: ["#OperationObject.responses[*]", "$.responses[*]"]
    - formats: [oas3]
      given: ["#OperationObject.responses[*]", "$.components.responses[*]"]
LinkObject:
  targets:
    - formats: [oas3]
      given: ["$.components.links[*]", "#ResponseObject.links[*]"]
ArrayProperties:
  targets:
    - formats: [oas2, oas3_0]
      given: ['$..[?(@ && @.type=="array")]']
    - formats: [oas3_1, oas3_2]
      given: ['$..[?(@ && @.type=="array")]', '$..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("array"))]']
"##;

/// An alias: plain paths, or paths per format.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Alias {
    Plain(Vec<String>),
    Scoped(Vec<(Vec<Format>, Vec<String>)>),
}

/// The aliases a ruleset sees, by name (without the `#`).
pub(super) type Aliases = HashMap<String, Alias>;

impl FromNode<'_> for Aliases {
    fn from_node(n: &Node) -> Result<Self, SyntaxError> {
        let members = n
            .as_object()
            .ok_or_else(|| SyntaxError::new(n.span, "`aliases` must be an object"))?;
        let mut out = Aliases::new();
        for m in members {
            let alias = match &m.value.value {
                Value::Object(_) => {
                    let targets =
                        m.value
                            .get("targets")
                            .and_then(Node::as_array)
                            .ok_or_else(|| {
                                SyntaxError::new(m.value.span, "a scoped alias needs `targets`")
                            })?;
                    let mut scoped = Vec::new();
                    for t in targets {
                        let need = |key: &str| {
                            t.get(key).ok_or_else(|| {
                                SyntaxError::new(t.span, format!("an alias target needs `{key}`"))
                            })
                        };
                        let formats = Formats::from_node(need("formats")?)?.0;
                        let given = Strings::from_node(need("given")?)?.0;
                        scoped.push((formats, given));
                    }
                    Alias::Scoped(scoped)
                }
                _ => Alias::Plain(Strings::from_node(&m.value)?.0),
            };
            out.insert(m.key.clone(), alias);
        }
        Ok(out)
    }
}

/// The aliases of `spectral:oas`.
pub(super) fn builtin_aliases() -> &'static Aliases {
    static ALIASES: OnceLock<Aliases> = OnceLock::new();
    ALIASES.get_or_init(|| {
        Aliases::from_node(
            &parse(SPECTRAL_OAS_ALIASES, Syntax::Yaml, &Limits::default())
                .root
                .expect("aliases parse"),
        )
        .expect("built-in aliases are valid")
    })
}

/// Expands `#Alias` references for one document version (recursively).
pub(super) fn expand(
    given: &str,
    aliases: &Aliases,
    version: Option<SpecVersion>,
    depth: usize,
) -> Result<Vec<String>, String> {
    let Some(rest) = given.strip_prefix('#') else {
        return Ok(vec![given.to_string()]);
    };
    if depth > 16 {
        return Err(format!("alias `{given}` expands into itself"));
    }
    let end = rest.find(['.', '[', ' ']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let alias = aliases
        .get(name)
        .ok_or_else(|| format!("unknown alias `#{name}`"))?;
    let bases: Vec<String> = match alias {
        Alias::Plain(p) => p.clone(),
        Alias::Scoped(targets) => match version {
            None => Vec::new(),
            Some(v) => targets
                .iter()
                .filter(|(fs, _)| fs.iter().any(|f| f.matches(v)))
                .flat_map(|(_, g)| g.clone())
                .collect(),
        },
    };
    let mut out = Vec::new();
    for b in bases {
        for e in expand(&b, aliases, version, depth + 1)? {
            out.push(format!("{e}{tail}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::syntax::tests::{place, yaml};

    fn aliases(text: &str) -> Aliases {
        Aliases::from_node(&yaml(text)).expect("valid aliases")
    }

    #[test]
    fn plain_aliases_expand_with_their_tail_and_nest() {
        let a = aliases("Op: ['$.paths[*][get,put]']\nParams: ['#Op.parameters', '$.x']\n");
        assert_eq!(
            expand("#Params[*].name", &a, None, 0).unwrap(),
            ["$.paths[*][get,put].parameters[*].name", "$.x[*].name"]
        );
        assert_eq!(expand("$.info", &a, None, 0).unwrap(), ["$.info"]);
        assert_eq!(
            expand("#Nope.x", &a, None, 0).unwrap_err(),
            "unknown alias `#Nope`"
        );
    }

    #[test]
    fn scoped_aliases_expand_per_version_and_to_nothing_without_one() {
        let a = aliases(
            "R:\n  targets:\n    - formats: [oas2]\n      given: $.responses\n    - formats: [oas3]\n      given: [$.components.responses]\n",
        );
        let at = |v| expand("#R[*]", &a, v, 0).unwrap();
        assert_eq!(at(Some(SpecVersion::Swagger2)), ["$.responses[*]"]);
        assert_eq!(
            at(Some(SpecVersion::OpenApi31)),
            ["$.components.responses[*]"]
        );
        assert!(at(None).is_empty());
    }

    #[test]
    fn a_cycle_of_aliases_is_an_error() {
        let a = aliases("A: ['#B']\nB: ['#A.x']\n");
        assert_eq!(
            expand("#A", &a, None, 0).unwrap_err(),
            "alias `#B` expands into itself"
        );
    }

    #[test]
    fn malformed_aliases_are_reported_where_they_are() {
        let text = "A:\n  targets:\n    - given: $.x\n";
        let e = Aliases::from_node(&yaml(text)).unwrap_err();
        assert_eq!(
            place(text, e),
            "t.yaml:3:7: an alias target needs `formats`"
        );
        let text = "A: {given: $.x}\n";
        let e = Aliases::from_node(&yaml(text)).unwrap_err();
        assert_eq!(place(text, e), "t.yaml:1:4: a scoped alias needs `targets`");
        let text = "- A\n";
        let e = Aliases::from_node(&yaml(text)).unwrap_err();
        assert_eq!(place(text, e), "t.yaml:1:1: `aliases` must be an object");
    }

    #[test]
    fn the_builtin_aliases_reach_operations_per_version() {
        let a = builtin_aliases();
        let ops = expand("#OperationObject", a, None, 0).unwrap();
        assert_eq!(
            ops,
            ["$.paths[*][get,put,post,delete,options,head,patch,trace]"]
        );
        let links = expand("#LinkObject", a, Some(SpecVersion::OpenApi30), 0).unwrap();
        assert_eq!(links.len(), 3, "{links:?}");
        assert!(expand("#LinkObject", a, Some(SpecVersion::Swagger2), 0)
            .unwrap()
            .is_empty());
    }
}
