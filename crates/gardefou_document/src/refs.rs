/// A `$ref` value split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefTarget {
    /// The file part, percent-decoded; empty for a reference inside the same file.
    pub file: String,
    /// The JSON pointer of the fragment, percent-decoded (`~0`/`~1` still escaped); empty for
    /// the whole document.
    pub pointer: String,
    /// Whether the reference is an absolute `http(s)` URL or another URI scheme.
    pub remote: bool,
}

/// Splits and decodes a `$ref` string. Errors name what is wrong with it.
pub fn parse_ref(reference: &str) -> Result<RefTarget, String> {
    let (file, fragment) = match reference.split_once('#') {
        Some((f, frag)) => (f, frag),
        None => (reference, ""),
    };
    let remote = file.contains("://") || file.starts_with("urn:");
    let file = percent_decode(file).ok_or_else(|| format!("`{reference}` has a bad %-escape"))?;
    let pointer =
        percent_decode(fragment).ok_or_else(|| format!("`{reference}` has a bad %-escape"))?;
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "`{reference}`: the fragment must be a JSON pointer starting with `/`"
        ));
    }
    Ok(RefTarget {
        file,
        pointer,
        remote,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_decodes() {
        let t = parse_ref("./a%20b.yaml#/paths/~1users~1%7Bid%7D").unwrap();
        assert_eq!(t.file, "./a b.yaml");
        assert_eq!(t.pointer, "/paths/~1users~1{id}");
        assert!(!t.remote);
        assert!(parse_ref("https://x.org/a.yaml#/A").unwrap().remote);
        assert!(parse_ref("#A").is_err());
        assert!(parse_ref("#/a/%%%").is_err());
        assert_eq!(parse_ref("#").unwrap().pointer, "");
    }
}
