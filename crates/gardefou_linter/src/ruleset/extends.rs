//! `extends` as written: entries naming a ruleset (a built-in name, a file, a package, a URL),
//! each with the mode its rules are taken in; for a JavaScript module, the built-in ruleset
//! objects and inline rulesets it extends. What the names resolve to is for [`super::resolve`].

use gardefou_source::{Node, Span, Value};

use crate::finding::Severity;

use super::setting::RuleSetting;
use super::syntax::{FromNode, SyntaxError};

/// How an extended ruleset's rules are taken: `[name, recommended|all|off]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    Recommended,
    All,
    Off,
}

impl Mode {
    fn parse(s: Option<&str>) -> Option<Mode> {
        match s {
            Some("recommended") => Some(Mode::Recommended),
            Some("all") => Some(Mode::All),
            Some("off") => Some(Mode::Off),
            _ => None,
        }
    }

    /// The setting of a rule of a ruleset extended this way.
    pub(super) fn setting(self, severity: Severity, recommended: bool) -> RuleSetting {
        match self {
            Mode::Off => RuleSetting::Off,
            Mode::All => RuleSetting::On(severity),
            Mode::Recommended if recommended => RuleSetting::On(severity),
            Mode::Recommended => RuleSetting::Off,
        }
    }
}

impl FromNode<'_> for Mode {
    fn from_node(node: &Node) -> Result<Self, SyntaxError> {
        Mode::parse(node.as_str())
            .ok_or_else(|| SyntaxError::new(node.span, "expected `recommended`, `all` or `off`"))
    }
}

/// What an `extends` entry names.
#[derive(Debug, PartialEq)]
pub(super) enum Extended<'n> {
    /// A built-in name, a file or a package.
    Named(String),
    /// A built-in ruleset object of a JavaScript module, with the rules its code changed.
    Builtin(String, Option<&'n Node>),
    /// A ruleset object of a JavaScript module.
    Inline(&'n Node),
}

/// The entries of an `extends`, in order, each with how it is taken and where it is written.
#[derive(Debug, PartialEq)]
pub(super) struct Extends<'n>(pub(super) Vec<(Extended<'n>, Mode, Span)>);

impl<'n> FromNode<'n> for Extends<'n> {
    /// `extends` of a YAML or JSON ruleset: a name, a `[name, mode]` pair, or a list of those.
    fn from_node(ext: &'n Node) -> Result<Self, SyntaxError> {
        let one = |n: &Node| -> Result<(Extended<'n>, Mode, Span), SyntaxError> {
            match &n.value {
                Value::String(s) => Ok((Extended::Named(s.clone()), Mode::Recommended, n.span)),
                Value::Array(pair) if pair.len() == 2 => {
                    let name = <&str>::from_node(&pair[0])
                        .map_err(|e| e.saying("expected a ruleset name"))?;
                    let mode = Mode::from_node(&pair[1])?;
                    Ok((Extended::Named(name.to_string()), mode, pair[0].span))
                }
                _ => Err(SyntaxError::new(
                    n.span,
                    "expected a ruleset name or a [name, recommended|all|off] pair",
                )),
            }
        };
        match &ext.value {
            Value::String(_) => Ok(Extends(vec![one(ext)?])),
            Value::Array(items) => {
                if items.len() == 2
                    && Mode::parse(items[1].as_str()).is_some()
                    && items[0].as_str().is_some()
                {
                    return Ok(Extends(vec![one(ext)?]));
                }
                items.iter().map(one).collect::<Result<_, _>>().map(Extends)
            }
            _ => Err(SyntaxError::new(
                ext.span,
                "`extends` must be a ruleset name or a list of them",
            )),
        }
    }
}

/// `extends` of a JavaScript module's ruleset, in the JSON form `ruleset.js` writes.
pub(super) struct JsExtends<'n>(pub(super) Extends<'n>);

