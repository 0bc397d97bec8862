//! Bad input gets a clear answer, never a 500: every server function the portal registers
//! (read from the server-function registry, so new ones are swept too) is called by
//! each kind of user with no fields, hostile fields, the wrong body type and an oversized
//! body, and every page is opened with junk ids and query strings, on SQLite and
//! PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use app::components::{ALLOW_LIST_UPLOAD, BULK_REQUESTS_UPLOAD};
use ra_portal_tests::{Browser, TestPortal, both};

/// Field names the portal's forms use; each server function reads the ones it knows.
const FIELDS: &[&str] = &[
    "action",
    "actor",
    "address",
    "after",
    "before",
    "code",
    "completed_by",
    "country",
    "covers_subdomains",
    "decision",
    "documents",
    "domain",
    "email",
    "evidence_url",
    "from",
    "from_day",
    "from_month",
    "from_year",
    "full_name",
    "group",
    "id",
    "initial",
    "job_role",
    "kind",
    "meeting_at",
    "meeting_mode",
    "name",
    "note",
    "ods_code",
    "org",
    "org_name",
    "phone",
    "phone_kind",
    "position",
    "q",
    "reason",
    "reference",
    "region",
    "requested_by",
    "sort",
    "source",
    "state",
    "status",
    "submitted_on",
    "target",
    "to",
    "to_day",
    "to_month",
    "to_year",
    "token",
];

const FORM: &str = "application/x-www-form-urlencoded";

/// Values that have broken parsers and queries elsewhere.
fn hostile_values() -> Vec<String> {
    vec![
        "'; DROP TABLE registration_requests; --".into(),
        "<script>alert(1)</script>".into(),
        "%_\\".into(),
        "\u{0}\u{7}\u{1b}[31m".into(),
        "9999-99-99T99:99".into(),
        "-1".into(),
        "00000000-0000-0000-0000-000000000000".into(),
        // Long for a field, yet the whole form stays small (each ü is six bytes encoded):
        // a refused caller's unread body must not make the server drop the connection.
        "ü".repeat(100),
    ]
}

/// Sends a POST's headers declaring a body of `length` bytes, sends no body, and returns
/// whatever the portal answers before it gives up waiting.
async fn declare_body(portal: &str, path: &str, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = portal.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {portal}\r\nContent-Type: {FORM}\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}

async fn sweep(who: &str, b: &Browser, paths: &[String], failures: &mut Vec<String>) {
    let mut record = |path: &str, input: &str, (status, body): (u16, String)| {
        if status == 0 || status >= 500 || (status >= 400 && body.trim().is_empty()) {
            let shown: String = body.chars().take(200).collect();
            failures.push(format!("{who} {path} ({input}): {status} {shown}"));
        }
    };
    for path in paths {
        let form = |pairs: Vec<(String, String)>| {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in pairs {
                s.append_pair(&k, &v);
            }
            s.finish().into_bytes()
        };
        record(
            path,
            "no fields",
            b.post_bytes(path, FORM, Vec::new()).await,
        );
        for value in hostile_values() {
            let pairs = FIELDS
                .iter()
                .map(|f| (f.to_string(), value.clone()))
                .collect();
            let label = format!(
                "every field {:?}",
                value.chars().take(12).collect::<String>()
            );
            record(path, &label, b.post_bytes(path, FORM, form(pairs)).await);
        }
        // Every field twice, and a name no function knows.
        let twice = FIELDS
            .iter()
            .flat_map(|f| [(f.to_string(), "a".into()), (f.to_string(), "b".into())])
            .chain([("zzz".to_string(), "1".to_string())])
            .collect();
        record(
            path,
            "fields twice",
            b.post_bytes(path, FORM, form(twice)).await,
        );
        record(
            path,
            "JSON body",
            b.post_bytes(
                path,
                "application/json",
                br#"{"id": [1, {"x": null}]}"#.to_vec(),
            )
            .await,
        );
        record(
            path,
            "not UTF-8",
            b.post_bytes(path, FORM, b"id=\xff\xfe&q=%FF%FE".to_vec())
                .await,
        );
    }
}

