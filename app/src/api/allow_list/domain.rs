//! Whether a domain can be listed, by the server's rules: the browser's own check leaves
//! out the public-suffix rule (the Public Suffix List is about a third of the wasm), so
//! the add and request forms ask here as the person types.

use leptos::prelude::*;

use crate::AppError;

/// The refusal a domain would get (`None`: it can be listed). Pure: reads nothing stored.
#[server(endpoint = "allow-list/domain")]
pub async fn domain_problem(domain: String) -> Result<Option<String>, AppError> {
    crate::auth::admit::<DomainProblem>()?;
    Ok(ra_domain::allow_list::DomainName::parse(&domain)
        .err()
        .map(|e| e.to_string()))
}
