//! Everything the portal serves, for the tests of the rights table.

/// Everything the portal serves, as (kind, method, path): server functions from their
/// registry, pages from the router, the server's plain routes from its list.
pub fn served() -> Vec<(app::rights::Kind, app::rights::Method, String)> {
    use app::rights::{Kind, Method};
    let fns = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| (Kind::ServerFn, Method::Post, p.to_owned()));
    let pages = server::startup::page_paths()
        .into_iter()
        .map(|p| (Kind::Page, Method::Get, p));
    let routes = server::routes::plain()
        .into_iter()
        .map(|(m, p, _)| (Kind::Route, m, p.to_owned()));
    fns.chain(pages).chain(routes).collect()
}

/// [`app::rights::unlisted`] of everything [`served`].
pub fn unlisted() -> Vec<String> {
    let served = served();
    app::rights::unlisted(served.iter().map(|(k, m, p)| (*k, *m, p.as_str())))
}
