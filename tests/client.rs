//! The generated Telegram client against a real HTTP server on 127.0.0.1: a small
//! HTTP/1.1 server that records each request and answers with a canned response.

use std::sync::{Arc, Mutex};

use telegram_bot_api::client::{Bot, Error};
use telegram_bot_api::methods::SendPhoto;
use telegram_bot_api::types::{InputFile, InputMediaPhoto, SendMediaGroupMedia};

const TOKEN: &str = "123456:SECRET-token";

#[path = "http_server.rs"]
mod http_server;
use http_server::Seen;

/// A server for the Telegram URL scheme: `http://127.0.0.1:port/bot{token}/{method}`.
async fn server(status: u16, body: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let (base, seen) = http_server::server(status, body).await;
    (format!("{base}/bot{{token}}/{{method}}"), seen)
}

const MESSAGE: &str = r#"{"ok":true,"result":{"message_id":42,"date":1700000000,"chat":{"id":7,"type":"private","first_name":"A"},"text":"hi"}}"#;

#[tokio::test]
async fn json_call_with_optional_parameters() {
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let message = bot.send_message(7, "hi").parse_mode("HTML").await.unwrap();
    assert_eq!(message.message_id, 42);
    assert_eq!(message.chat.id, 7);
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("POST /bot{TOKEN}/sendMessage HTTP/1.1")
    );
    assert!(
        seen.headers.contains("content-type: application/json"),
        "{}",
        seen.headers
    );
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"chat_id": 7, "text": "hi", "parse_mode": "HTML"})
    );
}

#[tokio::test]
async fn execute_sends_a_request_built_apart() {
    let (url, seen) = server(200, r#"{"ok":true,"result":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let request = telegram_bot_api::methods::DeleteMessage::new("@channel", 5);
    bot.execute(request).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&seen.lock().unwrap()[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"chat_id": "@channel", "message_id": 5})
    );
}

#[tokio::test]
async fn a_request_with_a_file_is_sent_as_multipart() {
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let photo = InputFile::upload("cat.jpg", b"JPEG-BYTES".to_vec());
    let part = photo.part_name().unwrap();
    let request = SendPhoto::new(7, photo).caption("a cat");
    bot.call(&request).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert!(
        seen.headers.contains("content-type: multipart/form-data"),
        "{}",
        seen.headers
    );
    let body = seen.body_text();
    assert!(body.contains("name=\"chat_id\"\r\n\r\n7\r\n"), "{body}");
    assert!(body.contains("name=\"caption\"\r\n\r\na cat\r\n"), "{body}");
    assert!(
        body.contains(&format!("name=\"photo\"\r\n\r\nattach://{part}\r\n")),
        "{body}"
    );
    assert!(
        body.contains(&format!("name=\"{part}\"; filename=\"cat.jpg\"")),
        "{body}"
    );
    assert!(body.contains("JPEG-BYTES"), "{body}");
}

#[tokio::test]
async fn files_inside_a_media_array_are_attached() {
    let (url, seen) = server(200, r#"{"ok":true,"result":[]}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let upload = InputFile::upload("a.png", b"PNG-A".to_vec());
    let part = upload.part_name().unwrap();
    let media: Vec<SendMediaGroupMedia> = vec![
        InputMediaPhoto::new(upload).into(),
        InputMediaPhoto::new(InputFile::file_id("AgADBAAD")).into(),
    ];
    let sent = bot.send_media_group(7, media).await.unwrap();
    assert!(sent.is_empty());
    let body = seen.lock().unwrap()[0].body_text();
    let media_field = body
        .split("name=\"media\"\r\n\r\n")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .unwrap();
    let media: serde_json::Value = serde_json::from_str(media_field).unwrap();
    assert_eq!(
        media,
        serde_json::json!([
            {"type": "photo", "media": format!("attach://{part}")},
            {"type": "photo", "media": "AgADBAAD"}
        ])
    );
    assert!(
        body.contains(&format!("name=\"{part}\"; filename=\"a.png\"")),
        "{body}"
    );
    assert!(body.contains("PNG-A"));
}

#[tokio::test]
async fn an_api_error_exposes_code_description_and_retry_after() {
    let (url, _) = server(
        429,
        r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let error = bot.get_me().await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.error_code, 429);
    assert_eq!(api.description, "Too Many Requests: retry after 5");
    assert_eq!(api.retry_after(), Some(5));
    assert_eq!(api.migrate_to_chat_id(), None);
}

#[tokio::test]
async fn a_garbage_answer_is_a_decode_error() {
    let (url, _) = server(502, "<html>Bad Gateway</html>").await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    match bot.get_me().await {
        Err(Error::Decode { status, .. }) => assert_eq!(status, 502),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_token_never_shows_in_debug_or_errors() {
    // Nothing listens on this port (bound, then dropped).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let bot =
        Bot::new(TOKEN).with_api_url(format!("http://127.0.0.1:{port}/bot{{token}}/{{method}}"));
    assert!(!format!("{bot:?}").contains("SECRET"));
    let error = bot.get_me().await.unwrap_err();
    assert!(matches!(error, Error::Http(_)), "{error:?}");
    assert!(!error.to_string().contains("SECRET"), "{error}");
    assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
}
