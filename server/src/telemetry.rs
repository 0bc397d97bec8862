//! Structured logs with `tracing`; each request gets an id (`x-request-id`).

use tracing::Subscriber;
use tracing_subscriber::{
    EnvFilter, Layer, fmt, fmt::MakeWriter, prelude::*, registry::LookupSpan,
};

use crate::config::{Config, LogFormat};

pub fn init(config: &Config) {
    let _ = tracing_subscriber::registry()
        .with(layer(
            &config.log_filter,
            config.log_format,
            std::io::stdout,
        ))
        .try_init();
}

/// The portal's log output, filtered by `filter` (an `RA_LOG` value), written to
/// `writer`. Tests capture a whole run's logs through it to prove nothing secret is in
/// them.
pub fn layer<S, W>(filter: &str, format: LogFormat, writer: W) -> Box<dyn Layer<S> + Send + Sync>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let output = match format {
        LogFormat::Json => fmt::layer()
            .json()
            .with_current_span(true)
            .with_writer(writer)
            .boxed(),
        LogFormat::Text => fmt::layer().compact().with_writer(writer).boxed(),
    };
    output.with_filter(filter).boxed()
}
