//! The HTTP client for calls to CIS2: discovery, token, userinfo and its keys.

use std::time::Duration;

/// How long an idle connection to the provider is kept for reuse.
///
/// A server closes idle keep-alive connections on its own clock (Node and Apache after
/// 5 s), and a request written as that close arrives fails with "connection closed
/// before message completed": a sign-in refused for nothing. The client must give up an
/// idle connection first. Reuse only matters within one sign-in, where the token and
/// userinfo calls follow each other in milliseconds, so one second loses nothing.
pub(super) const PROVIDER_IDLE: Duration = Duration::from_secs(1);

/// No redirects followed (SSRF guidance for a provider's endpoints), a short timeout,
/// and idle connections dropped before the provider drops them.
pub(super) fn provider_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .pool_idle_timeout(PROVIDER_IDLE)
        .build()
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use tokio::{
        io::{AsyncReadExt, AsyncWriteExt},
        net::{TcpListener, TcpStream},
    };

    use super::*;

    /// Longer than the client keeps a connection, shorter than the test's pause.
    const SERVER_IDLE: Duration = Duration::from_millis(1500);

    /// A keep-alive server that loses every race: a request arriving on a connection
    /// idle past `SERVER_IDLE` meets a closed socket, as it does when Node's close and
    /// the client's write cross. Each answer is the connection's number.
    async fn racing_server() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = listener.local_addr().expect("its address");
        tokio::spawn(async move {
            for n in 1.. {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(socket, n));
            }
        });
        format!("http://{addr}/")
    }

    async fn serve(mut socket: TcpStream, n: u32) {
        let mut last_answer: Option<Instant> = None;
        let mut buf = [0u8; 4096];
        loop {
            let mut request = Vec::new();
            while !request.ends_with(b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(k) => request.extend_from_slice(&buf[..k]),
                }
            }
            if last_answer.is_some_and(|t| t.elapsed() > SERVER_IDLE) {
                return; // dropped: the client sees the connection close mid-request
            }
            let body = n.to_string();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
            if socket.write_all((head + &body).as_bytes()).await.is_err() {
                return;
            }
            last_answer = Some(Instant::now());
        }
    }

    async fn connection_of(client: &reqwest::Client, url: &str) -> reqwest::Result<String> {
        client.get(url).send().await?.text().await
    }

    #[tokio::test]
    async fn calls_in_one_sign_in_share_a_connection() {
        let url = racing_server().await;
        let client = provider_client().expect("a client");
        let token = connection_of(&client, &url).await.expect("answered");
        // The connection goes back to the pool from a task of its own; the userinfo call
        // follows the token call's checks, not in the same instant.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let userinfo = connection_of(&client, &url).await.expect("answered");
        assert_eq!(
            token, userinfo,
            "the second call reused the first's connection"
        );
    }

    #[tokio::test]
    async fn a_call_after_an_idle_pause_never_rides_a_connection_the_provider_closed() {
        assert!(PROVIDER_IDLE < SERVER_IDLE);
        let url = racing_server().await;
        let client = provider_client().expect("a client");
        let first = connection_of(&client, &url).await.expect("answered");
        tokio::time::sleep(SERVER_IDLE + Duration::from_millis(500)).await;
        let second = connection_of(&client, &url)
            .await
            .expect("a fresh connection, not the one the provider dropped");
        assert_ne!(first, second);
    }
}
