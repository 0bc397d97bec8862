//! Verifying the audit trail: the published key and latest signed checkpoint, and a
//! check of the whole chain on request. A GET form, so it works without JavaScript and
//! its answer has a link; it changes nothing.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::audit::verify::{TrailSeal, VerifyReport, audit_seal, verify_audit_trail},
    components::{ErrorPanel, PageTitle},
};

#[component]
pub fn VerifyTrail() -> impl IntoView {
    let query = use_query_map();
    let run = move || query.with(|q| q.get("run").is_some());
    let seal = Resource::new(|| (), |_| audit_seal());
    let report = Resource::new(run, |run| async move {
        if run {
            verify_audit_trail().await.map(Some)
        } else {
            Ok(None)
        }
    });
    view! {
        <PageTitle text="Verify the audit trail" />
        <a class="nhsuk-back-link" href="/audit">"Back to the audit trail"</a>
        <h1>"Verify the audit trail"</h1>
        <p>"Every entry is chained to the one before it by a SHA-256 hash, and the chain's head is signed at intervals with the portal's audit key. Verifying reads every entry, recomputes every hash and checks every signed checkpoint; it reports the first entry that does not match."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(seal.await, |s| view! { <Seal seal=s /> })
            })}
        </Suspense>
        <form method="get" action="/audit/verify">
            <input type="hidden" name="run" value="1" />
            <button class="nhsuk-button" type="submit">"Verify the whole trail now"</button>
        </form>
        <Suspense fallback=|| view! { <p role="status">"Verifying…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => Some(view! { <Outcome report=r /> }.into_any()),
                    Ok(None) => None,
                    Err(e) => Some(view! { <ErrorPanel error=e /> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Seal(seal: TrailSeal) -> impl IntoView {
    let latest = match seal.latest {
        None => view! { <p>"No checkpoint has been signed yet."</p> }.into_any(),
        Some(c) => view! {
            <dl class="nhsuk-summary-list" data-testid="checkpoint">
                <Row key="Checkpoint at entry" value=c.position.to_string() />
                <Row key="Entry hash" value=c.entry_hash />
                <Row key="Signed at (UTC)" value=c.signed_at />
                <Row key="Signature (Ed25519, base64)" value=c.signature />
            </dl>
        }
        .into_any(),
    };
    view! {
        <h2>"What auditors keep"</h2>
        <p>"Keep the key and a checkpoint outside the portal. A copy of the trail can later be checked against them with "<code>"ra-portal verify-audit --public-key KEY"</code>" (the option once for each key, earlier ones too)."</p>
        <dl class="nhsuk-summary-list" data-testid="seal">
            <Row key="Audit key (Ed25519, base64)" value=seal.public_key />
            {(!seal.earlier_keys.is_empty()).then(|| view! {
                <Row key="Earlier audit keys, still trusted" value=seal.earlier_keys.join(" ") />
            })}
            <Row key="Entries in the trail" value=seal.entries.to_string() />
        </dl>
        <h3>"Latest signed checkpoint"</h3>
        {latest}
    }
}

#[component]
fn Row(key: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">{key}</dt>
            <dd class="nhsuk-summary-list__value ra-break-all">{value}</dd>
        </div>
    }
}

#[component]
fn Outcome(report: VerifyReport) -> impl IntoView {
    let (class, heading) = if report.verified {
        (
            "nhsuk-card nhsuk-card--feedback ra-check ra-check--allowed",
            "The trail verifies",
        )
    } else {
        (
            "nhsuk-card nhsuk-card--feedback ra-check ra-check--refused",
            "The trail does not verify",
        )
    };
    view! {
        <div class=class data-testid="verify-result" role="status">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">{heading}</h2>
                <p class="nhsuk-card__description">{report.message}</p>
                <p class="nhsuk-card__description">{format!("Checked in {:.2} seconds.", report.seconds)}</p>
            </div>
        </div>
    }
}
