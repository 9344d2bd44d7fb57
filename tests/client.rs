//! The generated Telegram client against a real HTTP server on 127.0.0.1: a small
//! HTTP/1.1 server that records each request and answers with a canned response.

use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use telegram_bot_api::client::{Bot, Error};
use telegram_bot_api::methods::SendPhoto;
use telegram_bot_api::prelude::*;
use telegram_bot_api::types::{InputFile, InputMediaPhoto, SendMediaGroupMedia};

const TOKEN: &str = "123456:SECRET-token";

#[path = "http_server.rs"]
mod http_server;
use http_server::Seen;

/// A server for the Telegram URL scheme: `http://127.0.0.1:port/bot{token}/{method}`.
async fn server(status: u16, body: impl Into<String>) -> (String, Arc<Mutex<Vec<Seen>>>) {
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
async fn a_proxy_error_page_keeps_its_status_and_body() {
    let (url, _) = server(502, "<html>Bad Gateway</html>").await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let error = bot.get_me().await.unwrap_err();
    match &error {
        Error::Decode { status, body, .. } => {
            assert_eq!(*status, 502);
            assert_eq!(body, "<html>Bad Gateway</html>");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(error.status(), Some(502));
    let text = error.to_string();
    assert!(
        text.contains("HTTP 502") && text.contains("Bad Gateway"),
        "{text}"
    );

    // A long page is kept in part, cut at a character boundary.
    let page = format!("<html>{}</html>", "é".repeat(3000));
    let (url, _) = server(502, page.clone()).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let Err(Error::Decode { body, .. }) = bot.get_me().await else {
        panic!("expected a decode error");
    };
    assert!(body.len() <= 1024 && body.len() > 1000, "{}", body.len());
    assert!(page.starts_with(&body));
}

#[tokio::test]
async fn an_error_without_code_keeps_the_http_status() {
    let (url, _) = server(500, r#"{"ok":false}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let error = bot.get_me().await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.http_status, Some(500));
    assert_eq!(error.status(), Some(500));
    assert!(error.to_string().contains("HTTP 500"), "{error}");
}

#[tokio::test]
async fn a_success_without_result_is_a_decode_error_unless_the_method_returns_true() {
    let (url, _) = server(200, r#"{"ok":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    match bot.get_me().await.unwrap_err() {
        Error::Decode { status, source, .. } => {
            assert_eq!(status, 200);
            assert!(source.to_string().contains("`result`"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let (url, _) = server(200, r#"{"ok":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    bot.delete_message(7, 5).await.unwrap();
}

#[tokio::test]
async fn unknown_fields_of_the_envelope_and_its_parameters_are_kept() {
    let (url, _) = server(
        400,
        r#"{"ok":false,"error_code":400,"description":"Bad Request","parameters":{"retry_after":1,"new_hint":"x"},"trace_id":"t-1"}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let error = bot.get_me().await.unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.extra["trace_id"], "t-1");
    let parameters = api.parameters.as_ref().unwrap();
    assert_eq!(parameters.retry_after, Some(1));
    assert_eq!(parameters.extra["new_hint"], "x");

    // And written back.
    let text = r#"{"ok":true,"result":true,"trace_id":"t-2"}"#;
    let response: telegram_bot_api::methods::Response<bool> = serde_json::from_str(text).unwrap();
    assert_eq!(response.extra["trace_id"], "t-2");
    let back: serde_json::Value = serde_json::to_value(&response).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

/// A `getUpdates` answer whose third update has a `message_id` of the wrong type.
const UPDATES_WITH_A_BAD_ONE: &str = r#"{"ok":true,"result":[
{"update_id":29,"message":{"message_id":29,"date":1700000000,"chat":{"id":7,"type":"private"},"text":"a"}},
{"update_id":30,"message":{"message_id":30,"date":1700000001,"chat":{"id":7,"type":"private"},"text":"b"}},
{"update_id":31,"message":{"message_id":"thirty-one","date":1700000002,"chat":{"id":7,"type":"private"},"text":"c"}},
{"update_id":32,"message":{"message_id":32,"date":1700000003,"chat":{"id":7,"type":"private"},"text":"d"}}]}"#;

#[tokio::test]
async fn one_bad_update_does_not_sink_the_batch() {
    let (url, _) = server(200, UPDATES_WITH_A_BAD_ONE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 4);
    let good: Vec<i64> = updates.successes().map(|u| u.update_id).collect();
    assert_eq!(good, [29, 30, 32]);
    let bad: Vec<_> = updates.errors().collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].id, Some(31));
    assert_eq!(bad[0].id_field, "update_id");
    assert!(
        bad[0].message.contains("invalid type"),
        "{}",
        bad[0].message
    );
    assert_eq!(bad[0].value["message"]["message_id"], "thirty-one");
    assert!(bad[0].to_string().contains("update_id 31"), "{}", bad[0]);
    assert!(updates[2].is_err());

    // What a polling loop does: acknowledge every update, read or not.
    let mut offset = 0;
    for update in updates.clone() {
        offset = match update {
            Ok(update) => update.update_id + 1,
            Err(error) => error.id.unwrap() + 1,
        };
    }
    assert_eq!(offset, 33);

    // Written back, the bad update is as it came.
    let back = serde_json::to_value(&updates).unwrap();
    let sent: serde_json::Value = serde_json::from_str(UPDATES_WITH_A_BAD_ONE).unwrap();
    assert_eq!(back[2], sent["result"][2]);
}

#[test]
fn a_batch_reads_in_one_pass_or_element_by_element_alike() {
    use telegram_bot_api::methods::{GetUpdates, Method};
    use telegram_bot_api::types::{Batch, Update};
    // The client's path (one pass first) and serde's (element by element) agree.
    for answer in [UPDATES_WITH_A_BAD_ONE, MESSAGE_UPDATES] {
        let fast = GetUpdates::read_response(answer.as_bytes()).unwrap();
        let plain: telegram_bot_api::methods::Response<Batch<Update>> =
            serde_json::from_str(answer).unwrap();
        assert_eq!(fast, plain);
    }
    let good = GetUpdates::read_response(MESSAGE_UPDATES.as_bytes()).unwrap();
    assert_eq!(good.result.unwrap().successes().count(), 2);
}

const MESSAGE_UPDATES: &str = r#"{"ok":true,"result":[{"update_id":1},{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":7,"type":"private"}}}]}"#;

#[test]
fn a_broken_message_is_an_error_not_an_inaccessible_or_unknown_one() {
    use telegram_bot_api::types::{MaybeInaccessibleMessage, Update};
    let read = |json: &str| serde_json::from_str::<MaybeInaccessibleMessage>(json);
    // `date` 0: inaccessible.
    let inaccessible = read(r#"{"chat":{"id":1,"type":"private"},"message_id":3,"date":0}"#);
    assert!(matches!(
        inaccessible,
        Ok(MaybeInaccessibleMessage::InaccessibleMessage(_))
    ));
    // Any other date: a message, which must read.
    let message = read(r#"{"chat":{"id":1,"type":"private"},"message_id":3,"date":5}"#);
    assert!(matches!(message, Ok(MaybeInaccessibleMessage::Message(_))));
    let broken = read(r#"{"chat":{"id":1,"type":"private"},"message_id":"three","date":5}"#);
    let error = broken.unwrap_err().to_string();
    assert!(error.contains("invalid type"), "{error}");
    // A value without the tag field (from a newer API) is kept as is.
    let other = read(r#"{"something":"new"}"#);
    assert!(matches!(other, Ok(MaybeInaccessibleMessage::Unknown(_))));

    // In an update, the broken message fails the update (which a batch then isolates).
    let update = r#"{"update_id":9,"callback_query":{"id":"q","from":{"id":1,"is_bot":false,"first_name":"A"},"chat_instance":"c","message":{"chat":{"id":1,"type":"private"},"message_id":"three","date":5}}}"#;
    assert!(serde_json::from_str::<Update>(update).is_err());
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_with_the_cause_in_the_message() {
    let (url, _) = http_server::slow_server(200, MESSAGE, Duration::MAX).await;
    let bot = Bot::new(TOKEN)
        .with_api_url(format!("{url}/bot{{token}}/{{method}}"))
        .with_timeout(Duration::from_millis(300));
    assert_eq!(bot.timeout(), Some(Duration::from_millis(300)));
    let started = Instant::now();
    let error = bot.get_me().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let Error::Http(http) = &error else {
        panic!("expected an HTTP error, got {error:?}");
    };
    assert!(http.is_timeout());
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn a_long_poll_is_given_its_own_timeout_on_top() {
    // The server holds each request for 700 ms; the bot allows 300 ms plus the poll's.
    let answer = r#"{"ok":true,"result":[]}"#;
    let (url, _) = http_server::slow_server(200, answer, Duration::from_millis(700)).await;
    let bot = Bot::new(TOKEN)
        .with_api_url(format!("{url}/bot{{token}}/{{method}}"))
        .with_timeout(Duration::from_millis(300));
    let updates = bot.get_updates().timeout(1).await.unwrap();
    assert!(updates.is_empty());
    let error = bot.get_updates().await.unwrap_err();
    assert!(
        matches!(&error, Error::Http(e) if e.is_timeout()),
        "{error:?}"
    );
    assert_eq!(
        telegram_bot_api::client::DEFAULT_TIMEOUT,
        Duration::from_secs(30)
    );
    assert_eq!(Bot::new(TOKEN).timeout(), Some(Duration::from_secs(30)));
    assert_eq!(Bot::new(TOKEN).without_timeout().timeout(), None);
}

#[tokio::test]
async fn a_call_can_be_spawned_and_sends_a_user_agent() {
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    // The call owns its handle to the bot: it outlives this scope's borrow.
    let task = tokio::spawn(bot.send_message(7, "hi").into_future());
    drop(bot);
    assert_eq!(task.await.unwrap().unwrap().message_id, 42);
    let headers = seen.lock().unwrap()[0].headers.clone();
    let agent = format!(
        "user-agent: {}",
        telegram_bot_api::client::USER_AGENT.to_ascii_lowercase()
    );
    assert!(headers.contains(&agent), "{headers}");
    assert!(agent.starts_with("user-agent: telegram-bot-api-bindings/"));
}

#[tokio::test]
async fn files_download_without_the_token_in_debug() {
    let (base, seen) = http_server::server(200, "FILE-BYTES").await;
    let bot = Bot::new(TOKEN).with_file_url(format!("{base}/file/bot{{token}}/{{file_path}}"));
    let url = bot.file_url("photos/a.jpg");
    assert_eq!(url.as_str(), format!("{base}/file/bot{TOKEN}/photos/a.jpg"));
    assert!(!format!("{url:?}").contains("SECRET"), "{url:?}");
    assert!(!format!("{bot:?}").contains("SECRET"));
    assert_eq!(
        Bot::new(TOKEN).file_url("x").as_str(),
        format!("https://api.telegram.org/file/bot{TOKEN}/x")
    );
    let data = bot.download_file("photos/a.jpg").await.unwrap();
    assert_eq!(data, b"FILE-BYTES");
    assert_eq!(
        seen.lock().unwrap()[0].request_line,
        format!("GET /file/bot{TOKEN}/photos/a.jpg HTTP/1.1")
    );

    let (base, _) = http_server::server(
        404,
        r#"{"ok":false,"error_code":404,"description":"Not Found"}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_file_url(format!("{base}/file/bot{{token}}/{{file_path}}"));
    let error = bot.download_file("gone.jpg").await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!((api.error_code, api.http_status), (404, Some(404)));
    assert!(!error.to_string().contains("SECRET"));
}

#[tokio::test]
async fn a_file_on_disk_is_streamed_with_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    // Larger than one 64 KiB chunk, with a pattern that shows order and completeness.
    let content: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let video = InputFile::path(&path);
    assert_eq!(video.file_name(), Some("clip.mp4"));
    let part = video.part_name().unwrap();
    bot.send_video(7, video).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert!(seen.headers.contains("content-length:"), "{}", seen.headers);
    let body = seen.body_text();
    let head = format!("name=\"{part}\"; filename=\"clip.mp4\"");
    let start = body.find(&head).expect("the file's part");
    let data_start = start + body[start..].find("\r\n\r\n").unwrap() + 4;
    assert_eq!(
        &seen.body[data_start..data_start + content.len()],
        &content[..]
    );
    assert!(body[data_start + content.len()..].starts_with("\r\n--"));

    // A file that cannot be read fails the request, naming it, before anything is sent.
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    let missing = InputFile::path(dir.path().join("gone.mp4"));
    let error = bot.send_video(7, missing).await.unwrap_err();
    assert!(
        matches!(&error, Error::File { file_name, .. } if file_name == "gone.mp4"),
        "{error:?}"
    );
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn the_multipart_encoder_is_public() {
    let request = SendPhoto::new(7, InputFile::upload("cat.jpg", b"JPEG".to_vec()));
    let form = telegram_bot_api::client::multipart_form(&request).unwrap();
    assert!(form.boundary().len() > 10);
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
    assert!(!error.to_string().contains("SECRET"), "{error}");
    // The message says why (connection refused), not only that sending failed.
    let Error::Http(http) = &error else {
        panic!("expected an HTTP error, got {error:?}");
    };
    let cause = std::error::Error::source(http)
        .expect("a cause")
        .to_string();
    assert!(error.to_string().contains(&cause), "{error} / {cause}");
    assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
}

#[tokio::test]
async fn an_edit_method_has_one_function_per_form_of_its_ids() {
    let (url, seen) = server(200, r#"{"ok":true,"result":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    bot.edit_message_text(7, 42).text("new").await.unwrap();
    bot.edit_message_text_inline("AgAAAB")
        .text("new")
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let body = |i: usize| serde_json::from_slice::<serde_json::Value>(&seen[i].body).unwrap();
    assert_eq!(
        body(0),
        serde_json::json!({"chat_id": 7, "message_id": 42, "text": "new"})
    );
    assert_eq!(
        body(1),
        serde_json::json!({"inline_message_id": "AgAAAB", "text": "new"})
    );
}

#[tokio::test]
async fn an_upload_streams_from_any_async_reader_once() {
    let (url, seen) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN).with_api_url(url);
    // Any `AsyncRead`: a byte slice here, a `tokio::fs::File` or a socket in a bot.
    let data: &'static [u8] = b"STREAMED-BYTES";
    let document = InputFile::reader("report.bin", data).with_length(data.len() as u64);
    let part = document.part_name().unwrap();
    let call = bot.send_document(7, document);
    let again = call.clone();
    call.await.unwrap();
    let seen_now = seen.lock().unwrap()[0].clone();
    assert!(
        seen_now.headers.contains("content-length:"),
        "{}",
        seen_now.headers
    );
    let body = seen_now.body_text();
    assert!(
        body.contains(&format!(
            "name=\"{part}\"; filename=\"report.bin\"\r\n\r\nSTREAMED-BYTES\r\n"
        )),
        "{body}"
    );
    // A reader is read once: the clone of the call shares it, and finds it sent.
    let error = again.await.unwrap_err();
    assert!(
        matches!(&error, Error::File { file_name, .. } if file_name == "report.bin"),
        "{error:?}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_reader_that_yields_less_than_its_length_fails_the_request() {
    let (url, _) = server(200, MESSAGE).await;
    let bot = Bot::new(TOKEN)
        .with_api_url(url)
        .with_timeout(Duration::from_secs(5));
    let data: &'static [u8] = b"SHORT";
    let document = InputFile::reader("short.bin", data).with_length(50);
    let error = bot.send_document(7, document).await.unwrap_err();
    assert!(matches!(&error, Error::Http(_)), "{error:?}");
    assert!(
        error.to_string().contains("ended before the length"),
        "{error}"
    );
}

#[tokio::test]
async fn a_call_can_have_its_own_time_limit() {
    let (url, _) = http_server::slow_server(200, MESSAGE, Duration::MAX).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{url}/bot{{token}}/{{method}}"));
    let started = Instant::now();
    let error = bot
        .send_message(7, "hi")
        .with_timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(&error, Error::Http(e) if e.is_timeout()),
        "{error:?}"
    );
}
