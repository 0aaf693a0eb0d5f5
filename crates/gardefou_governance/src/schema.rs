//! The JSON Schema (draft-07) of the `labels:` and `policies:` sections, which
//! `gardefou schema` adds to the schema of `.gardefou.yaml`.

use serde_json::{json, Value};

use crate::builtin::BUILTIN_POLICIES;

/// `(key, schema)` of each top-level section this crate reads.
pub fn sections() -> Vec<(&'static str, Value)> {
    let stage = json!({"enum": ["create", "update", "deploy", "publish"]});
    let policy = json!({
        "type": "object",
        "description": "A governance policy: rulesets, the APIs they govern, when, and what a violation does.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "description": "Unique among the policies."},
            "description": {"type": "string"},
            "appliesTo": {
                "description": "The APIs it governs: those with one of the labels, or all.",
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {"labels": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}},
                        "required": ["labels"],
                        "additionalProperties": false,
                    },
                    {
                        "type": "object",
                        "properties": {"all": {"const": true}},
                        "required": ["all"],
                        "additionalProperties": false,
                    },
                ],
            },
            "stages": {
                "description": "The stages it is evaluated at (default: all four).",
                "type": "array",
                "items": stage,
                "minItems": 1,
                "uniqueItems": true,
            },
            "rulesets": {
                "description": "Built-in names or files relative to this file; a ruleset validates its `x-gardefou-target` (default definition) unless `target` says otherwise.",
                "type": "array",
                "minItems": 1,
                "items": {
                    "oneOf": [
                        {"type": "string", "minLength": 1},
                        {
                            "type": "object",
                            "properties": {
                                "ruleset": {"type": "string", "minLength": 1},
                                "target": {"enum": ["definition", "metadata", "documentation"]},
                            },
                            "required": ["ruleset"],
                            "additionalProperties": false,
                        },
                    ],
                },
            },
            "actions": {
                "description": "What violations of a severity do at a stage; any pair not listed notifies. `block` only at deploy and publish.",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "stage": stage,
                        "severity": {"enum": ["error", "warn", "info"]},
                        "action": {"enum": ["notify", "block"]},
                    },
                    "required": ["stage", "severity", "action"],
                    "additionalProperties": false,
                    "if": {"properties": {"stage": {"enum": ["create", "update"]}}},
                    "then": {"properties": {"action": {"const": "notify"}}},
                },
            },
        },
        "required": ["name", "appliesTo", "rulesets"],
        "patternProperties": {"^x-": {}},
        "additionalProperties": false,
    });
    vec![
        (
            "labels",
            json!({
                "description": "Labels by location (`gardefou check`): label → globs of API folders or files, relative to this file.",
                "type": "object",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                    ],
                },
            }),
        ),
        (
            "policies",
            json!({
                "description": "Governance policies (`gardefou check`): written out, or a built-in policy by name.",
                "type": "array",
                "items": {"oneOf": [{"enum": BUILTIN_POLICIES}, policy]},
            }),
        ),
    ]
}
