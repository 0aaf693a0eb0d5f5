//! "Did you mean …?" for a mistyped name.

/// The candidate closest to `name`, when it is close enough to be a likely typo: at most a
/// third of the name's characters edited (adjacent swaps count as one edit), and at least one
/// edit allowed. Ties go to the first candidate given.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let budget = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
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
}
