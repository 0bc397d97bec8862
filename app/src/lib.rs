//! RA Portal user interface: pages, components and server functions.
//!
//! Rendered on the server (`ssr`) and hydrated in the browser (`hydrate`). Anything that
//! must never reach the browser — SQL, sessions, secrets — sits behind `ssr`.

pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod components;
pub mod csp;
pub mod error;
pub mod me;
pub mod pages;
pub mod rights;

pub use app::{App, shell};
pub use error::AppError;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for tests and tools: from here on, forms run through the app.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
