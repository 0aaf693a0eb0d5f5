//! JavaScript's `localeCompare` (ICU root collation) for the ASCII names Spectral compares:
//! the order of its output files and of `alphabetical`.

/// Primary weight of a character in the Unicode root collation, as JavaScript's
/// `localeCompare` uses it: punctuation first (in its collation order), then digits, then
/// letters case-insensitively.
fn weight(c: char) -> u32 {
    const PUNCT: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    if let Some(i) = PUNCT.find(c) {
        return 1 + i as u32;
    }
    if c.is_ascii_digit() {
        return 100 + c as u32 - '0' as u32;
    }
    if c.is_alphabetic() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        return 1000 + lower as u32;
    }
    if c.is_whitespace() {
        return 0;
    }
    200 + c as u32 % 700
}

/// Orders two names as `a.localeCompare(b)` does for ASCII file names: by primary weights,
/// then lower case before upper case, then code points.
pub fn locale_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let pa = a.chars().map(weight);
    let pb = b.chars().map(weight);
    pa.cmp(pb)
        .then_with(|| {
            let ta = a.chars().map(|c| c.is_uppercase());
            let tb = b.chars().map(|c| c.is_uppercase());
            ta.cmp(tb)
        })
        .then_with(|| a.cmp(b))
}
