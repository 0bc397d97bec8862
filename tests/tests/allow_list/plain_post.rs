use base64::Engine;

use super::*;

/// The `__path` and `__err` a redirect's target carries, the error decoded.
fn carried(target: &str) -> (String, Value) {
    let url = url::Url::parse(target).unwrap();
    let get = |k: &str| {
        url.query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let err = base64::engine::general_purpose::URL_SAFE
        .decode(get("__err"))
        .unwrap();
    (get("__path"), serde_json::from_slice(&err).unwrap())
}

// A form sent before (or without) the page's script is a plain post. A mistake in it goes
// back to the page it came from, carrying the error for the page (and its form's island)
// to show; a success goes back to the page; a refusal by rights keeps its 403, so it is
// still audited.
both!(
    a_plain_post_goes_back_to_its_page,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let form = portal.url("/allow-list/add");
        let add = |domain: &'static str| {
            [
                ("domain", domain),
                ("ods_code", "VMB01"),
                ("note", ""),
                ("initial", "active"),
            ]
        };

        let (code, target) = officer
            .post_plain("allow-list/add", &form, &add("nhs.uk"))
            .await;
        assert_eq!(code, 302, "{target}");
        assert!(target.starts_with(&format!("{form}?")), "{target}");
        let (path, error) = carried(&target);
        assert_eq!(path, "/api/allow-list/add");
        let (field, message) = field_error(&error);
        assert_eq!(field, "domain");
        assert!(message.contains("public suffix"), "{message}");

        let (code, target) = officer
            .post_plain("allow-list/add", &form, &add("plain-post.org.uk"))
            .await;
        assert_eq!(code, 302);
        assert!(!target.contains("__err"), "{target}");
        let (_, listed) = officer
            .call("allow-list/list", &[("q", "plain-post.org.uk")])
            .await;
        assert!(listed.to_string().contains("plain-post.org.uk"), "{listed}");

        // A manager asking for another organisation's domain is refused by rights.
        let manager = portal.signed_in("manager.meadowbank").await;
        let request = [
            ("domain", "elsewhere-care.org.uk"),
            ("ods_code", "VNC01"),
            ("reason", "Not ours"),
            ("evidence_url", ""),
        ];
        let (code, target) = manager
            .post_plain(
                "allow-list/request",
                &portal.url("/allow-list/request"),
                &request,
            )
            .await;
        assert_eq!(code, 403, "{target}");
    }
);
