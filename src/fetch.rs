//! Fetching remote `$ref` targets, only when the user passes `--allow-remote-refs`.

use std::time::{Duration, Instant};

use gardefou_document::Fetch;

/// An HTTP(S) client with a timeout per request, a deadline for the whole run and a size limit.
pub struct HttpFetcher {
    agent: ureq::Agent,
    max_bytes: u64,
    /// Longest wait for one document (`--remote-timeout`).
    per_request: Duration,
    /// When fetching stops for this run (`--remote-deadline` after the fetcher is made).
    deadline: Instant,
    deadline_secs: u64,
}

impl HttpFetcher {
    pub fn new(max_bytes: usize, per_request_secs: u64, deadline_secs: u64) -> HttpFetcher {
        let config = ureq::Agent::config_builder().max_redirects(5).build();
        HttpFetcher {
            agent: config.into(),
            max_bytes: max_bytes as u64,
            per_request: Duration::from_secs(per_request_secs),
            deadline: Instant::now() + Duration::from_secs(deadline_secs),
            deadline_secs,
        }
    }
}

impl Fetch for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err("only http:// and https:// references are fetched".into());
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!(
                "not fetched: the {} s deadline for remote references in this run has passed (--remote-deadline)",
                self.deadline_secs
            ));
        }
        let timeout = self.per_request.min(left);
        let timed_out = || {
            if timeout < self.per_request {
                format!(
                    "no answer before the {} s deadline for remote references in this run (--remote-deadline)",
                    self.deadline_secs
                )
            } else {
                format!(
                    "no answer within {} s (--remote-timeout)",
                    self.per_request.as_secs()
                )
            }
        };
        let describe = |e: ureq::Error| match e {
            ureq::Error::Timeout(_) => timed_out(),
            e => e.to_string(),
        };
        let mut response = self
            .agent
            .get(url)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
            .map_err(describe)?;
        response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(describe)
    }
}
