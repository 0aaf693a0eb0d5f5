//! `casing`: a string follows a naming convention (flat, camel, pascal, kebab, cobol, snake,
//! macro), optionally without digits and with a separator between cased parts.

use serde_json::Value as Json;

use super::{FnContext, FnResult, Function, Input};
use crate::ecma_regex::EcmaRegex;

pub const TYPES: &[&str] = &[
    "flat", "camel", "pascal", "kebab", "cobol", "snake", "macro",
];

pub struct Casing {
    kind: String,
    regex: EcmaRegex,
}

fn base_pattern(kind: &str, digits: &str) -> Option<String> {
    Some(match kind {
        "flat" => format!("[a-z][a-z{digits}]*"),
        "camel" => format!("[a-z][a-z{digits}]*(?:[A-Z{digits}](?:[a-z{digits}]+|$))*"),
        "pascal" => format!("[A-Z][a-z{digits}]*(?:[A-Z{digits}](?:[a-z{digits}]+|$))*"),
        "kebab" => format!("[a-z][a-z{digits}]*(?:-[a-z{digits}]+)*"),
        "cobol" => format!("[A-Z][A-Z{digits}]*(?:-[A-Z{digits}]+)*"),
        "snake" => format!("[a-z][a-z{digits}]*(?:_[a-z{digits}]+)*"),
        "macro" => format!("[A-Z][A-Z{digits}]*(?:_[A-Z{digits}]+)*"),
        _ => return None,
    })
}

fn escape(c: &str) -> String {
    c.chars()
        .map(|ch| {
            if "\\^$.|?*+()[]{}-/".contains(ch) {
                format!("\\{ch}")
            } else {
                ch.to_string()
            }
        })
        .collect()
}

impl Casing {
    pub fn new(o: &Json) -> Result<Casing, String> {
        let kind = o
            .get("type")
            .and_then(Json::as_str)
            .ok_or("`casing` needs `type`")?;
        let digits = if o.get("disallowDigits").and_then(Json::as_bool) == Some(true) {
            ""
        } else {
            "0-9"
        };
        let base = base_pattern(kind, digits).ok_or_else(|| {
            format!(
                "`casing` type must be one of {}; found `{kind}`",
                TYPES.join(", ")
            )
        })?;
        let pattern = match o.get("separator") {
            Some(sep) => {
                let ch = sep
                    .get("char")
                    .and_then(Json::as_str)
                    .filter(|c| c.chars().count() == 1)
                    .ok_or("`casing` separator needs `char`, one character")?;
                let sep_re = format!("[{}]", escape(ch));
                let leading = if sep.get("allowLeading").and_then(Json::as_bool) == Some(true) {
                    format!("{sep_re}?")
                } else {
                    String::new()
                };
                format!("^{leading}{base}(?:{sep_re}{base})*$")
            }
            None => format!("^(?:{base})$"),
        };
        let regex = EcmaRegex::new(&pattern, "").map_err(|e| format!("casing pattern: {e}"))?;
        Ok(Casing {
            kind: kind.to_string(),
            regex,
        })
    }
}

impl Function for Casing {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(s) = i.as_str() else { return vec![] };
        if s.is_empty() {
            return vec![];
        }
        match self.regex.is_match(s) {
            Ok(true) => vec![],
            Ok(false) => vec![FnResult::new(format!(
                "{} must be {} case",
                i.print_value(),
                self.kind
            ))],
            Err(e) => vec![FnResult::new(format!(
                "{} could not be checked for {} case: {e}",
                i.print_value(),
                self.kind
            ))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(kind: &str, s: &str) -> bool {
        let c = Casing::new(&serde_json::json!({"type": kind})).unwrap();
        c.regex.is_match(s) == Ok(true)
    }

    #[test]
    fn conventions() {
        assert!(ok("camel", "getUserById") && !ok("camel", "GetUser") && ok("camel", "v2Api"));
        assert!(ok("pascal", "UserAccount") && !ok("pascal", "userAccount"));
        assert!(ok("kebab", "user-accounts") && !ok("kebab", "user_accounts"));
        assert!(
            ok("snake", "user_id")
                && ok("macro", "USER_ID")
                && ok("cobol", "USER-ID")
                && ok("flat", "userid")
        );
        let sep = Casing::new(
            &serde_json::json!({"type": "kebab", "separator": {"char": "/", "allowLeading": true}}),
        )
        .unwrap();
        assert_eq!(sep.regex.is_match("/users/user-id"), Ok(true));
        assert_eq!(sep.regex.is_match("/Users"), Ok(false));
    }
}