both!(
    every_server_function_answers_bad_input_without_a_500,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(p, _)| p.to_owned())
            .collect();
        paths.sort();
        // The sweep is only as good as the registry it reads: it must hold them all.
        assert!(paths.len() >= 27, "{paths:?}");
        for known in [
            "/api/registration/raise",
            "/api/ra/managers/decide",
            "/api/allow-list/step",
        ] {
            assert!(paths.iter().any(|p| p == known), "{known} in {paths:?}");
        }

        let mut failures = Vec::new();
        for who in ["ra.manager", "manager.meadowbank", "auditor"] {
            let b = portal.signed_in(who).await;
            sweep(who, &b, &paths, &mut failures).await;
            // Still signed in afterwards: nothing in the sweep ended the session.
            let (code, me) = b.post_bytes("/api/session/whoami", FORM, Vec::new()).await;
            assert_eq!(code, 200, "{who}");
            assert_ne!(me.trim(), "null", "{who} was signed out");
        }
        sweep("anonymous", &portal.browser(), &paths, &mut failures).await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));

        // A signed-in caller's missing field is named; an oversized body is refused
        // before it is read.
        let officer = portal.signed_in("ra.manager").await;
        let (code, body) = officer.call("registration/raise", &[]).await;
        assert_eq!(code, 400, "{body}");
        assert!(
            body["BadRequest"].as_str().unwrap().contains("full_name"),
            "{body}"
        );
        // Only the headers are sent: the refusal must not wait for the body (sending
        // it would race the server closing the connection on it). Every refusal comes
        // as the portal's error type, which a page shows.
        for path in [
            "/api/registration/list",
            "/api/manager-access/ask",
            "/auth/email-link",
        ] {
            let answer = declare_body(&portal.url(""), path, 3 << 20).await;
            assert!(
                answer.starts_with("HTTP/1.1 413") && answer.ends_with(r#""TooLarge""#),
                "{path}: {answer}"
            );
        }
    }
);

/// Every page of the app, `:x` standing for an id or token from the address bar.
const PAGES: &[&str] = &[
    "/",
    "/ra",
    "/organisation",
    "/audit",
    "/allow-list",
    "/allow-list/add",
    "/allow-list/request",
    "/allow-list/import",
    "/allow-list/import/:x",
    "/allow-list/:x",
    "/allow-list/:x/withdraw",
    "/requests",
    "/requests/new",
    "/requests/bulk",
    "/requests/bulk/:x",
    "/requests/:x",
    "/enrol/:x",
    "/ra/mail",
    "/ra/managers",
    "/ra/managers/:x",
    "/manager-access",
    "/manager-access/pending",
    "/manager-access/sent",
    "/manager-access/sign-in/:x",
    "/no-access",
    "/signed-out",
    "/sign-in-problem",
    "/accessibility",
    "/adoption",
    "/adoption/:x",
    "/organisations/new",
    "/organisation/:x/group",
    "/api/allow-list/export.csv",
    "/api/adoption/export.csv",
];

both!(
    every_page_answers_junk_without_a_500,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let ids = [
            "nope",
            "00000000-0000-0000-0000-000000000000",
            "%00%27--",
            "%E2%80%AE",
        ];
        let query = "?state=%00&status=zzz&after=garbage&q=%25_%5C&sort=sideways&from=9999-99-99\
                 &to=-1&org=%3Cscript%3E&source=x&requested_by=%27&completed_by=%27&error=zzz\
                 &from_day=99&from_month=%00&from_year=99999999999&to_day=-1&to_month=1&to_year=0";
        let mut failures = Vec::new();
        let mut browsers = vec![("anonymous", portal.browser())];
        for who in ["ra.manager", "manager.meadowbank", "auditor"] {
            browsers.push((who, portal.signed_in(who).await));
        }
        let mut officer_pages = std::collections::HashSet::new();
        for (who, b) in &browsers {
            for page in PAGES {
                for id in ids {
                    let url = portal.url(&format!("{}{query}", page.replace(":x", id)));
                    let status = b.get_raw(&url).await.status().as_u16();
                    if *who == "ra.manager" && status == 200 {
                        officer_pages.insert(*page);
                    }
                    if status >= 500 {
                        failures.push(format!("{who} GET {url}: {status}"));
                    }
                }
            }
            // The plain-form routes, with what a form would never send.
            for path in [ALLOW_LIST_UPLOAD, BULK_REQUESTS_UPLOAD, "/auth/email-link"] {
                for (kind, body) in [
                    ("application/json", b"{}".to_vec()),
                    (
                        "multipart/form-data; boundary=x",
                        b"--x\r\nnonsense".to_vec(),
                    ),
                    (FORM, b"token=%FF%00&file=x".to_vec()),
                ] {
                    let (status, _) = b.post_bytes(path, kind, body).await;
                    if status == 0 || status >= 500 {
                        failures.push(format!("{who} POST {path} ({kind}): {status}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Pages were rendered, not just refused (junk ids and filters rightly answer 4xx).
        assert!(officer_pages.len() >= 15, "{officer_pages:?}");
    }
);
