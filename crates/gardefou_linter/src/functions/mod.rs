//! Rule functions: Spectral's core functions and its OpenAPI functions, with Spectral's
//! semantics and messages. A function is built once per `then` from its options (bad options
//! are a ruleset error), then called for every target.

mod casing;
mod core;
pub mod example;
pub mod js;
mod oas;
mod schema;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::{Api, SpecVersion};
use gardefou_source::{Node, PathSeg};
use serde_json::Value as Json;

use crate::jsonpath::{Seg, TreeView, Val};

pub use schema::{is_uuid, json_schema_errors, SchemaDialect};

/// What a function is called with.
pub struct Input<'a> {
    /// The target value; `None` when the `field` does not exist (JavaScript `undefined`).
    pub value: Option<&'a Node>,
    /// Set when the target is a property name (`~` in `given`, `field: '@key'`).
    pub key: Option<std::borrow::Cow<'a, str>>,
    /// The target's path in the (resolved) document, borrowed from the tree and the rule
    /// ([`Input::path_owned`] for an owned copy, made only when a function reports something).
    pub path: Vec<Seg<'a>>,
    /// The file the target lives in.
    pub file: FileId,
    /// How many trailing segments of `path` do not exist (a `field` that is not there).
    pub missing: usize,
}

impl<'a> Input<'a> {
    /// The target as a JavaScript value.
    pub fn val(&self) -> Val<'_> {
        match (&self.key, self.value) {
            (Some(k), _) => Val::Str(std::borrow::Cow::Borrowed(k)),
            (None, Some(n)) => Val::of(n),
            (None, None) => Val::Undefined,
        }
    }

    /// The target's path as owned segments (for a result's path).
    pub fn path_owned(&self) -> Vec<PathSeg> {
        self.path.iter().map(|s| s.to_path_seg()).collect()
    }

    /// The target's property name, when it is a key or its value is a string.
    pub fn as_str(&self) -> Option<&str> {
        self.key
            .as_deref()
            .or_else(|| self.value.and_then(Node::as_str))
    }

    /// The target's property name as Spectral prints it: the last key, or for a target that
    /// does not exist, the last existing key and the missing ones (`parameters.operationId`).
    pub fn property_name(&self) -> String {
        let from = self.path.len().saturating_sub(self.missing + 1);
        self.path[from..]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Spectral's `#{{print("property")}}`, left in the message: the engine fills it in
    /// from where the finding is reported (`"name" property `, `"[0].x-internal" property `,
    /// `The document `), as Spectral templates function messages.
    pub fn print_property(&self) -> String {
        "#{{print(\"property\")}}".to_string()
    }

    /// Spectral's `#{{print("value")}}`.
    pub fn print_value(&self) -> String {
        print_value(&self.val())
    }
}

/// A value as Spectral's `{{value}}` prints it: strings quoted, objects and arrays by kind.
pub fn print_value(v: &Val<'_>) -> String {
    match v {
        Val::Str(s) => format!("\"{s}\""),
        Val::Undefined => "undefined".into(),
        Val::Node(n) if n.is_object() => "Object{}".into(),
        Val::Node(_) => "Array[]".into(),
        other => other.to_js_string(),
    }
}

/// What functions may look at besides their target.
pub struct FnContext<'a> {
    /// The document set.
    pub set: &'a DocumentSet,
    /// Its model, when the root is an API description.
    pub api: Option<&'a Api<'a>>,
    /// Its specification version, when known.
    pub version: Option<SpecVersion>,
    /// The view the rule runs on (resolved or raw).
    pub view: TreeView<'a>,
    /// The root of the document.
    pub root: &'a Node,
    /// Caches shared by the functions of one document's run (compiled example schemas).
    pub caches: &'a std::sync::Mutex<example::Caches>,
    /// The document's JavaScript sandbox, for rules with ruleset functions.
    pub js: Option<&'a js::JsSession>,
}

/// Follows a `$ref` (the resolved view): the target, or the node itself.
pub fn deref_node<'a>(cx: &FnContext<'a>, file: FileId, node: &'a Node) -> (FileId, &'a Node) {
    oas::deref(cx, file, node)
}

/// One problem a function found. `path`, when set, is the full path of the node at fault;
/// otherwise the target's path is used.
#[derive(Clone, Debug, PartialEq)]
pub struct FnResult {
    /// What is wrong.
    pub message: String,
    /// The full path of the node at fault, when it is not the target.
    pub path: Option<Vec<PathSeg>>,
    /// The function itself failed (a JavaScript error or limit): the message is shown as it
    /// is, not through the rule's message template.
    pub failure: bool,
}

impl FnResult {
    /// A problem at the target.
    pub fn new(message: impl Into<String>) -> FnResult {
        FnResult {
            message: message.into(),
            path: None,
            failure: false,
        }
    }

    /// A problem at `path`.
    pub fn at(message: impl Into<String>, path: Vec<PathSeg>) -> FnResult {
        FnResult {
            message: message.into(),
            path: Some(path),
            failure: false,
        }
    }
}

/// A rule function with its options applied.
pub trait Function: Send + Sync {
    /// The problems of one target.
    fn call(&self, input: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult>;
}

/// Builds the function `name` with `options`. Errors say what is wrong with the options.
pub fn build(name: &str, options: &Json) -> Result<Box<dyn Function>, String> {
    if let Some(f) = core::build(name, options)? {
        return Ok(f);
    }
    if let Some(f) = oas::build(name, options)? {
        return Ok(f);
    }
    Err(format!("unknown function `{name}`"))
}

/// Whether `name` is a function gardefou provides.
pub fn is_known(name: &str) -> bool {
    core::NAMES.contains(&name) || oas::NAMES.contains(&name)
}
