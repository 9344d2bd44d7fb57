//! The generated Letgram, Potato and Gateway clients against a local HTTP server on
//! 127.0.0.1, each with its API's own URL scheme, HTTP verbs, auth and envelope; and the
//! Letgram crate's webhook and Mini App init data checks.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[path = "http_server.rs"]
mod http_server;

const TOKEN: &str = "7000001:LetgramTestToken";

// ----- Potato: token without `bot`, GET and POST, integer enums and tags ---------------

#[tokio::test]
async fn potato_get_updates_is_a_get_with_the_token_in_the_path() {
    use potato_bot_api::client::Bot;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":[{"update_id":5,"message":{"message_id":9,"date":1700000000,"chat":{"id":3,"type":2},"from":{"id":8,"username":"u"},"text":"hi"}}]}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
    let updates = bot.get_updates().await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("GET /{TOKEN}/getUpdates HTTP/1.1")
    );
    assert!(seen.body.is_empty());
    let message = updates[0].as_ref().unwrap().message.as_ref().unwrap();
    assert_eq!(
        message.chat.type_,
        potato_bot_api::types::ChatType::PeerChat
    );
    assert_eq!(message.text.as_deref(), Some("hi"));
}

#[tokio::test]
async fn potato_send_text_message_writes_chat_type_and_reply_markup_as_integers() {
    use potato_bot_api::client::Bot;
    use potato_bot_api::prelude::*;
    use potato_bot_api::types::{
        ChatType, ForceReply, InlineKeyboardButton, InlineKeyboardButtonRow, InlineKeyboardMarkup,
        ReplyMarkup,
    };
    let (base, seen) = http_server::server(200, r#"{"ok":true,"result":{"message_id":77}}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
    let keyboard = InlineKeyboardMarkup::new(vec![InlineKeyboardButtonRow::new(vec![
        InlineKeyboardButton::new("Open").url("https://example.org"),
    ])]);
    let sent = bot
        .send_text_message(ChatType::PeerUser, 12, "hello")
        .reply_markup(ReplyMarkup::from(keyboard))
        .await
        .unwrap();
    assert_eq!(sent.message_id, 77);
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("POST /{TOKEN}/sendTextMessage HTTP/1.1")
    );
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body["chat_type"], serde_json::json!(1));
    assert_eq!(body["chat_id"], serde_json::json!(12));
    assert_eq!(body["reply_markup"]["type"], serde_json::json!(4));
    assert_eq!(
        body["reply_markup"]["inline_keyboard"][0]["buttons"][0]["text"],
        serde_json::json!("Open")
    );

    // The tag selects the variant when reading, and unknown tags and values are kept.
    let read: ReplyMarkup = serde_json::from_str(r#"{"type":1}"#).unwrap();
    assert_eq!(read, ReplyMarkup::from(ForceReply::new()));
    let read: ReplyMarkup = serde_json::from_str(r#"{"type":9,"x":1}"#).unwrap();
    assert!(matches!(read, ReplyMarkup::Unknown(_)));
    let chat_type: ChatType = serde_json::from_str("7").unwrap();
    assert_eq!(chat_type, ChatType::Unknown(7));
    assert_eq!(serde_json::to_string(&chat_type).unwrap(), "7");
}

#[tokio::test]
async fn potato_true_methods_accept_a_success_without_result() {
    use potato_bot_api::client::Bot;
    use potato_bot_api::types::ChatType;
    for answer in [r#"{"ok":true}"#, r#"{"ok":true,"result":null}"#] {
        let (base, seen) = http_server::server(200, answer).await;
        let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
        bot.delete_message(ChatType::PeerChat, 3, 4).await.unwrap();
        let seen = seen.lock().unwrap()[0].clone();
        assert_eq!(
            seen.request_line,
            format!("POST /{TOKEN}/deleteMessage HTTP/1.1")
        );
    }
    // A method with a real result still needs one: its absence is a decode error.
    let (base, _) = http_server::server(200, r#"{"ok":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
    let error = bot.get_me().await.unwrap_err();
    assert!(
        matches!(
            error,
            potato_bot_api::client::Error::Decode { status: 200, .. }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn potato_one_bad_update_does_not_sink_the_batch() {
    use potato_bot_api::client::Bot;
    let (base, _) = http_server::server(
        200,
        r#"{"ok":true,"result":[{"update_id":5},{"update_id":6,"message":{"message_id":"six"}},{"update_id":7}]}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
    let updates = bot.get_updates().await.unwrap();
    let good: Vec<i64> = updates.successes().map(|u| u.update_id).collect();
    assert_eq!(good, [5, 7]);
    assert_eq!(updates.errors().next().unwrap().id, Some(6));
}

// ----- Gateway: its errors are `{"ok":false,"error":"…"}` -------------------------------

#[tokio::test]
async fn gateway_errors_keep_their_error_text() {
    use telegram_gateway_api::client::Bot;
    let (base, _) =
        http_server::server(401, r#"{"ok":false,"error":"ACCESS_TOKEN_INVALID"}"#).await;
    let bot = Bot::new("gateway-token").with_api_url(format!("{base}/{{method}}"));
    let error = bot
        .send_verification_message("+10000000000")
        .await
        .unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.description, "ACCESS_TOKEN_INVALID");
    assert_eq!(api.http_status, Some(401));
    assert!(
        error.to_string().contains("ACCESS_TOKEN_INVALID"),
        "{error}"
    );
    assert!(!error.to_string().contains("gateway-token"));
}

// ----- Gateway: bearer token, no token in the URL --------------------------------------

#[tokio::test]
async fn gateway_sends_the_token_as_a_bearer_header() {
    use telegram_gateway_api::client::Bot;
    use telegram_gateway_api::prelude::*;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":{"request_id":"r1","phone_number":"+10000000000","request_cost":0.01}}"#,
    )
    .await;
    let bot = Bot::new("gateway-token").with_api_url(format!("{base}/{{method}}"));
    let status = bot
        .send_verification_message("+10000000000")
        .code("1234")
        .await
        .unwrap();
    assert_eq!(status.request_id, "r1");
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "POST /sendVerificationMessage HTTP/1.1");
    assert!(
        seen.headers.contains("authorization: bearer gateway-token"),
        "{}",
        seen.headers
    );
    assert!(!seen.request_line.contains("gateway-token"));
    assert!(!seen.body_text().contains("gateway-token"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body["phone_number"], "+10000000000");
    assert_eq!(body["code"], "1234");
    assert_eq!(
        telegram_gateway_api::API_URL,
        "https://gatewayapi.telegram.org/{method}"
    );
}

// ----- Letgram: `bot<token>` URLs, JSON calls, webhook and init data checks ------------

#[tokio::test]
async fn letgram_send_message_is_a_json_post() {
    use letgram_bot_api::client::Bot;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":{"message_id":1,"date":1700000000,"chat":{"id":5,"type":"private"},"text":"hi"}}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    let message = bot.send_message(5, "hi").await.unwrap();
    assert_eq!(message.message_id, 1);
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("POST /bot{TOKEN}/sendMessage HTTP/1.1")
    );
    assert!(seen.headers.contains("content-type: application/json"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body, serde_json::json!({"chat_id": 5, "text": "hi"}));
    assert_eq!(
        letgram_bot_api::API_URL,
        "https://api.letgram.ru/bot{token}/{method}"
    );
}

#[tokio::test]
async fn letgram_updates_carry_one_kind_of_event() {
    use letgram_bot_api::client::Bot;
    use letgram_bot_api::prelude::*;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":[{"update_id":3},{"update_id":4,"message":{"message_id":1,"date":1700000000,"chat":{"id":5,"type":"private"},"text":"hi"}}]}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    let updates = bot.get_updates().offset(3).await.unwrap();
    assert!(updates[0].as_ref().unwrap().message.is_none());
    assert_eq!(
        updates[1]
            .as_ref()
            .unwrap()
            .message
            .as_ref()
            .unwrap()
            .text
            .as_deref(),
        Some("hi")
    );
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("POST /bot{TOKEN}/getUpdates HTTP/1.1")
    );
    assert_eq!(seen.body_text(), r#"{"offset":3}"#);
}

#[tokio::test]
async fn letgram_one_bad_update_does_not_sink_the_batch() {
    use letgram_bot_api::client::Bot;
    let (base, _) = http_server::server(
        200,
        r#"{"ok":true,"result":[{"update_id":3},{"update_id":4},{"update_id":5,"message":{"message_id":"thirty-one","date":1,"chat":{"id":5,"type":"private"}}},{"update_id":6}]}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    let updates = bot.get_updates().await.unwrap();
    let good: Vec<i64> = updates.successes().map(|u| u.update_id).collect();
    assert_eq!(good, [3, 4, 6]);
    assert_eq!(updates.errors().next().unwrap().id, Some(5));
}

#[tokio::test]
async fn letgram_an_opaque_result_is_not_read_from_a_bare_success() {
    use letgram_bot_api::client::{Bot, Error};
    // `ChatMember` is a type the Letgram page never describes: any JSON value.
    let (base, _) = http_server::server(200, r#"{"ok":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    let error = bot.get_chat_member(5, 6).await.unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    let (base, _) = http_server::server(200, r#"{"ok":true,"result":{"status":"member"}}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    let member = bot.get_chat_member(5, 6).await.unwrap();
    assert_eq!(member.0["status"], "member");
}

#[test]
fn letgram_webhook_secret_token() {
    use letgram_bot_api::webhook::{verify_secret_token, SECRET_TOKEN_HEADER};
    assert_eq!(SECRET_TOKEN_HEADER, "X-Letgram-Bot-Api-Secret-Token");
    assert!(verify_secret_token("s3cret-Token_1", "s3cret-Token_1"));
    assert!(!verify_secret_token("s3cret-Token_2", "s3cret-Token_1"));
    assert!(!verify_secret_token("s3cret", "s3cret-Token_1"));
    assert!(!verify_secret_token("", "s3cret-Token_1"));
}

/// Init data signed for [`TOKEN`], computed independently with Python's `hmac` module:
/// `secret = hmac.new(b"WebAppData", TOKEN.encode(), sha256).digest()`, then
/// `hmac.new(secret, "\n".join(f"{k}={v}" for k, v in sorted(fields)), sha256).hexdigest()`,
/// and the query string by `urllib.parse.urlencode` (the user's name is Cyrillic, so
/// percent-decoding of UTF-8 is exercised).
const INIT_DATA: &str = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22%D0%90%D0%BD%D0%BD%D0%B0%22%2C%22username%22%3A%22ann%22%7D&auth_date=1700000000&chat_type=private&hash=99e4a6fa8e4bba51dc92220d5e558d0eb7ade72a861e6e2caf448d5d39241998";
const AUTH_DATE: u64 = 1_700_000_000;

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn letgram_init_data_with_a_good_hash_is_parsed() {
    use letgram_bot_api::webhook::validate_init_data_at;
    let hour = Duration::from_secs(3600);
    let data = validate_init_data_at(INIT_DATA, TOKEN, hour, at(AUTH_DATE + 60)).unwrap();
    assert_eq!(data.auth_date, 1_700_000_000);
    assert_eq!(data.get("chat_type"), Some("private"));
    assert_eq!(data.get("hash"), None);
    let user: serde_json::Value = data.json("user").unwrap().unwrap();
    assert_eq!(user["first_name"], "Анна");
    assert_eq!(user["id"], 42);
}

#[test]
fn letgram_init_data_is_rejected_when_changed_foreign_or_old() {
    use letgram_bot_api::webhook::{validate_init_data_at, InitDataError};
    let hour = Duration::from_secs(3600);
    let now = at(AUTH_DATE + 60);
    // Another bot's token.
    assert_eq!(
        validate_init_data_at(INIT_DATA, "7000001:OtherToken", hour, now),
        Err(InitDataError::BadHash)
    );
    // A changed field.
    let changed = INIT_DATA.replace("chat_type=private", "chat_type=group");
    assert_eq!(
        validate_init_data_at(&changed, TOKEN, hour, now),
        Err(InitDataError::BadHash)
    );
    // A flipped hash digit.
    let flipped = INIT_DATA.replace("hash=99e4", "hash=99e5");
    assert_eq!(
        validate_init_data_at(&flipped, TOKEN, hour, now),
        Err(InitDataError::BadHash)
    );
    // Too old.
    assert_eq!(
        validate_init_data_at(INIT_DATA, TOKEN, hour, at(AUTH_DATE + 3601)),
        Err(InitDataError::Expired { age: 3601 })
    );
    // No hash, a hash that is not hex, a repeated field.
    let no_hash = &INIT_DATA[..INIT_DATA.find("&hash=").unwrap()];
    assert!(matches!(
        validate_init_data_at(no_hash, TOKEN, hour, now),
        Err(InitDataError::Malformed(_))
    ));
    let not_hex = INIT_DATA.replace("hash=99", "hash=zz");
    assert!(matches!(
        validate_init_data_at(&not_hex, TOKEN, hour, now),
        Err(InitDataError::Malformed(_))
    ));
    let repeated = format!("chat_type=private&{INIT_DATA}");
    assert!(matches!(
        validate_init_data_at(&repeated, TOKEN, hour, now),
        Err(InitDataError::Malformed(_))
    ));
}

/// HMAC-SHA256 in hexadecimal, computed here with the `hmac` and `sha2` crates, apart
/// from the generated checks.
fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

const GATEWAY_TOKEN: &str = "gw-token:AAE1234567890";
const REPORT: &str = r#"{"request_id":"r1","phone_number":"+15550001111","request_cost":0.01,"delivery_status":{"status":"delivered","updated_at":1718000000}}"#;
const REPORT_SENT: u64 = 1_718_000_000;

/// The report's signature as the Gateway page describes it: HMAC-SHA256 of
/// `timestamp + "\n" + body`, keyed by the SHA-256 of the token.
fn gateway_signature(token: &str, timestamp: &str, body: &[u8]) -> String {
    use sha2::Digest;
    let key = sha2::Sha256::digest(token.as_bytes());
    let mut data = format!("{timestamp}\n").into_bytes();
    data.extend_from_slice(body);
    hmac_hex(&key, &data)
}

#[test]
fn gateway_reports_with_a_good_signature_are_accepted() {
    use telegram_gateway_api::types::RequestStatus;
    use telegram_gateway_api::webhook::{
        verify_report_signature_at, REPORT_SIGNATURE_HEADER, REPORT_TIMESTAMP_HEADER,
    };
    assert_eq!(REPORT_TIMESTAMP_HEADER, "X-Request-Timestamp");
    assert_eq!(REPORT_SIGNATURE_HEADER, "X-Request-Signature");
    let timestamp = REPORT_SENT.to_string();
    let signature = gateway_signature(GATEWAY_TOKEN, &timestamp, REPORT.as_bytes());
    // The same value from Python's `hmac` and `hashlib`, a third implementation.
    assert_eq!(
        signature,
        "cd85ea09467a1c7392ff887d4188ab27dbe73632b888b8d22ed91e6615ba4a6b"
    );
    let minutes = Duration::from_secs(300);
    let now = at(REPORT_SENT + 10);
    let check = |signature: &str| {
        verify_report_signature_at(
            GATEWAY_TOKEN,
            &timestamp,
            REPORT.as_bytes(),
            signature,
            minutes,
            now,
        )
    };
    assert_eq!(check(&signature), Ok(()));
    // Hexadecimal digits in either case.
    assert_eq!(check(&signature.to_uppercase()), Ok(()));
    // A clock a little behind the Gateway's is skew, not a forgery.
    assert_eq!(
        verify_report_signature_at(
            GATEWAY_TOKEN,
            &timestamp,
            REPORT.as_bytes(),
            &signature,
            minutes,
            at(REPORT_SENT - 30),
        ),
        Ok(())
    );
    let report: RequestStatus = serde_json::from_str(REPORT).unwrap();
    assert_eq!(report.request_id, "r1");
}

#[test]
fn gateway_reports_are_rejected_when_changed_foreign_or_stale() {
    use telegram_gateway_api::webhook::{verify_report_signature_at, ReportError};
    let timestamp = REPORT_SENT.to_string();
    let signature = gateway_signature(GATEWAY_TOKEN, &timestamp, REPORT.as_bytes());
    let minutes = Duration::from_secs(300);
    let now = at(REPORT_SENT + 10);
    let check = |token: &str, timestamp: &str, body: &str, signature: &str, now| {
        verify_report_signature_at(token, timestamp, body.as_bytes(), signature, minutes, now)
    };
    // Another account's token.
    assert_eq!(
        check("gw-token:other", &timestamp, REPORT, &signature, now),
        Err(ReportError::BadSignature)
    );
    // A changed body, or a changed timestamp (the signature covers it).
    let changed = REPORT.replace("delivered", "read");
    assert_eq!(
        check(GATEWAY_TOKEN, &timestamp, &changed, &signature, now),
        Err(ReportError::BadSignature)
    );
    let later = (REPORT_SENT + 1).to_string();
    assert_eq!(
        check(GATEWAY_TOKEN, &later, REPORT, &signature, now),
        Err(ReportError::BadSignature)
    );
    // The key is the token's SHA-256, not the token itself.
    let keyed_by_token = hmac_hex(
        GATEWAY_TOKEN.as_bytes(),
        format!("{timestamp}\n{REPORT}").as_bytes(),
    );
    assert_eq!(
        check(GATEWAY_TOKEN, &timestamp, REPORT, &keyed_by_token, now),
        Err(ReportError::BadSignature)
    );
    // A genuine report, replayed too late or dated too far ahead.
    assert_eq!(
        check(
            GATEWAY_TOKEN,
            &timestamp,
            REPORT,
            &signature,
            at(REPORT_SENT + 301)
        ),
        Err(ReportError::Stale { age: 301 })
    );
    assert_eq!(
        check(
            GATEWAY_TOKEN,
            &timestamp,
            REPORT,
            &signature,
            at(REPORT_SENT - 301)
        ),
        Err(ReportError::Stale { age: 301 })
    );
    // Malformed headers.
    assert!(matches!(
        check(GATEWAY_TOKEN, &timestamp, REPORT, "not hex", now),
        Err(ReportError::Malformed(_))
    ));
    let signed_text = gateway_signature(GATEWAY_TOKEN, "yesterday", REPORT.as_bytes());
    assert!(matches!(
        check(GATEWAY_TOKEN, "yesterday", REPORT, &signed_text, now),
        Err(ReportError::Malformed(_))
    ));
}

const TELEGRAM_TOKEN: &str = "123456:TelegramTestToken";

/// Telegram init data signed for [`TELEGRAM_TOKEN`] here, as the Mini Apps page
/// describes it (its pseudo-code writes `HMAC_SHA256(message, key)`): the secret key is
/// the HMAC-SHA256 of the token keyed by `"WebAppData"`, the hash the HMAC-SHA256 of
/// the sorted `key=value` lines keyed by the secret.
fn telegram_init_data(fields: &[(&str, &str)], encoded: &[(&str, &str)]) -> String {
    let secret = hmac_sha256_bytes(b"WebAppData", TELEGRAM_TOKEN.as_bytes());
    let mut sorted = fields.to_vec();
    sorted.sort();
    let check: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let hash = hmac_hex(&secret, check.join("\n").as_bytes());
    let mut query: Vec<String> = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect();
    query.push(format!("hash={hash}"));
    query.join("&")
}

fn hmac_sha256_bytes(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

const TG_USER: &str = r#"{"id":279058397,"first_name":"Ada","username":"ada","language_code":"en","is_premium":true,"allows_write_to_pm":true}"#;
const TG_USER_ENCODED: &str = "%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Ada%22%2C%22username%22%3A%22ada%22%2C%22language_code%22%3A%22en%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%7D";

fn signed_telegram_init_data() -> String {
    telegram_init_data(
        &[
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", TG_USER),
            ("auth_date", "1700000000"),
            ("start_param", "42"),
            ("chat_type", "sender"),
        ],
        &[
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", TG_USER_ENCODED),
            ("auth_date", "1700000000"),
            ("start_param", "42"),
            ("chat_type", "sender"),
        ],
    )
}

#[test]
fn telegram_init_data_is_validated_and_typed() {
    use telegram_bot_api::webhook::{validate_init_data_at, INIT_DATA_KEY};
    assert_eq!(INIT_DATA_KEY, "WebAppData");
    let init_data = signed_telegram_init_data();
    let data = validate_init_data_at(
        &init_data,
        TELEGRAM_TOKEN,
        Duration::from_secs(3600),
        at(AUTH_DATE + 5),
    )
    .unwrap();
    let typed = data.parse().unwrap();
    assert_eq!(typed.auth_date, 1_700_000_000);
    assert_eq!(typed.query_id.as_deref(), Some("AAHdF6IQAAAAAN0XohDhrOrc"));
    // Text stays text, though it looks like a number.
    assert_eq!(typed.start_param.as_deref(), Some("42"));
    assert_eq!(
        serde_json::to_value(typed.chat_type.as_ref().unwrap()).unwrap(),
        "sender"
    );
    assert_eq!(typed.hash, data.hash);
    let user = typed.user.unwrap();
    assert_eq!(user.id, 279_058_397);
    assert_eq!(user.first_name, "Ada");
    assert_eq!(user.language_code.as_deref(), Some("en"));
    assert!(typed.chat.is_none());
}

#[test]
fn telegram_init_data_is_rejected_when_changed_foreign_or_old() {
    use telegram_bot_api::webhook::{validate_init_data_at, InitDataError};
    let init_data = signed_telegram_init_data();
    let hour = Duration::from_secs(3600);
    let now = at(AUTH_DATE + 5);
    assert_eq!(
        validate_init_data_at(&init_data, "654321:OtherBot", hour, now),
        Err(InitDataError::BadHash)
    );
    let changed = init_data.replace("start_param=42", "start_param=43");
    assert_eq!(
        validate_init_data_at(&changed, TELEGRAM_TOKEN, hour, now),
        Err(InitDataError::BadHash)
    );
    // Signed with the key and the token in each other's places: not Telegram's check.
    let secret = hmac_sha256_bytes(TELEGRAM_TOKEN.as_bytes(), b"WebAppData");
    let lines = format!(
        "auth_date=1700000000\nquery_id=AAHdF6IQAAAAAN0XohDhrOrc\nstart_param=42\nuser={TG_USER}"
    );
    let swapped = format!(
        "{}hash={}",
        &init_data[..init_data.find("hash=").unwrap()],
        hmac_hex(&secret, lines.as_bytes())
    );
    assert_eq!(
        validate_init_data_at(&swapped, TELEGRAM_TOKEN, hour, now),
        Err(InitDataError::BadHash)
    );
    assert_eq!(
        validate_init_data_at(&init_data, TELEGRAM_TOKEN, hour, at(AUTH_DATE + 3601)),
        Err(InitDataError::Expired { age: 3601 })
    );
}

/// The README's Letgram example is the example program that `cargo test` builds.
#[test]
fn readme_shows_the_letgram_example_as_built() {
    let root = tests::workspace_root();
    let example = std::fs::read_to_string(root.join("tests/examples/letgram_echo_bot.rs")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let code = &example[example.find("use letgram_bot_api").unwrap()..];
    assert!(
        readme.contains(&format!("```rust,no_run\n{code}```")),
        "README.md must show tests/examples/letgram_echo_bot.rs from its first `use`"
    );
}

// ----- Uploads in each page's form ----------------------------------------------------

/// The `multipart/form-data` parts of a recorded request: (headers of the part, body).
fn parts(seen: &http_server::Seen) -> Vec<(String, String)> {
    let boundary = seen
        .headers
        .split("boundary=")
        .nth(1)
        .and_then(|rest| rest.split(['\r', '\n', ';']).next())
        .expect("a multipart request")
        .to_owned();
    let body = seen.body_text();
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, content) = part.trim_start_matches("\r\n").split_once("\r\n\r\n")?;
            Some((head.to_owned(), content.trim_end_matches("\r\n").to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn letgram_uploads_a_photo_as_the_part_named_after_its_parameter() {
    use letgram_bot_api::client::Bot;
    use letgram_bot_api::prelude::*;
    use letgram_bot_api::types::InputFile;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":{"message_id":1,"date":1700000000,"chat":{"id":5,"type":"private"}}}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    bot.send_photo(5, InputFile::upload("cat.jpg", b"JPEG-BYTES".to_vec()))
        .caption("Uploaded photo!")
        .await
        .unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    // The page's own example: -F "chat_id=…" -F "photo=@/path/to/photo.jpg" -F "caption=…".
    let parts = parts(&seen);
    let named = |name: &str| {
        parts
            .iter()
            .find(|(head, _)| head.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("no part {name}: {parts:?}"))
            .clone()
    };
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert_eq!(named("chat_id").1, "5");
    assert_eq!(named("caption").1, "Uploaded photo!");
    let (head, content) = named("photo");
    assert!(head.contains("filename=\"cat.jpg\""), "{head}");
    assert_eq!(content, "JPEG-BYTES");
    assert!(!seen.body_text().contains("attach://"));
}

#[tokio::test]
async fn letgram_a_photo_by_file_id_is_a_json_string() {
    use letgram_bot_api::client::Bot;
    use letgram_bot_api::types::InputFile;
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":{"message_id":1,"date":1700000000,"chat":{"id":5,"type":"private"}}}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    bot.send_photo(5, InputFile::file_id("AgAD")).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert!(seen.headers.contains("content-type: application/json"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body, serde_json::json!({"chat_id": 5, "photo": "AgAD"}));
}

#[tokio::test]
async fn letgram_post_story_uploads_its_content_as_the_page_shows() {
    use letgram_bot_api::client::Bot;
    use letgram_bot_api::prelude::*;
    use letgram_bot_api::types::{InputFile, InputStoryContent};
    let (base, seen) = http_server::server(200, r#"{"ok":true,"result":{"id":3}}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    // The page's example: -F "chat_id=@mychannel" -F "content=@story_photo.jpg" -F "period=86400".
    let photo = InputFile::upload("story_photo.jpg", b"STORY".to_vec());
    bot.post_story("@mychannel", photo)
        .period(86400)
        .await
        .unwrap();
    let parts = parts(&seen.lock().unwrap()[0]);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(parts[0].0.contains("name=\"chat_id\"") && parts[0].1 == "@mychannel");
    assert!(parts[1].0.contains("name=\"period\"") && parts[1].1 == "86400");
    assert!(
        parts[2]
            .0
            .contains("name=\"content\"; filename=\"story_photo.jpg\""),
        "{parts:?}"
    );
    assert_eq!(parts[2].1, "STORY");
    // The content as the JSON object the page's type stands for still works.
    let content = InputStoryContent(serde_json::json!({"type": "photo", "photo": "AgAD"}));
    bot.post_story("@mychannel", content).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&seen.lock().unwrap()[1].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"chat_id": "@mychannel", "content": {"type": "photo", "photo": "AgAD"}})
    );
}

#[tokio::test]
async fn potato_uploads_a_photo_as_the_part_named_after_its_parameter() {
    use potato_bot_api::client::Bot;
    use potato_bot_api::types::{ChatType, InputFile};
    let (base, seen) = http_server::server(
        200,
        r#"{"ok":true,"result":{"message_id":1,"file_id":"F1"}}"#,
    )
    .await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/{{token}}/{{method}}"));
    let sent = bot
        .send_photo(
            ChatType::PeerUser,
            3,
            InputFile::upload("p.png", b"PNG".to_vec()),
        )
        .await
        .unwrap();
    assert_eq!(sent.file_id, "F1");
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        format!("POST /{TOKEN}/sendPhoto HTTP/1.1")
    );
    let parts = parts(&seen);
    let photo = parts
        .iter()
        .find(|(head, _)| head.contains("name=\"photo\"; filename=\"p.png\""))
        .unwrap_or_else(|| panic!("{parts:?}"));
    assert_eq!(photo.1, "PNG");
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(!seen.body_text().contains("attach://"));
}

#[tokio::test]
async fn letgram_edit_message_text_takes_the_ids_of_its_form() {
    use letgram_bot_api::client::Bot;
    let (base, seen) = http_server::server(200, r#"{"ok":true,"result":true}"#).await;
    let bot = Bot::new(TOKEN).with_api_url(format!("{base}/bot{{token}}/{{method}}"));
    bot.edit_message_text(5, 9, "edited").await.unwrap();
    bot.edit_message_text_inline("IM1", "edited").await.unwrap();
    let seen = seen.lock().unwrap();
    let body = |i: usize| serde_json::from_slice::<serde_json::Value>(&seen[i].body).unwrap();
    assert_eq!(
        body(0),
        serde_json::json!({"chat_id": 5, "message_id": 9, "text": "edited"})
    );
    assert_eq!(
        body(1),
        serde_json::json!({"inline_message_id": "IM1", "text": "edited"})
    );
}
