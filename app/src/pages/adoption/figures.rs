//! Figures as the pages show them: cells, the summary, the funnel and the definitions.

use leptos::prelude::*;
use ra_domain::adoption::{DATE_RANGE, DEFINITIONS, Figures, STAGES, Stage};

use crate::pages::query_link;

pub fn known(v: Option<u32>) -> String {
    v.map_or_else(|| "Unknown".to_owned(), |n| n.to_string())
}

/// What a figure not given for a date range says instead.
const NOT_FOR_DATES: &str = "Not given for dates";

pub fn percent(f: &Figures) -> String {
    match f.percent_registered {
        _ if f.dated => NOT_FOR_DATES.to_owned(),
        None => "Unknown".to_owned(),
        Some(p) => format!("{p:.0}%"),
    }
}

pub fn not_started(f: &Figures) -> String {
    if f.dated {
        NOT_FOR_DATES.to_owned()
    } else {
        known(f.not_started)
    }
}

pub fn projection(f: &Figures) -> String {
    if f.dated {
        NOT_FOR_DATES.to_owned()
    } else {
        f.projection.label()
    }
}

pub fn last_activity(f: &Figures) -> String {
    f.last_activity
        .map_or_else(|| "None".to_owned(), |t| t.format("%-d %b %Y").to_string())
}

/// The queue state a funnel stage's tile opens (the stage's first state).
fn queue_state(stage: Stage) -> &'static str {
    match stage {
        Stage::Review => "submitted",
        Stage::Approved => "approved",
        Stage::IdentityVerified => "identity_verified",
        Stage::LinkSent => "link_sent",
    }
}

/// What the figures mean: the pages' help text, the same words as README's.
#[component]
pub fn Definitions() -> impl IntoView {
    view! {
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">"What the figures mean"</span>
            </summary>
            <div class="nhsuk-details__text">
                <dl class="nhsuk-summary-list">
                    {DEFINITIONS
                        .iter()
                        .map(|d| view! {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{d.figure}</dt>
                                <dd class="nhsuk-summary-list__value">{d.meaning}</dd>
                            </div>
                        })
                        .collect_view()}
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{DATE_RANGE.figure}</dt>
                        <dd class="nhsuk-summary-list__value">{DATE_RANGE.meaning}</dd>
                    </div>
                </dl>
            </div>
        </details>
    }
}

/// The headline figures of one organisation or roll-up, as a summary list.
#[component]
pub fn RolloutSummary(figures: Figures) -> impl IntoView {
    let f = figures;
    let headcount = match (f.headcount, f.partial_headcount) {
        (Some(h), true) => format!("{h} (some sites have no headcount)"),
        (h, _) => known(h),
    };
    let rows: Vec<(&str, String)> = vec![
        ("Headcount", headcount),
        ("Registered", f.registered.to_string()),
        ("Percent registered", percent(&f)),
        ("Requested", f.requested.to_string()),
        ("In progress", f.in_progress.to_string()),
        ("Not started", not_started(&f)),
        ("Median days to register", known(f.median_days)),
        ("90th percentile days", known(f.p90_days)),
        ("Stale", f.stale.to_string()),
        ("Rejected", f.rejected.to_string()),
        (
            "Personal and business phones",
            format!(
                "{} personal, {} business",
                f.personal_phones, f.business_phones
            ),
        ),
        ("Last activity", last_activity(&f)),
        ("Projected completion", projection(&f)),
    ];
    view! {
        <dl class="nhsuk-summary-list" data-testid="rollout-summary">
            {rows
                .into_iter()
                .map(|(k, v)| view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{k}</dt>
                        <dd class="nhsuk-summary-list__value">{v}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
    }
}

/// Requested → each open stage → registered, each stage a link into the request queue
/// filtered to this organisation and that stage.
#[component]
pub fn Funnel(code: String, figures: Figures) -> impl IntoView {
    let tile = |label: String, n: u32, href: String| {
        view! {
            <li class="ra-funnel__stage">
                <a class="ra-funnel__link" href=href>
                    <span class="ra-funnel__count">{n}</span>
                    <span class="ra-funnel__label">{label}</span>
                </a>
            </li>
        }
    };
    let org = || ("org", code.clone());
    view! {
        <h2>"Where requests stand"</h2>
        <ol class="ra-funnel" aria-label="Requests by stage">
            {tile("people requested".into(), figures.requested, query_link("/requests", &[org()]))}
            {STAGES
                .into_iter()
                .zip(figures.open_by_stage)
                .map(|(stage, n)| {
                    let href = query_link("/requests", &[org(), ("state", queue_state(stage).into())]);
                    tile(stage.label().to_lowercase(), n, href)
                })
                .collect_view()}
            {tile(
                "registered".into(),
                figures.registered,
                query_link("/requests", &[org(), ("state", "enrolled".into())]),
            )}
        </ol>
    }
}
