//! Where an audit entry comes from, besides its actor's id: the request that made it and,
//! when the actor is the person signed in, the name, roles and organisations they acted
//! as. The server sets it once per request around everything the request's handler
//! awaits, so no call site can forget it; entries made outside a request (start-up,
//! housekeeping) have none. Work spawned onto another task does not carry it, so the
//! portal records its audit entries in the request's own task.

use std::future::Future;

use ra_domain::{PersonId, audit::Provenance};

/// The person signed in, as the audit trail names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub person: PersonId,
    pub name: String,
    pub roles: String,
    pub orgs: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub acting: Option<Acting>,
}

impl Origin {
    /// What an entry by `actor` records: the acting person's name, roles and
    /// organisations only when they are the actor (an anonymous step taken while someone
    /// happens to be signed in is not theirs).
    pub fn provenance(&self, actor: Option<PersonId>) -> Provenance<'_> {
        let acting = self
            .acting
            .as_ref()
            .filter(|a| actor.is_some_and(|id| id == a.person));
        Provenance {
            actor_name: acting.map(|a| a.name.as_str()),
            actor_role: acting.map(|a| a.roles.as_str()).filter(|r| !r.is_empty()),
            actor_org: acting.map(|a| a.orgs.as_str()).filter(|o| !o.is_empty()),
            request_id: self.request_id.as_deref(),
            client_addr: self.client_addr.as_deref(),
        }
    }
}

tokio::task_local! {
    static ORIGIN: Origin;
}

/// Runs `f` with `origin` as the origin of every audit entry it records.
pub async fn within<F: Future>(origin: Origin, f: F) -> F::Output {
    ORIGIN.scope(origin, f).await
}

/// The origin of the entries being recorded now (none outside a request).
pub fn current() -> Origin {
    ORIGIN.try_with(Clone::clone).unwrap_or_default()
}
