//! Counting and timing every request by its route pattern.

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

use super::Metrics;

/// Requests that match no route (404s, scanners) share one label, so a stranger's made-up
/// paths cannot grow the number of series.
const UNMATCHED: &str = "unmatched";

pub async fn middleware(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = crate::guard::route_pattern(&req).unwrap_or(UNMATCHED);
    let method = match req.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        _ => "other",
    };
    let start = Instant::now();
    let res = next.run(req).await;
    metrics.observe(
        route,
        method,
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    res
}
