//! The server's plain HTTP routes (neither pages nor server functions), in one list: the
//! router is built from it, and the authorisation test calls every one of them.

use app::{
    api::{allow_list::DomainImport, organisation::OrgImport, registration::StaffImport},
    rights::{Method, paths},
};
use axum::routing::{MethodRouter, get, post};

use crate::{auth_routes, backchannel, email_sign_in, exports, ops, state::AppState, uploads};

pub fn plain() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    use Method::{Get, Post};
    vec![
        (Get, paths::HEALTHZ, get(ops::healthz)),
        (Get, paths::READYZ, get(ops::readyz)),
        (Get, paths::LOGIN, get(auth_routes::login)),
        (Get, paths::CALLBACK, get(auth_routes::callback)),
        (Post, paths::LOGOUT, post(auth_routes::logout)),
        (Post, paths::EMAIL_LINK, post(email_sign_in::sign_in)),
        (Get, paths::JWKS, get(auth_routes::jwks)),
        (Post, paths::BACKCHANNEL_LOGOUT, post(backchannel::logout)),
        (
            Get,
            paths::BACKCHANNEL_LOGOUT,
            get(backchannel::wrong_method),
        ),
        (
            Post,
            paths::ALLOW_LIST_UPLOAD,
            post(uploads::upload::<DomainImport>).layer(uploads::body_limit()),
        ),
        (
            Post,
            paths::BULK_REQUESTS_UPLOAD,
            post(uploads::upload::<StaffImport>).layer(uploads::body_limit()),
        ),
        (
            Post,
            paths::ORGANISATIONS_UPLOAD,
            post(uploads::upload::<OrgImport>).layer(uploads::body_limit()),
        ),
        (Get, paths::ALLOW_LIST_EXPORT, get(exports::allow_list)),
        (Get, paths::ADOPTION_EXPORT, get(exports::adoption)),
        (Get, paths::AUDIT_EXPORT, get(exports::audit)),
        (Get, paths::DEVICES_EXPORT, get(exports::devices)),
        (Get, paths::REQUESTS_EXPORT, get(exports::requests)),
    ]
}
