//! Registration requests: raised one at a time or from a staff CSV, each step of the
//! state machine by whoever may take it, and retention redacting closed ones.

use ra_portal_tests::{
    journey::{staff_csv, step, upload_import},
    request_fields,
};

use super::*;

/// A request at Meadowbank raised by Tom for someone new; its id and the person's email.
pub(super) async fn raise(cx: &Ctx, name: &str) -> (String, String) {
    let email = meadowbank_email(&name.to_lowercase().replace(' ', "."));
    let (code, id) = cx
        .tom
        .call("registration/raise", &request_fields(name, &email, "VMB01"))
        .await;
    assert_eq!(code, 200, "{id}");
    (id.as_str().unwrap().to_owned(), email)
}

pub(super) async fn take(b: &Browser, id: &str, fields: &[(&str, &str)]) {
    let (code, body) = step(b, id, fields).await;
    assert_eq!(code, 200, "{fields:?}: {body}");
}

fn submitted(id: &str, email: &str, source: &str) -> Expect {
    expect("registration.submitted", "registration_request")
        .id(id)
        .by(TOM)
        .org("VMB01")
        .with(json!({ "to": "submitted", "email": email, "source": source }))
}

// The journey's helper: the domain goes on the list, Tom raises, Sam reviews, approves,
// books the meeting and checks identity.
pub async fn raised_and_verified(cx: &mut Ctx) -> Vec<Expect> {
    let email = meadowbank_email("amira");
    let id = cx
        .portal
        .verified_request(&cx.sam, &cx.tom, &email, "Amira Khan")
        .await;
    cx.keep("request", &id);
    cx.keep("email", &email);
    vec![
        expect("allow_list.added", "allow_list_entry")
            .by(SAM)
            .org("VMB01")
            .with(json!({ "domain": "meadowbank-care.org.uk", "status": "active" })),
        submitted(&id, &email, "single").with(json!({ "person_name": "Amira Khan" })),
        stepped("registration.start_review", SAM, &id, "submitted>in_review"),
        stepped("registration.approve", SAM, &id, "in_review>approved"),
        stepped(
            "registration.book_meeting",
            SAM,
            &id,
            "approved>meeting_booked",
        ),
        stepped(
            "registration.record_identity",
            SAM,
            &id,
            "meeting_booked>identity_verified",
        ),
    ]
}

// Sam starts a review and stops; Rachel takes it up and rejects with a reason.
pub async fn review_stopped_then_rejected(cx: &mut Ctx) -> Vec<Expect> {
    let (id, email) = raise(cx, "Rhys Jones").await;
    take(&cx.sam, &id, &[("action", "start_review")]).await;
    take(&cx.sam, &id, &[("action", "release_review")]).await;
    take(&cx.rachel, &id, &[("action", "start_review")]).await;
    let why = [("action", "reject"), ("reason", "Not one of our staff")];
    take(&cx.rachel, &id, &why).await;
    cx.closed.push(id.clone());
    vec![
        submitted(&id, &email, "single"),
        stepped("registration.start_review", SAM, &id, "submitted>in_review"),
        stepped(
            "registration.release_review",
            SAM,
            &id,
            "in_review>submitted",
        ),
        stepped(
            "registration.start_review",
            RACHEL,
            &id,
            "submitted>in_review",
        ),
        stepped("registration.reject", RACHEL, &id, "in_review>rejected")
            .with(json!({ "reason": "Not one of our staff" })),
    ]
}

pub async fn cancelled_by_the_requester(cx: &mut Ctx) -> Vec<Expect> {
    let (id, email) = raise(cx, "Cai Evans").await;
    take(&cx.tom, &id, &[("action", "cancel")]).await;
    cx.closed.push(id.clone());
    vec![
        submitted(&id, &email, "single"),
        stepped("registration.cancel", TOM, &id, "submitted>cancelled"),
    ]
}

pub async fn access_closed(cx: &mut Ctx) -> Vec<Expect> {
    let (id, email) = raise(cx, "Dai Price").await;
    let why = [("action", "close_access"), ("reason", "Left the home")];
    take(&cx.rachel, &id, &why).await;
    cx.closed.push(id.clone());
    vec![
        submitted(&id, &email, "single"),
        stepped(
            "registration.close_access",
            RACHEL,
            &id,
            "submitted>cancelled",
        )
        .with(json!({ "reason": "Left the home" })),
    ]
}

// The upload is an entry; its commit raises a request a row, each naming the import.
pub async fn staff_csv_upload(cx: &mut Ctx) -> Vec<Expect> {
    let csv = staff_csv(2, "meadowbank-care.org.uk", "VMB01");
    let import = upload_import(&cx.tom, "/requests/bulk", csv).await;
    let (code, body) = cx
        .tom
        .call("registration/bulk/commit", &[("id", &import)])
        .await;
    assert_eq!((code, body), (200, json!(2)));
    let raised = || {
        expect("registration.submitted", "registration_request")
            .by(TOM)
            .org("VMB01")
            .with(json!({ "import": import, "source": "bulk" }))
    };
    vec![
        expect("registration.bulk_uploaded", "import")
            .id(&import)
            .by(TOM)
            .with(json!({ "file_name": "rows.csv", "rows": 2 })),
        raised(),
        raised(),
    ]
}

// A month on, housekeeping redacts the personal data of every request closed above (in
// the order they closed), and records which entries it redacted.
pub async fn retention(cx: &mut Ctx) -> Vec<Expect> {
    let month_on = chrono::Utc::now() + chrono::Duration::days(31);
    server::startup::redact_closed_requests(&cx.portal.state, month_on).await;
    let positions: Vec<i64> = cx
        .seen
        .iter()
        .filter(|e| {
            e.subject_type == "registration_request"
                && e.subject_id
                    .as_ref()
                    .is_some_and(|id| cx.closed.contains(id))
        })
        .map(|e| e.position)
        .collect();
    assert_eq!(cx.closed.len(), 4);
    let now_held = search::of_subjects(cx.portal.db(), "registration_request", &cx.closed)
        .await
        .unwrap();
    assert!(now_held.iter().all(|e| e.redacted_at.is_some()));
    assert_eq!(now_held.len(), positions.len());
    vec![
        expect("audit.redacted", "audit")
            .housekeeping()
            .with(json!({ "positions": positions, "requests": cx.closed })),
    ]
}
