//! The Content-Security-Policy of a page: scripts only from the portal or carrying the
//! response's nonce (Leptos puts it on its hydration and resource scripts), WebAssembly
//! allowed to compile, fonts from `assets.nhs.uk` as NHS.UK pages load them, nothing
//! else external, no framing. Other responses get the middleware's `default-src 'none'`.

/// The policy for a page whose scripts carry `nonce`; `cis2` is the provider's origin,
/// where the sign-out form's answer goes.
pub fn page_policy(nonce: &str, cis2: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; \
         connect-src 'self'; form-action 'self' {cis2}; frame-ancestors 'none'; \
         base-uri 'none'; object-src 'none'"
    )
}

/// Sets the page's policy while it renders on the server, with this response's nonce.
#[cfg(feature = "ssr")]
pub fn apply() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let settings = crate::api::settings();
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce, &settings.cis2_origin)) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_nonce_runs_inline_and_nothing_frames_the_page() {
        let p = page_policy(
            "abc",
            "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443",
        );
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-inline"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("font-src 'self' https://assets.nhs.uk;"));
        assert!(p.contains("form-action 'self' https://am.nhsint"));
    }
}
