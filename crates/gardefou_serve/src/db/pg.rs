//! PostgreSQL: the URL (checked, and shown without its password), connections that are made
//! again after the server went away, and which of its errors mean "not now" (503).
//!
//! The client is `postgres`, rust-postgres' synchronous one: each connection runs on a small
//! runtime of its own, driven from the thread that calls it. Every call comes from a
//! `spawn_blocking` thread of the service (or from the CLI), never from an async task.

use std::str::FromStr;
use std::time::Duration;

/// A checked PostgreSQL URL.
#[derive(Clone)]
pub(crate) struct PgUrl {
    config: postgres::Config,
}

/// Whether `s` names a PostgreSQL database rather than a file.
pub(crate) fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// `s` with whatever sits between the user name and the host (the password), and any
/// `password=` parameter, left out.
pub(crate) fn redact(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_string();
    };
    let head_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (head, tail) = rest.split_at(head_end);
    let tail = match tail.strip_prefix('?') {
        Some(q) => {
            let kept: Vec<&str> = q
                .split('&')
                .filter(|kv| !kv.to_ascii_lowercase().starts_with("password="))
                .collect();
            if kept.is_empty() {
                String::new()
            } else {
                format!("?{}", kept.join("&"))
            }
        }
        None => tail.to_string(),
    };
    match head.rfind('@') {
        Some(at) => {
            let user = head[..at].split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{}{tail}", &head[at + 1..])
        }
        None => format!("{scheme}://{head}{tail}"),
    }
}

impl PgUrl {
    /// Checks the URL: a form the client understands, and no TLS asked for (this build
    /// connects without it: loopback or a private network).
    pub(crate) fn parse(url: &str) -> Result<PgUrl, String> {
        if let Some((_, query)) = url.split_once('?') {
            for kv in query.split('&') {
                if let Some(mode) = kv.strip_prefix("sslmode=") {
                    if !matches!(mode, "disable" | "allow" | "prefer") {
                        return Err(format!(
                            "sslmode={mode}: gardefou connects to PostgreSQL without TLS (a server on loopback or a private network); use sslmode=disable, or reach the server through a TLS tunnel"
                        ));
                    }
                }
            }
        }
        // `allow` is libpq's; the client knows `prefer`, which without TLS support is the same.
        let url = url.replace("sslmode=allow", "sslmode=prefer");
        let mut config = postgres::Config::from_str(&url)
            .map_err(|e| format!("not a PostgreSQL URL the client understands ({e})"))?;
        if config.get_hosts().is_empty() {
            return Err("the URL names no host".into());
        }
        if config.get_dbname().is_none() {
            return Err(
                "the URL names no database (postgres://user:password@host:port/DBNAME)".into(),
            );
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("gardefou");
        }
        config.keepalives(true);
        Ok(PgUrl { config })
    }

    /// A new connection.
    pub(crate) fn connect(&self) -> Result<postgres::Client, postgres::Error> {
        self.config.connect(postgres::NoTls)
    }
}

/// One connection, made on first use and again after it was lost.
pub(crate) struct Slot {
    client: Option<postgres::Client>,
}

impl Slot {
    pub(crate) fn new(client: postgres::Client) -> Slot {
        Slot {
            client: Some(client),
        }
    }

    /// The connection, made again if the last one closed.
    pub(crate) fn get(&mut self, url: &PgUrl) -> Result<&mut postgres::Client, postgres::Error> {
        if self.client.as_ref().is_none_or(|c| c.is_closed()) {
            self.client = None;
            self.client = Some(url.connect()?);
        }
        Ok(self.client.as_mut().expect("just made"))
    }

    /// Forgets the connection after an error that may have broken it, or that a new one may
    /// not meet: a session opened read-only (25006) stays read-only after the database or
    /// its primary became writable again, and one on a server shutting down (57P0x) or short
    /// of resources (53) is better made again.
    pub(crate) fn forget_if_broken(&mut self, e: &postgres::Error) {
        if e.is_closed() || e.code().is_none() || is_unavailable(e) {
            self.client = None;
        }
    }
}

/// Whether PostgreSQL's error means the database cannot serve now: the connection is lost or
/// refused (class 08, or no server), the server is shutting down (57P0x), the transaction or
/// database is read-only (25006), or the server is out of disk, memory or connections (53).
pub(crate) fn is_unavailable(e: &postgres::Error) -> bool {
    match e.code() {
        Some(code) => {
            let c = code.code();
            c.starts_with("08") || c.starts_with("53") || c.starts_with("57P0") || c == "25006"
        }
        None => e.is_closed() || io_cause(e),
    }
}

fn io_cause(e: &postgres::Error) -> bool {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.is::<std::io::Error>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The whole message: the client's kind of error, then the server's (`ERROR: …`) or the
/// system's, and the SQLSTATE.
pub(crate) fn message(e: &postgres::Error) -> String {
    let mut s = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    if let Some(code) = e.code() {
        s.push_str(&format!(" (SQLSTATE {})", code.code()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        for (url, shown) in [
            (
                "postgres://app:s3cret@db.internal:5432/gardefou",
                "postgres://app@db.internal:5432/gardefou",
            ),
            (
                "postgresql://app:p@ss:w@rd@127.0.0.1/h?sslmode=disable",
                "postgresql://app@127.0.0.1/h?sslmode=disable",
            ),
            (
                "postgres://app@127.0.0.1/h?password=s3cret&application_name=x",
                "postgres://app@127.0.0.1/h?application_name=x",
            ),
            ("postgres://127.0.0.1/h", "postgres://127.0.0.1/h"),
            (
                "postgres://127.0.0.1/h?password=s3cret",
                "postgres://127.0.0.1/h",
            ),
        ] {
            assert_eq!(redact(url), shown);
        }
    }

    #[test]
    fn tls_modes_other_than_disable_or_prefer_are_refused() {
        assert!(PgUrl::parse("postgres://u:p@127.0.0.1/d?sslmode=disable").is_ok());
        assert!(PgUrl::parse("postgres://u:p@127.0.0.1/d?sslmode=prefer").is_ok());
        assert!(PgUrl::parse("postgres://u:p@127.0.0.1/d").is_ok());
        for mode in ["require", "verify-ca", "verify-full"] {
            let e = PgUrl::parse(&format!("postgres://u:p@127.0.0.1/d?sslmode={mode}"))
                .err()
                .expect("refused");
            assert!(e.contains("without TLS"), "{e}");
            assert!(!e.contains(":p@"), "{e}");
        }
        let e = PgUrl::parse("postgres://u:p@127.0.0.1")
            .err()
            .expect("no database");
        assert!(e.contains("no database"), "{e}");
    }
}
