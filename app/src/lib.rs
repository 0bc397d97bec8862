//! RA Portal user interface: pages, components and server functions.
//!
//! Rendered on the server (`ssr`); in the browser (`hydrate`) only the islands — the
//! forms and their live checks — hydrate. Anything that must never reach the browser —
//! SQL, sessions, secrets — sits behind `ssr`.

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
    use leptos::prelude::{document, set_timeout};
    console_error_panic_hook::set_once();
    // Only the islands (the forms) hydrate; Leptos's loader hydrates each one right after
    // this returns, within the same task.
    leptos::mount::hydrate_islands();
    // A marker for tests and tools: from here on, forms run through the app. A timeout
    // runs after the loader's island walk, which only awaits already-settled promises.
    set_timeout(
        || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