impl<'n> FromNode<'n> for JsExtends<'n> {
    fn from_node(ext: &'n Node) -> Result<Self, SyntaxError> {
        let items = ext
            .as_array()
            .ok_or_else(|| SyntaxError::new(ext.span, "`extends` must be a list"))?;
        let entries = items
            .iter()
            .map(|e| {
                let mode = match e.get("mode") {
                    None => Mode::Recommended,
                    Some(m) => Mode::from_node(m)?,
                };
                let target = if let Some(name) = e.get_str("builtin") {
                    Extended::Builtin(name.to_string(), e.get("changed"))
                } else if let Some(tree) = e.get("inline") {
                    Extended::Inline(tree)
                } else if let Some(name) = e.get_str("name") {
                    Extended::Named(name.to_string())
                } else {
                    return Err(SyntaxError::new(
                        e.span,
                        "an `extends` entry must be a ruleset",
                    ));
                };
                Ok((target, mode, e.span))
            })
            .collect::<Result<_, _>>()?;
        Ok(JsExtends(Extends(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::syntax::tests::{place, yaml};

    fn names(text: &str) -> Result<Vec<(String, Mode)>, String> {
        let root = yaml(text);
        let ext = root.get("extends").expect("extends");
        match Extends::from_node(ext) {
            Ok(list) => Ok(list
                .0
                .into_iter()
                .map(|(e, mode, _)| match e {
                    Extended::Named(n) => (n, mode),
                    other => panic!("{other:?}"),
                })
                .collect()),
            Err(e) => Err(place(text, e)),
        }
    }

    #[test]
    fn entries_are_names_pairs_or_lists_of_them() {
        let n = |s: &str| s.to_string();
        assert_eq!(
            names("extends: spectral:oas\n"),
            Ok(vec![(n("spectral:oas"), Mode::Recommended)])
        );
        // A two-item list whose second item is a mode is one pair, not two names.
        assert_eq!(
            names("extends: [spectral:oas, off]\n"),
            Ok(vec![(n("spectral:oas"), Mode::Off)])
        );
        assert_eq!(
            names("extends: [a.yaml, b.yaml]\n"),
            Ok(vec![
                (n("a.yaml"), Mode::Recommended),
                (n("b.yaml"), Mode::Recommended)
            ])
        );
        assert_eq!(
            names("extends:\n  - [spectral:oas, all]\n  - ./house.yaml\n"),
            Ok(vec![
                (n("spectral:oas"), Mode::All),
                (n("./house.yaml"), Mode::Recommended)
            ])
        );
    }

    #[test]
    fn malformed_entries_are_reported_where_they_are() {
        assert_eq!(
            names("extends:\n  - [spectral:oas, loud]\n"),
            Err("t.yaml:2:20: expected `recommended`, `all` or `off`".into())
        );
        assert_eq!(
            names("extends:\n  - [1, all]\n  - x\n"),
            Err("t.yaml:2:6: expected a ruleset name".into())
        );
        assert_eq!(
            names("extends: [x, {a: 1}, y]\n"),
            Err(
                "t.yaml:1:14: expected a ruleset name or a [name, recommended|all|off] pair".into()
            )
        );
        assert_eq!(
            names("extends: {a: 1}\n"),
            Err("t.yaml:1:10: `extends` must be a ruleset name or a list of them".into())
        );
    }

    #[test]
    fn a_javascript_module_extends_builtins_inline_rulesets_and_names() {
        let text = r#"{"extends": [{"builtin": "spectral:oas", "mode": "all", "changed": {}},
            {"inline": {"rules": {}}}, {"name": "./x.yaml"}, {"other": 1}]}"#;
        let root = gardefou_source::parse(text, gardefou_source::Syntax::Json, &Default::default())
            .root
            .unwrap();
        let ext = root.get("extends").unwrap();
        let e = JsExtends::from_node(ext)
            .err()
            .expect("the last entry is no ruleset");
        assert_eq!(e.message, "an `extends` entry must be a ruleset");
        assert_eq!(e.span, ext.index(3).unwrap().span);
        let items = ext.as_array().unwrap();
        let three = Node::new(Value::Array(items[..3].to_vec()), ext.span);
        let JsExtends(Extends(list)) = JsExtends::from_node(&three).unwrap();
        assert!(
            matches!(&list[0], (Extended::Builtin(n, Some(_)), Mode::All, _) if n == "spectral:oas")
        );
        assert!(matches!(
            &list[1],
            (Extended::Inline(_), Mode::Recommended, _)
        ));
        assert_eq!(list[2].0, Extended::Named("./x.yaml".into()));
    }
}
