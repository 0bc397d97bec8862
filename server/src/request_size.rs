//! Forms and server functions are small, so their bodies are capped: without this a client
//! could make the portal buffer any number of megabytes (server functions read the whole
//! body before looking at it). The two CSV uploads have a limit of their own.

use axum::{
    body::Body,
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

use app::rights::paths::{
    ALLOW_LIST_UPLOAD, BACKCHANNEL_LOGOUT, BULK_REQUESTS_UPLOAD, ORGANISATIONS_UPLOAD,
};

/// Far above any form the portal shows (the longest is a few kilobytes of reasons).
pub const FORM_BODY_LIMIT: usize = 256 * 1024;

pub async fn middleware(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // The uploads have a limit of their own; the logout endpoint a smaller one, refused in
    // the protocol's words (400 with a JSON error).
    if [
        ALLOW_LIST_UPLOAD,
        BULK_REQUESTS_UPLOAD,
        ORGANISATIONS_UPLOAD,
        BACKCHANNEL_LOGOUT,
    ]
    .contains(&path)
    {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > FORM_BODY_LIMIT as u64) {
        tracing::warn!(
            path,
            bytes = declared,
            "request body over the limit refused"
        );
        // In the error type, so a server function's caller shows the message.
        return app::AppError::TooLarge.into_response();
    }
    // A body without a declared length stops being read at the limit.
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, FORM_BODY_LIMIT)));
    next.run(req).await
}
