//! Can an address be used with Microsoft Authenticator, and why: for people (the check
//! form) and for every feature that needs the answer on the server.

use leptos::prelude::*;

use super::CheckAnswer;
use crate::AppError;

#[server(endpoint = "allow-list/check")]
pub async fn check_address(address: String) -> Result<CheckAnswer, AppError> {
    use ra_domain::allow_list::CheckOutcome;
    crate::auth::admit::<CheckAddress>()?;
    let outcome = check(&crate::auth::db()?, &address).await?;
    let entry_id = match &outcome {
        CheckOutcome::Allowed { entry, .. } | CheckOutcome::NotActive { entry, .. } => {
            Some(entry.id.to_string())
        }
        CheckOutcome::ParentWithoutSubdomains { parent, .. } => Some(parent.id.to_string()),
        _ => None,
    };
    Ok(CheckAnswer {
        allowed: outcome.is_allowed(),
        message: outcome.explain(),
        entry_id,
    })
}

#[cfg(feature = "ssr")]
pub use server::{check, index_for};

#[cfg(feature = "ssr")]
mod server {
    use ra_db::{Db, repo::allow_list as repo};
    use ra_domain::allow_list::{AllowListIndex, CheckOutcome, address_domain};

    use crate::AppError;

    /// How `address` fares against the live allow list: the check every request and
    /// every manager's sign-in makes on the server, whatever the form already said.
    pub async fn check(db: &Db, address: &str) -> Result<CheckOutcome, AppError> {
        Ok(index_for(db, [address]).await?.check(address))
    }

    /// The live entries that could decide any of `addresses` (their domains and
    /// parents), fetched at once, to check many addresses without a query each.
    pub async fn index_for<'a>(
        db: &Db,
        addresses: impl IntoIterator<Item = &'a str>,
    ) -> Result<AllowListIndex, AppError> {
        let mut domains: Vec<String> = addresses
            .into_iter()
            .filter_map(|a| address_domain(a).ok())
            .flat_map(|d| d.self_and_parents().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        domains.sort();
        domains.dedup();
        let refs: Vec<&str> = domains.iter().map(String::as_str).collect();
        Ok(AllowListIndex::new(repo::live_for(db, &refs).await?))
    }
}
