//! The caller's [`Scope`] for reads whose answer depends on who asks: everything for RA
//! officers and auditors, their organisations and (for CIS2 sponsors) their sites for
//! managers. Made only from a capability; a caller with none of these roles is refused.

use ra_db::{Db, repo::organisations};
use ra_domain::{Manager, Principal, Scope};

use crate::AppError;

/// What `me` may read.
pub async fn of_reader(db: &Db, me: &Principal) -> Result<Scope, AppError> {
    if let Ok(scope) = of_watcher(me) {
        return Ok(scope);
    }
    of_manager(db, &me.manager()?).await
}

/// Everything, for those who watch every organisation: RA officers and auditors.
pub fn of_watcher(me: &Principal) -> Result<Scope, AppError> {
    if let Ok(officer) = me.ra_officer() {
        return Ok(Scope::of_officer(&officer));
    }
    Ok(Scope::of_auditor(&me.auditor()?))
}

/// The organisations a manager may raise requests for and follow: their own and, for a
/// CIS2 sponsor of a group, its sites.
pub async fn of_manager(db: &Db, manager: &Manager) -> Result<Scope, AppError> {
    let sites = if manager.manages_sites() {
        organisations::sites_of(db, manager.roots()).await?
    } else {
        Vec::new()
    };
    Ok(manager.scope(sites))
}
