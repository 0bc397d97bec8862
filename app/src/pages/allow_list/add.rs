use leptos::prelude::*;
use ra_domain::allow_list::{CHECKS_PUBLIC_SUFFIX, DomainName};

use crate::{
    api::allow_list::{AddEntry, RequestDomain as RequestDomainFn, domain_problem},
    components::{
        ChoiceField, ErrorPanel, PageTitle, PostForm, TextArea, TextField, opens, server_message,
    },
    pages::{me, signed_in},
};

/// The domain rules run as the person types (the same code the server runs), so most
/// mistakes show before the form is sent. The browser build leaves out the Public Suffix
/// List (about a third of its size), so a domain that passes the rest is asked of the
/// server, and its answer shown while the field still holds what was asked.
fn live_domain_error(value: RwSignal<String>) -> impl Fn() -> Option<String> + Copy {
    let answered = RwSignal::new(None::<(String, Option<String>)>);
    if !CHECKS_PUBLIC_SUFFIX {
        Effect::new(move |_| {
            let asked = value.get();
            if asked.trim().is_empty() || DomainName::parse(&asked).is_err() {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(problem) = domain_problem(asked.clone()).await {
                    answered.set(Some((asked, problem)));
                }
            });
        });
    }
    move || {
        value.with(|v| {
            if v.trim().is_empty() {
                return None;
            }
            if let Err(e) = DomainName::parse(v) {
                return Some(e.to_string());
            }
            answered.with(|a| {
                a.as_ref()
                    .filter(|(asked, _)| asked == v)
                    .and_then(|(_, problem)| problem.clone())
            })
        })
    }
}

fn domain_feedback(
    value: RwSignal<String>,
    live: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        value.with(|v| match DomainName::parse(v) {
            Ok(d) if d.as_str() != v.trim() && live().is_none() => Some(view! {
                <p class="nhsuk-body-s" data-testid="normalised">{format!("Will be listed as {d}")}</p>
            }),
            _ => None,
        })
    }
}

/// After a successful save, the new entry's page.
fn entry_page(id: &String) -> Option<String> {
    Some(format!("/allow-list/{id}"))
}

/// RA officers add a domain directly.
#[component]
pub fn AddDomain() -> impl IntoView {
    view! {
        <PageTitle text="Add a domain" />
        <a class="nhsuk-back-link" href="/allow-list">"Back to the allow list"</a>
        <h1>"Add a domain to the allow list"</h1>
        <AddDomainForm />
    }
}

#[island]
fn AddDomainForm() -> impl IntoView {
    let result = opens::<AddEntry>(entry_page);
    let domain = RwSignal::new(String::new());
    let live = live_domain_error(domain);
    let server_domain = server_message(result, "domain");
    view! {
        <PostForm answer=result>
            <TextField name="domain" label="Domain" hint="The part of the email address after the @, for example meadowbank-care.org.uk"
                value=domain error=Signal::derive(move || live().or_else(|| server_domain.get())) width="20" />
            {domain_feedback(domain, live)}
            <TextField name="ods_code" label="Organisation ODS code" hint="For example VMB01"
                error=server_message(result, "ods_code") width="10" />
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="covers_subdomains" name="covers_subdomains" type="checkbox" value="yes" />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="covers_subdomains">"Also covers its subdomains"</label>
                    </div>
                </div>
            </div>
            <div class=move || if server_message(result, "initial").get().is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" }>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Is it already on the CIS2 allow list?"</legend>
                    <div class="nhsuk-radios" id="initial">
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="initial-active" name="initial" type="radio" value="active" checked />
                            <label class="nhsuk-label nhsuk-radios__label" for="initial-active">"Yes, it is active on CIS2"</label>
                        </div>
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="initial-to-submit" name="initial" type="radio" value="to_submit" />
                            <label class="nhsuk-label nhsuk-radios__label" for="initial-to-submit">"No, it still has to be submitted to NHS England"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <TextArea name="note" label="Note (optional)" error=server_message(result, "reason") />
            <button class="nhsuk-button" type="submit">"Add domain"</button>
        </PostForm>
    }
}

/// Organisation managers request a domain for one of their organisations.
#[component]
pub fn RequestDomain() -> impl IntoView {
    let me = me();
    view! {
        <PageTitle text="Request a domain" />
        <a class="nhsuk-back-link" href="/allow-list">"Back to the allow list"</a>
        <h1>"Request a domain for the allow list"</h1>
        <p>"An RA officer reviews your request and submits it to NHS England. It usually takes 1 to 2 weeks."</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let p = match signed_in(me).await {
                    Ok(p) => p,
                    Err(e) => {
                        e.apply_status();
                        return view! { <ErrorPanel error=e /> }.into_any();
                    }
                };
                let managed = p.managed_orgs();
                if managed.is_empty() {
                    let e = crate::AppError::Forbidden("This needs a sponsor (B1300) position at an organisation.".into());
                    e.apply_status();
                    return view! { <ErrorPanel error=e /> }.into_any();
                }
                let organisations = managed
                    .into_iter()
                    .map(|code| {
                        let name = p.organisations.iter().find(|o| o.code == code).map(|o| o.name.clone());
                        let text = match name {
                            Some(n) => format!("{n} ({code})"),
                            None => code.to_string(),
                        };
                        (code.to_string(), text)
                    })
                    .collect();
                view! { <RequestDomainForm organisations /> }.into_any()
            })}
        </Suspense>
    }
}

/// `organisations` are the (code, name) the manager may ask for.
#[island]
fn RequestDomainForm(organisations: Vec<(String, String)>) -> impl IntoView {
    let result = opens::<RequestDomainFn>(entry_page);
    let domain = RwSignal::new(String::new());
    let live = live_domain_error(domain);
    let server_domain = server_message(result, "domain");
    view! {
        <PostForm answer=result>
            <TextField name="domain" label="Domain" hint="The part of your staff's email addresses after the @"
                value=domain error=Signal::derive(move || live().or_else(|| server_domain.get())) width="20" />
            {domain_feedback(domain, live)}
            <ChoiceField name="ods_code" label="Organisation" options=organisations />
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="covers_subdomains" name="covers_subdomains" type="checkbox" value="yes" />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="covers_subdomains">"Staff also use subdomains of it"</label>
                    </div>
                </div>
            </div>
            <TextArea name="reason" label="Why do your staff use this domain?"
                hint="For example: it is our care home's own domain; carers' work addresses end in it."
                error=server_message(result, "reason") />
            <TextField name="evidence_url" label="Link to your organisation's website (optional)"
                hint="Helps the RA check the domain belongs to your organisation" input_type="url"
                error=server_message(result, "evidence_url") />
            <button class="nhsuk-button" type="submit">"Send request"</button>
        </PostForm>
    }
}
