//! `/adoption/{code}`: one organisation's rollout, or a group's with its sites side by
//! side: progress to headcount, where requests stand, registrations over time.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    chart::CumulativeChart,
    figures::{Definitions, Funnel, RolloutSummary},
    overview::FiguresTable,
    to_do::StillToDo,
};
use crate::{
    api::adoption::{OrgAdoption, organisation_adoption},
    components::PageTitle,
};

#[component]
pub fn OrgAdoptionPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, organisation_adoption);
    let me = crate::pages::me();
    view! {
        <PageTitle text="Rollout" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                // RA officers keep groups: they are offered the links that change them.
                let officer = matches!(me.await, Ok(Some(p)) if p.ra_officer().is_ok());
                crate::pages::or_error(data.await, move |o| view! { <Rollout o officer /> })
            })}
        </Suspense>
    }
}

#[component]
fn Rollout(o: OrgAdoption, officer: bool) -> impl IntoView {
    let f = o.figures.clone();
    let registered = f.registered;
    let open = f.in_progress;
    let progress = match f.headcount {
        Some(h) => format!("{registered} of {h} staff registered"),
        None => format!("{registered} registered; no headcount given yet"),
    };
    let local = o.local_code.then(|| {
        view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Portal code, not ODS"</strong> }
    });
    let has_sites = !o.sites.is_empty();
    let group = o
        .group
        .clone()
        .map(|g| view! { <p data-testid="group">{format!("A site of {g}.")}</p> });
    let code = o.ods_code.clone();
    let changes = officer.then(|| {
        let name = o.name.clone();
        let hidden = move || view! { <span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span> };
        let in_group = o.group.is_some();
        view! {
            <ul class="nhsuk-list" data-testid="group-links">
                {(!has_sites).then(|| {
                    let (verb, rest) = if in_group { ("Move", " to another group") } else { ("Put", " in a group") };
                    view! { <li><a href=format!("/organisation/{code}/group")>{verb} {hidden()} {rest}</a></li> }
                })}
                {(!in_group).then(|| {
                    let text = if has_sites { "Add a site to this group" } else { "Record a site under it, making it a group" };
                            view! { <li><a href=format!("/organisations/new?group={code}")>{text}</a></li> }
                })}
            </ul>
        }
    });
    view! {
        <span class="nhsuk-caption-l">{format!("{} · {}", o.kind, o.ods_code)} " " {local}</span>
        <h1>{o.name.clone()}</h1>
        {group}
        {changes}
        <p class="nhsuk-lede-text" data-testid="progress">{progress}</p>
        <p class="nhsuk-body-s">{format!("Figures counted live on {}.", o.counted_at)}</p>
        <Funnel code=o.ods_code.clone() figures=f.clone() />
        <h2>"Registrations over time"</h2>
        <CumulativeChart days=o.cumulative.clone() headcount=f.headcount />
        <h2>{if has_sites { "The group's figures" } else { "Figures" }}</h2>
        <RolloutSummary figures=f />
        {has_sites.then(|| view! {
            <h2>"Sites side by side"</h2>
            <FiguresTable rows=o.sites.clone() caption="Each site's rollout".to_owned() sort_links=None />
        })}
        <h2>"People still to do"</h2>
        <StillToDo people=o.to_do.clone() open />
        <Definitions />
    }
}
