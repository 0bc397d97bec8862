//! The SMTP catcher (maildev) the tests send mail to, and what it caught.

/// The SMTP catcher (maildev) the tests send to; tools/test starts it.
pub fn smtp_url() -> String {
    std::env::var("RA_TEST_SMTP_URL").unwrap_or_else(|_| "smtp://127.0.0.1:1026".into())
}

/// Messages the catcher received whose subject contains `tag`, as its web API lists them.
pub async fn caught_mail(tag: &str) -> Vec<serde_json::Value> {
    let api =
        std::env::var("RA_TEST_MAILDEV_URL").unwrap_or_else(|_| "http://127.0.0.1:1081".into());
    let all: Vec<serde_json::Value> = reqwest::get(format!("{api}/api/email"))
        .await
        .expect("maildev reachable: is it running? (tools/test starts it)")
        .json()
        .await
        .unwrap();
    all.into_iter()
        .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains(tag)))
        .collect()
}

/// Messages caught for `to` whose subject contains `subject`, oldest first.
pub async fn caught_mail_to(to: &str, subject: &str) -> Vec<serde_json::Value> {
    caught_mail(subject)
        .await
        .into_iter()
        .filter(|m| m["to"][0]["address"].as_str() == Some(to))
        .collect()
}
