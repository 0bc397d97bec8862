//! `ra-portal`: the RA Portal web server.

use std::process::ExitCode;

use server::{config::Config, startup};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("generate") {
        return server::generate::cli::run(&args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("verify-audit") {
        return server::verify_audit::run(&args[1..]).await;
    }
    let (config, unknown) = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config);
    for name in unknown {
        tracing::warn!(variable = %name, "unknown RA_ setting ignored; check the spelling against README");
    }
    let bind = config.bind_addr;
    let metrics_addr = config.metrics_addr;
    let public_url = config.public_url.to_string();
    let portal = match startup::build(config).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("configuration error: RA_BIND_ADDR: cannot listen on {bind}: {e}");
            return ExitCode::from(2);
        }
    };
    let metrics = match metrics_addr {
        Some(addr) => match serve_metrics(addr, &portal.state).await {
            Ok(task) => Some(task),
            Err(e) => {
                eprintln!("configuration error: RA_METRICS_ADDR: cannot listen on {addr}: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let housekeeping = startup::spawn_housekeeping(portal.state.clone());
    let checkpoints = startup::spawn_checkpoints(portal.state.clone());
    let poll = portal.state.config.mail.poll;
    let mail_worker = server::mail::spawn_worker(portal.state.db.clone(), portal.mailer, poll);
    tracing::info!(%bind, %public_url, "RA Portal listening");
    let app = portal
        .router
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    housekeeping.abort();
    checkpoints.abort();
    mail_worker.abort();
    if let Some(m) = metrics {
        m.abort();
    }
    portal.state.db.close().await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "server error");
            ExitCode::FAILURE
        }
    }
}

/// `/metrics` on its own listener, for Prometheus only (see README, Operations).
async fn serve_metrics(
    addr: std::net::SocketAddr,
    state: &server::state::AppState,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let app = server::metrics::router(state.metrics.clone(), state.db.clone());
    tracing::info!(%addr, "metrics listening at /metrics");
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "metrics listener failed");
        }
    }))
}

/// SIGTERM (orchestrators) or Ctrl-C: stop accepting, finish in-flight requests.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received");
}
