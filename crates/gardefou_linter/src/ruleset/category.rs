//! The scorecard category of a rule a ruleset defines: `x-gardefou-category` when it says,
//! else guessed from the rule's name.

use gardefou_source::Node;

use crate::finding::Category;

/// The category of the rule `id` defined by `def`.
pub(super) fn category_of(def: &Node, id: &str) -> Category {
    def.get_str("x-gardefou-category")
        .and_then(Category::parse)
        .unwrap_or_else(|| default_category(id))
}

/// The documented default category of a rule from a ruleset that does not say: guessed from
/// its name (`security`, `version`, `description`/`summary`/`example`, casing words), else
/// design.
pub fn default_category(id: &str) -> Category {
    let id = id.to_ascii_lowercase();
    if [
        "security", "auth", "oauth", "scope", "https", "secret", "password", "token",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Security
    } else if id.contains("version") || id.contains("deprecat") || id.contains("sunset") {
        Category::Versioning
    } else if [
        "description",
        "summary",
        "example",
        "contact",
        "license",
        "doc",
        "info",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Documentation
    } else if [
        "case", "casing", "naming", "name", "kebab", "camel", "snake", "plural",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Naming
    } else if id.contains("schema") || id.contains("valid") || id.contains("ref") {
        Category::Validity
    } else {
        Category::Design
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::syntax::tests::yaml;

    #[test]
    fn the_name_decides_in_a_fixed_order() {
        let cases = [
            ("OAuth-Scopes", Category::Security),
            ("api-version-header", Category::Versioning),
            ("no-deprecated-ops", Category::Versioning),
            ("operation-summary", Category::Documentation),
            ("info-contact", Category::Documentation),
            ("path-kebab", Category::Naming),
            ("schema-type", Category::Validity),
            ("no-ref-siblings", Category::Validity),
            ("paths-no-trailing-slash", Category::Design),
            // Earlier words win: a token rule about descriptions is a security rule.
            ("token-description", Category::Security),
            ("versioned-name", Category::Versioning),
            ("example-naming", Category::Documentation),
        ];
        for (id, want) in cases {
            assert_eq!(default_category(id), want, "{id}");
        }
    }

    #[test]
    fn an_explicit_category_wins_and_an_unknown_one_is_guessed() {
        let def = yaml("x-gardefou-category: naming\n");
        assert_eq!(category_of(&def, "security-thing"), Category::Naming);
        let def = yaml("x-gardefou-category: style\n");
        assert_eq!(category_of(&def, "security-thing"), Category::Security);
        let def = yaml("given: $\n");
        assert_eq!(category_of(&def, "anything"), Category::Design);
    }
}
