use leptos::prelude::*;

use crate::components::PageTitle;

#[component]
pub fn Accessibility() -> impl IntoView {
    view! {
        <PageTitle text="Accessibility statement" />
        <h1>"Accessibility statement"</h1>
        <p>
            "RA Portal is built with the NHS.UK design system and aims to meet WCAG 2.2 level AA. Every page is checked automatically with axe-core in our end-to-end tests."
        </p>
        <p>"If you find a problem, tell your Registration Authority so it can be fixed."</p>
    }
}
