//! Bad input gets a clear answer, never a 500: every server function the portal registers
//! (read from the server-function registry, so new ones are swept too) is called by
//! each kind of user with no fields, hostile fields, the wrong body type and an oversized
//! body, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Browser, TestPortal, both};

/// Field names the portal's forms use; each server function reads the ones it knows.
const FIELDS: &[&str] = &[
    "action",
    "address",
    "after",
    "code",
    "completed_by",
    "covers_subdomains",
    "decision",
    "documents",
    "domain",
    "email",
    "evidence_url",
    "from",
    "full_name",
    "id",
    "initial",
    "job_role",
    "meeting_at",
    "meeting_mode",
    "note",
    "ods_code",
    "org",
    "org_name",
    "phone",
    "phone_kind",
    "q",
    "reason",
    "reference",
    "requested_by",
    "sort",
    "source",
    "state",
    "status",
    "submitted_on",
    "to",
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
        "ü".repeat(5_000),
    ]
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
        record(
            path,
            "3 MB body",
            b.post_bytes(
                path,
                FORM,
                format!("q={}", "a".repeat(3 << 20)).into_bytes(),
            )
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
            let (code, _) = b.post_bytes("/api/session/whoami", FORM, Vec::new()).await;
            assert_eq!(code, 200, "{who}");
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
        let (code, body) = officer
            .post_bytes(
                "/api/registration/list",
                FORM,
                format!("q={}", "a".repeat(300 * 1024)).into_bytes(),
            )
            .await;
        assert_eq!(
            (code, body.as_str()),
            (413, "This request is too large for the portal.")
        );
    }
);
