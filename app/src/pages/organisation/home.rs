use leptos::prelude::*;
use ra_domain::organisation::named;

use crate::{
    api::organisation::{HeadcountShown, OrganisationSummary, my_organisations},
    components::{ErrorPanel, PageTitle},
};

/// Home page for organisation managers: the organisations they manage and their sites.
#[component]
pub fn OrgHome() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| my_organisations());
    let me = crate::pages::me();
    view! {
        <PageTitle text="Your organisations" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                // Managers signed in by email link work on requests only.
                let cis2 = matches!(me.await, Ok(Some(p)) if p.via_cis2().is_ok());
                match orgs.await {
                    Ok(list) => {
                        let empty = list.is_empty();
                        view! {
                            <h1>"Your organisations"</h1>
                            {empty.then(|| view! {
                                <p>"None of your organisations is known to RA Portal yet. Contact your Registration Authority."</p>
                            })}
                            {list.into_iter().map(|o| org_card(o, cis2)).collect_view()}
                        }
                            .into_any()
                    }
                    Err(e) => {
                        e.apply_status();
                        view! { <ErrorPanel error=e /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn org_card(org: OrganisationSummary, cis2: bool) -> impl IntoView {
    let has_sites = !org.sites.is_empty();
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">{named(&org.name, &org.ods_code)}</h2>
                <ul class="nhsuk-list">
                    {cis2.then(|| view! {
                        <li><a href=format!("/allow-list?org={}", org.ods_code)>"Your email domains and domain requests"</a></li>
                        <li><a href="/allow-list/request">"Request a domain for the allow list"</a></li>
                    })}
                    <li><a href="/requests">"Authenticator registration requests"</a></li>
                    <li>
                        <a href=format!("/adoption/{}", org.ods_code)>
                            "Your rollout"<span class="nhsuk-u-visually-hidden">{format!(" at {}", org.name)}</span>
                        </a>
                    </li>
                    <li>{headcount_link(&org.ods_code, &org.name, org.headcount.as_ref())}</li>
                </ul>
                {has_sites
                    .then(|| {
                        view! {
                            <p class="nhsuk-body">"Sites:"</p>
                            <ul class="nhsuk-list nhsuk-list--bullet">
                                {org
                                    .sites
                                    .into_iter()
                                    .map(|s| view! {
                                        <li>
                                            {format!("{}: ", named(&s.name, &s.ods_code))}
                                            {headcount_link(&s.ods_code, &s.name, s.headcount.as_ref())}
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </div>
        </div>
    }
}

/// The known headcount, as a link to the page that changes it.
/// Its text names the organisation for screen readers, which list links out of context.
fn headcount_link(code: &str, name: &str, known: Option<&HeadcountShown>) -> impl IntoView + use<> {
    let text = match known {
        Some(h) => format!("Headcount: {} staff on {} (change", h.staff, h.as_of),
        None => "Give a headcount".to_owned(),
    };
    let hidden = format!(" for {name}");
    let close = known.map(|_| ")");
    view! {
        <a href=format!("/organisation/{code}/headcount")>
            {text}<span class="nhsuk-u-visually-hidden">{hidden}</span>{close}
        </a>
    }
}
