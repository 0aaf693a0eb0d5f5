//! Bearer tokens: 32 random bytes shown once as `gf_` and 64 hex digits; only their SHA-256
//! is stored. Scopes say what a token may do.

use sha2::{Digest, Sha256};

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Submit definitions for validation (`POST /api/v1/validations`).
    Validate,
    /// Read the history, the policies and the dashboard.
    Read,
    /// Everything.
    Admin,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 3] = [Scope::Validate, Scope::Read, Scope::Admin];

    /// `gardefou:validate`, `gardefou:read` or `gardefou:admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Validate => "gardefou:validate",
            Scope::Read => "gardefou:read",
            Scope::Admin => "gardefou:admin",
        }
    }

    /// The scope named `s` (with or without the `gardefou:` prefix).
    pub fn parse(s: &str) -> Option<Scope> {
        let s = s.trim();
        let s = s.strip_prefix("gardefou:").unwrap_or(s);
        Scope::ALL
            .into_iter()
            .find(|sc| sc.as_str().strip_prefix("gardefou:") == Some(s))
    }

    /// Whether a token with `granted` may do what needs `self` (`admin` may do anything).
    pub fn allowed_by(self, granted: &[Scope]) -> bool {
        granted.contains(&self) || granted.contains(&Scope::Admin)
    }
}

/// A new random token (`gf_` and 64 hex digits).
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("gf_{}", hex(&bytes)))
}

/// The stored form of a token: its SHA-256, in hex.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A random id for a run (16 bytes, hex).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: a time-and-counter id is still unique in this process.
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        return format!("{t:x}{n:08x}");
    }
    hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 64);
        // SHA-256 of "abc", from FIPS 180-2.
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn scopes() {
        assert_eq!(Scope::parse("read"), Some(Scope::Read));
        assert_eq!(Scope::parse("gardefou:validate"), Some(Scope::Validate));
        assert_eq!(Scope::parse("gardefou:write"), None);
        assert!(Scope::Read.allowed_by(&[Scope::Admin]));
        assert!(!Scope::Read.allowed_by(&[Scope::Validate]));
    }
}
