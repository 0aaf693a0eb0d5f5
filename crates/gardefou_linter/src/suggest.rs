//! "Did you mean …?" for a mistyped name.

/// The candidate closest to `name`, when it is close enough to be a likely typo: at most a
/// third of the name's characters edited (adjacent swaps count as one edit), and at least one
/// edit allowed. Ties go to the first candidate given.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = name.chars().count();
    let budget = (len / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        // The distance is at least the difference in length: a candidate that could not beat
        // the budget, or the best so far, is not measured (the full measure allocates, and a
        // mistyped entry is checked against every rule of the extended rulesets).
        let bound = best.map_or(budget, |(b, _)| b.saturating_sub(1));
        if c.chars().count().abs_diff(len) > bound {
            continue;
        }
        let d = strsim::damerau_levenshtein(name, c);
        if d <= budget && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let ids = ["oas3-schema", "oas2-schema", "info-contact"];
        assert_eq!(did_you_mean("oas3-schemaa", ids), Some("oas3-schema"));
        assert_eq!(did_you_mean("oas3-shcema", ids), Some("oas3-schema"));
        assert_eq!(did_you_mean("info-contcat", ids), Some("info-contact"));
        assert_eq!(did_you_mean("operation-tags", ids), None);
        assert_eq!(did_you_mean("x", ids), None);
    }

    /// The length filter changes no answer: the same choice as measuring every candidate.
    #[test]
    fn the_length_filter_gives_what_measuring_every_candidate_gives() {
        fn unfiltered<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
            let budget = (name.chars().count() / 3).max(1);
            let mut best: Option<(usize, &'a str)> = None;
            for &c in candidates {
                let d = strsim::damerau_levenshtein(name, c);
                if c != name && d <= budget && best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, c));
                }
            }
            best.map(|(_, c)| c)
        }
        let ids = [
            "oas3-schema",
            "oas2-schema",
            "oas3-schemas",
            "info-contact",
            "info-contacts",
            "operation-tags",
            "operation-tag-defined",
            "é-rule",
            "ée-rule",
            "a",
            "ab",
            "abc",
            "abcd",
            "tag-description",
            "tags-description",
            "path-params",
            "path-keys-no-trailing-slash",
        ];
        let mut names: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        for id in ids {
            for cut in 0..id.len() {
                if id.is_char_boundary(cut) {
                    names.push(format!("{}x{}", &id[..cut], &id[cut..]));
                    names.push(format!(
                        "{}{}",
                        &id[..cut],
                        &id[cut..].get(1..).unwrap_or("")
                    ));
                }
            }
        }
        for name in &names {
            assert_eq!(did_you_mean(name, ids), unfiltered(name, &ids), "{name}");
        }
    }
}
