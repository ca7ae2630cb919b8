//! Settings from flags and environment, with defaults that make a fresh clone run: an SQLite file
//! under `data/`, port 3000, the site cargo-leptos built under `target/site`.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/chuding.db?mode=rwc";

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: PathBuf,
    pub clock: Option<NaiveDate>,
    /// Round parameters from a file instead of the bundled current round.
    pub round_file: Option<PathBuf>,
    /// The Noto CJK fonts the 申报表 PDF embeds.
    pub font_dir: PathBuf,
    /// The seal key's file (`chuding keygen`); without one, certificates carry no signed QR code.
    pub seal_key: Option<PathBuf>,
    /// The rule of each limit (`limits`): the defaults with what `--limit` changes.
    pub limits: crate::limits::Rules,
    /// Open connections allowed from one address.
    pub connections_per_address: usize,
    /// The proxies (CIDRs) whose forwarding headers are believed.
    pub trusted_proxies: Vec<String>,
    /// The site's public address (`https://zc.example.gov.cn`); by default `http://` and the
    /// listening address.
    pub public_url: Option<String>,
    /// Where /metrics is served (Prometheus), apart from the site; none by default.
    pub metrics_addr: Option<SocketAddr>,
}

impl Settings {
    /// The public address, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim().trim_end_matches('/').to_string(),
            None if self.site_addr.ip().is_unspecified() => {
                format!("http://127.0.0.1:{}", self.site_addr.port())
            }
            None => format!("http://{}", self.site_addr),
        }
    }
}

/// Reads `--public-url`: http or https, a host, no path, query or fragment.
pub fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    let bad = || {
        format!("--public-url is like https://zc.example.gov.cn (scheme and host, no path); got {raw:?}")
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(bad)?;
    if rest.is_empty()
        || rest.chars().any(|c| {
            matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
        })
    {
        return Err(bad());
    }
    Ok(url.to_string())
}

/// Parses `--clock 2026-05-20`, naming the flag on error.
pub fn parse_clock(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|e| format!("--clock must be a date YYYY-MM-DD, got {raw:?}: {e}"))
}

/// The directory an SQLite URL's file lives in, so it can be created before connecting.
pub fn sqlite_parent_dir(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    PathBuf::from(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_flag_is_a_date() {
        assert_eq!(
            parse_clock("2026-05-20").unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()
        );
        let err = parse_clock("2026-02-30").unwrap_err();
        assert!(err.starts_with("--clock"), "{err}");
    }

    #[test]
    fn sqlite_directory_is_found() {
        assert_eq!(
            sqlite_parent_dir(DEFAULT_DATABASE_URL),
            Some(PathBuf::from("data"))
        );
        assert_eq!(
            sqlite_parent_dir("sqlite:///tmp/x/a.db"),
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(sqlite_parent_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_parent_dir("postgres://localhost/test"), None);
    }
}

/// The round `--round FILE` names, or the bundled current round.
pub fn load_round(path: Option<&std::path::Path>) -> anyhow::Result<shared::Round> {
    match path {
        None => Ok(shared::Round::current()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading --round {}", path.display()))?;
            shared::Round::from_json(&text)
                .map_err(|e| anyhow::anyhow!("--round {}: {e}", path.display()))
        }
    }
}
