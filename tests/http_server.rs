//! A small HTTP/1.1 server on 127.0.0.1 for the generated clients' tests: it records
//! each request and answers with a canned response. Included by the client tests with
//! `#[path]` (the `tests` library cannot use the async runtime, a dev-dependency).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub request_line: String,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Starts a server that answers every request with `status` and `body`; returns its
/// base URL (`http://127.0.0.1:port`) and what the server saw.
pub async fn server(status: u16, body: impl Into<String>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    slow_server(status, body, Duration::ZERO).await
}

/// Like [`server`], but each answer comes `delay` after its request (a long poll, a
/// server that hangs: `Duration::MAX` never answers).
pub async fn slow_server(
    status: u16,
    body: impl Into<String>,
    delay: Duration,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let body: String = body.into();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        // Bounded: the tests send a handful of requests.
        for _ in 0..16 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut data = Vec::new();
            let mut buffer = [0u8; 8192];
            let (head_end, length) = loop {
                let n = socket.read(&mut buffer).await.unwrap();
                if n == 0 {
                    return;
                }
                data.extend_from_slice(&buffer[..n]);
                if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    break (end + 4, length);
                }
            };
            while data.len() < head_end + length {
                let n = socket.read(&mut buffer).await.unwrap();
                data.extend_from_slice(&buffer[..n]);
            }
            let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
            let (request_line, headers) = head.split_once("\r\n").unwrap();
            log.lock().unwrap().push(Seen {
                request_line: request_line.to_owned(),
                headers: headers.to_ascii_lowercase(),
                body: data[head_end..head_end + length].to_vec(),
            });
            if delay == Duration::MAX {
                // Hold the connection open without answering, until the client gives up.
                let _ = socket.read(&mut buffer).await;
                continue;
            }
            tokio::time::sleep(delay).await;
            let answer = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            // A client that gave up (a timeout test) has closed the connection.
            let _ = socket.write_all(answer.as_bytes()).await;
            socket.shutdown().await.ok();
        }
    });
    (format!("http://{address}"), seen)
}
