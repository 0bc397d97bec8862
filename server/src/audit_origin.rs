//! Every request's audit origin — its request id, the client's address (through the
//! trusted-proxy rule) and who is signed in — set around the handler, so each audit entry
//! the request records carries them (`ra_db::repo::audit::origin`). A refusal of someone
//! signed in (403) is recorded here too, once for every route, page and server function.

use std::net::SocketAddr;

use app::AppError;
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use ra_db::repo::audit::{
    self, AuditEvent, Subject,
    origin::{self, Acting, Origin},
};
use ra_domain::Principal;
use serde_json::json;

use crate::state::AppState;

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = Origin {
        request_id: req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        client_addr: crate::client_addr::of_request(
            req.headers(),
            req.extensions().get::<ConnectInfo<SocketAddr>>(),
            &state.config.network.trusted_proxies,
        )
        .map(|a| a.to_string()),
        acting: req.extensions().get::<Principal>().map(acting),
    };
    let person = origin.acting.as_ref().map(|a| a.person);
    let method = req.method().to_string();
    let route = crate::route_name::route_name(&req);
    let res = origin::within(origin.clone(), next.run(req)).await;
    if let (true, Some(person)) = (AppError::is_refusal(res.status().as_u16()), person) {
        let event = AuditEvent {
            actor: Some(person),
            action: "access.refused",
            subject_type: Subject::Access,
            subject_id: Some(&route),
            subject_org: None,
            details: json!({
                "summary": format!("Refused {method} {route}: the person's roles do not allow it"),
                "method": method,
                "route": route,
            }),
            occurred_at: chrono::Utc::now(),
        };
        let recorded = origin::within(origin, audit::record_alone(&state.db, event)).await;
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "a refusal could not be audited");
        }
    }
    res
}

/// The signed-in person as the trail names them: their roles with the organisation each
/// is held at ("RA agent at RX1"), and those organisations' codes.
pub fn acting(p: &Principal) -> Acting {
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| format!("{} at {}", r.label(), r.org_code()))
        .collect();
    let mut orgs: Vec<String> = p.roles.iter().map(|r| r.org_code().to_string()).collect();
    orgs.dedup();
    Acting {
        person: p.person_id,
        name: p.display_name.clone(),
        roles: roles.join("; "),
        orgs: orgs.join(", "),
    }
}

/// Runs `f` with `principal` as the person acting: a request signing them in has no
/// session yet, but its entries name them with the roles they sign in with.
pub async fn as_acting<F: std::future::Future>(principal: &Principal, f: F) -> F::Output {
    let origin = Origin {
        acting: Some(acting(principal)),
        ..origin::current()
    };
    origin::within(origin, f).await
}
