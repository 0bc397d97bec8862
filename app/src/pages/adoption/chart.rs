//! Cumulative registrations as SVG drawn on the server: readable without JavaScript,
//! with a text alternative and the same numbers as a table.

use chrono::NaiveDate;
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;

/// The line's points: x by day since the first, y by registrations (the headcount, when
/// higher, sets the top, so the line shows the distance still to go).
fn points(days: &[(NaiveDate, u32)], top: u32) -> String {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return String::new();
    };
    let span = (last.0 - first.0).num_days().max(1) as f64;
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let mut out = Vec::new();
    let mut previous = 0u32;
    for (day, total) in days {
        let x = LEFT + (day.signed_duration_since(first.0).num_days() as f64) / span * plot_w;
        let y = |n: u32| TOP + plot_h - f64::from(n) / f64::from(top.max(1)) * plot_h;
        // A step: flat until the day, then up.
        out.push(format!("{x:.1},{:.1}", y(previous)));
        out.push(format!("{x:.1},{:.1}", y(*total)));
        previous = *total;
    }
    out.join(" ")
}

#[component]
pub fn CumulativeChart(
    /// (day, registrations so far), oldest first.
    days: Vec<(String, u32)>,
    headcount: Option<u32>,
) -> impl IntoView {
    let parsed: Vec<(NaiveDate, u32)> = days
        .iter()
        .filter_map(|(d, n)| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .map(|d| (d, *n))
        })
        .collect();
    let Some((last_day, last_total)) = parsed.last().copied() else {
        return view! { <p class="nhsuk-body">"Nobody has registered yet."</p> }.into_any();
    };
    let (first_day, first_total) = parsed[0];
    let top = last_total.max(headcount.unwrap_or(0));
    let line = points(&parsed, top);
    let fmt = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    let summary = format!(
        "Registrations rose from {first_total} on {} to {last_total} on {}{}.",
        fmt(first_day),
        fmt(last_day),
        headcount.map_or(String::new(), |h| format!(", against a headcount of {h}")),
    );
    let target = headcount.filter(|h| *h > 0).map(|_| {
        let y = TOP;
        view! {
            <line x1=LEFT y1=y x2=WIDTH - 8.0 y2=y class="ra-chart__target" />
            <text x=WIDTH - 8.0 y=y - 2.0 text-anchor="end" class="ra-chart__label">"Headcount"</text>
        }
    });
    view! {
        <figure class="ra-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="cumulative-title cumulative-desc"
                class="ra-chart__svg"
            >
                <title id="cumulative-title">"Registrations over time"</title>
                <desc id="cumulative-desc">{summary.clone()}</desc>
                <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH - 8.0 y2=HEIGHT - BOTTOM class="ra-chart__axis" />
                <line x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM class="ra-chart__axis" />
                <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end" class="ra-chart__label">{top}</text>
                <text x=LEFT - 6.0 y=HEIGHT - BOTTOM text-anchor="end" class="ra-chart__label">"0"</text>
                <text x=LEFT y=HEIGHT - 8.0 class="ra-chart__label">{fmt(first_day)}</text>
                <text x=WIDTH - 8.0 y=HEIGHT - 8.0 text-anchor="end" class="ra-chart__label">{fmt(last_day)}</text>
                {target}
                <polyline points=line class="ra-chart__line" />
            </svg>
            <figcaption class="nhsuk-body-s">{summary}</figcaption>
        </figure>
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">"Registrations over time as a table"</span>
            </summary>
            <div class="nhsuk-details__text">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Registrations so far, by day"</caption>
                    <thead class="nhsuk-table__head">
                        <tr><th scope="col">"Day"</th><th scope="col">"Registered so far"</th></tr>
                    </thead>
                    <tbody class="nhsuk-table__body">
                        {parsed
                            .into_iter()
                            .map(|(d, n)| view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{fmt(d)}</td>
                                    <td class="nhsuk-table__cell">{n}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}
