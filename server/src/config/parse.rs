//! Reading one setting's value: each failure names the setting and the value it got.

use std::time::Duration;

use url::Url;

use super::ConfigError;

pub(super) fn parse_with<T>(
    name: &'static str,
    value: &str,
    f: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, ConfigError> {
    f(value).map_err(|e| ConfigError::new(name, format!("{value:?} is not valid: {e}")))
}

pub(super) fn parse_url(name: &'static str, value: String) -> Result<Url, ConfigError> {
    let url = Url::parse(&value)
        .map_err(|e| ConfigError::new(name, format!("{value:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError::new(
            name,
            format!("{value:?} must be an http(s) URL with a host"),
        ));
    }
    Ok(url)
}

pub(crate) fn minutes(
    name: &'static str,
    value: Option<&str>,
    default: u64,
) -> Result<Duration, ConfigError> {
    let n = match value {
        None => default,
        Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
            ConfigError::new(name, format!("{v:?} is not a positive whole number"))
        })?,
    };
    Ok(Duration::from_secs(n * 60))
}

pub(super) fn parse_bool(name: &'static str, value: Option<&str>) -> Result<bool, ConfigError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "0" | "no") => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some(other) => Err(ConfigError::new(
            name,
            format!("{other:?} is not true or false"),
        )),
    }
}
