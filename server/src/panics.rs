//! A handler that panics answers like any other internal error: a 500 with the one
//! `AppError` body, no panic message, path or backtrace in it; the message goes to the log.

use std::any::Any;

use app::error::AppError;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

type Handler = fn(Box<dyn Any + Send + 'static>) -> Response;

pub fn layer() -> CatchPanicLayer<Handler> {
    CatchPanicLayer::custom(answer as Handler)
}

fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    AppError::Internal.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{Router, body::Body, routing::get};
    use http::Request;
    use tower::ServiceExt;

    #[allow(clippy::panic, reason = "the fault under test")]
    async fn boom() -> &'static str {
        let path = "/srv/ra-portal/src/secret.rs";
        panic!("SELECT token FROM sessions at {path}")
    }

    #[tokio::test]
    #[allow(clippy::panic, clippy::unwrap_used, reason = "the fault under test")]
    async fn a_panic_is_an_internal_error_with_nothing_of_the_panic_in_it() {
        let app = Router::new().route("/boom", get(boom)).layer(layer());
        let res = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert_eq!(
            AppError::from_body(&body),
            Some(AppError::Internal),
            "{body}"
        );
        for leak in ["SELECT", "sessions", "/srv", ".rs", "panicked"] {
            assert!(!body.contains(leak), "{leak} in {body}");
        }
    }
}
