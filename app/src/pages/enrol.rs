use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::enrolment::{ConfirmEnrolmentCode, FinishEnrolment, SendEnrolmentCode, open_enrolment},
    components::{Answer, PageTitle, PostForm, TextField, server_message},
};

/// The person being registered sets up Microsoft Authenticator: a code by email, then
/// the QR code (shown once), then the app's first code.
#[component]
pub fn Enrol() -> impl IntoView {
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let link = OnceResource::new(open_enrolment(token.clone()));
    view! {
        <PageTitle text="Set up Microsoft Authenticator" />
        <h1>"Set up Microsoft Authenticator"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {Suspend::new(async move {
                crate::pages::or_error(link.await, move |view| {
                    if let Some(problem) = view.problem.clone() {
                        return view! {
                            <div class="nhsuk-error-summary" role="alert" tabindex="-1" aria-labelledby="link-problem">
                                <h2 class="nhsuk-error-summary__title" id="link-problem">"This link cannot be used"</h2>
                                <div class="nhsuk-error-summary__body"><p>{problem}</p></div>
                            </div>
                        }
                        .into_any();
                    }
                    let name = view.person_name.clone();
                    let sent = view.code_sent;
                    view! {
                        <p class="nhsuk-lede-text">{format!("Hello {name}.")}</p>
                        <Ceremony token already_sent=sent />
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The three steps, in the browser: the QR code comes as the answer to the second and is
/// never written into a page.
#[island]
fn Ceremony(token: String, already_sent: bool) -> impl IntoView {
    let send = Answer::<SendEnrolmentCode>::new();
    let confirm = Answer::<ConfirmEnrolmentCode>::new();
    let finish = Answer::<FinishEnrolment>::new();
    let sent = move || already_sent || matches!(send.get(), Some(Ok(())));
    let secret = move || confirm.get().and_then(Result::ok);
    let done = move || matches!(finish.get(), Some(Ok(())));
    let (t1, t2, t3) = (token.clone(), token.clone(), token);
    view! {
        {move || {
            if done() {
                return view! {
                    <div class="nhsuk-card nhsuk-card--feedback" data-testid="enrolled">
                        <div class="nhsuk-card__content">
                            <h2 class="nhsuk-card__heading">"You are set up"</h2>
                            <p class="nhsuk-card__description">"Microsoft Authenticator is registered. Next time you sign in to CIS2, choose Authenticator app and enter the code it shows."</p>
                        </div>
                    </div>
                }
                .into_any();
            }
            if let Some(s) = secret() {
                let t = t3.clone();
                return view! {
                    <h2>"Step 3: scan the QR code"</h2>
                    <p>"In Microsoft Authenticator, choose Add account, then Other account, and scan this code. It is shown only once."</p>
                    <div class="ra-qr" role="img" aria-label="QR code for Microsoft Authenticator" inner_html=s.qr_svg></div>
                    <p>"If you cannot scan it, enter this key in the app instead:"</p>
                    <p class="ra-secret" data-testid="totp-secret">{s.secret}</p>
                    <p class="nhsuk-body-s">{format!("Account: {}", s.account)}</p>
                    <PostForm answer=finish>
                        <input type="hidden" name="token" value=t />
                        <TextField name="code" label="Enter the 6-digit code the app shows" input_type="text"
                            error=server_message(finish, "code") width="5" />
                        <button class="nhsuk-button" type="submit">"Finish set-up"</button>
                    </PostForm>
                }
                .into_any();
            }
            if sent() {
                let t = t2.clone();
                return view! {
                    <h2>"Step 2: enter the code we emailed you"</h2>
                    <PostForm answer=confirm>
                        <input type="hidden" name="token" value=t />
                        <TextField name="code" label="Security code" hint="6 digits, from the email we just sent"
                            error=server_message(confirm, "code") width="5" />
                        <button class="nhsuk-button" type="submit">"Continue"</button>
                    </PostForm>
                }
                .into_any();
            }
            let t = t1.clone();
            view! {
                <h2>"Step 1: check it is you"</h2>
                <p>"We will email a security code to the address your Registration Authority has for you. Have Microsoft Authenticator ready on your phone."</p>
                <PostForm answer=send>
                    <input type="hidden" name="token" value=t />
                    <button class="nhsuk-button" type="submit">"Email me a security code"</button>
                </PostForm>
            }
            .into_any()
        }}
    }
}
