//! Fetching remote `$ref` targets, only when the user passes `--allow-remote-refs`.

use std::time::Duration;

use gardefou_document::Fetch;

/// An HTTP(S) client with a timeout and a size limit.
pub struct HttpFetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl HttpFetcher {
    pub fn new(max_bytes: usize) -> HttpFetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .max_redirects(5)
            .build();
        HttpFetcher {
            agent: config.into(),
            max_bytes: max_bytes as u64,
        }
    }
}

impl Fetch for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err("only http:// and https:// references are fetched".into());
        }
        let mut response = self.agent.get(url).call().map_err(|e| e.to_string())?;
        response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| e.to_string())
    }
}
