//! The generated TDLib crate: JSON round trips of TDLib objects (written by hand from
//! the schema's declarations in `spec/sources/tdlib/td_api-1.8.66.tl`, as TDLib writes
//! them: `@type` on every object, `int64` as strings, `bytes` as base64, null objects
//! left out), and the client over an in-process fake transport that answers from
//! recorded JSON.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use tdlib_api::client::{Client, Error, Transport};
use tdlib_api::methods::{DownloadFile, GetMe, GetOption, Method, SetTdlibParameters};
use tdlib_api::types::{
    AuthorizationState, Bytes, Int64, MessageContent, Messages, Minithumbnail, OkObject,
    OptionValue, QuickReplyMessages, Update, User, UserStatus,
};

/// Reads `json` as `T` and writes it back: the same JSON, whatever the order of keys.
fn roundtrip<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let value: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&serde_json::to_value(&value).unwrap(), json);
    value
}

fn user() -> Value {
    json!({
        "@type": "user",
        "id": 5_000_000_123_i64,
        "first_name": "Ada",
        "last_name": "",
        "usernames": {
            "@type": "usernames",
            "active_usernames": ["ada"],
            "disabled_usernames": [],
            "editable_username": "ada",
            "collectible_usernames": []
        },
        "phone_number": "",
        "status": {"@type": "userStatusOnline", "expires": 1_760_000_000},
        "accent_color_id": 3,
        "background_custom_emoji_id": "5368324170671202286",
        "profile_accent_color_id": -1,
        "profile_background_custom_emoji_id": "0",
        "is_contact": false,
        "is_mutual_contact": false,
        "is_close_friend": false,
        "is_premium": true,
        "is_support": false,
        "restricts_new_chats": false,
        "paid_message_star_count": 0,
        "have_access": true,
        "type": {"@type": "userTypeRegular"},
        "language_code": "en",
        "added_to_attachment_menu": false
    })
}

#[test]
fn objects_round_trip() {
    let user: User = roundtrip(&user());
    assert_eq!(user.id, 5_000_000_123);
    assert_eq!(
        user.background_custom_emoji_id,
        Int64(5_368_324_170_671_202_286)
    );
    assert!(matches!(user.status, UserStatus::Online(ref s) if s.expires == 1_760_000_000));
    assert!(user.profile_photo.is_none(), "left out: null");

    let update: Update = roundtrip(&json!({
        "@type": "updateAuthorizationState",
        "authorization_state": {"@type": "authorizationStateWaitTdlibParameters"}
    }));
    let Update::AuthorizationState(update) = update else {
        panic!("{update:?}")
    };
    assert!(matches!(
        update.authorization_state,
        AuthorizationState::WaitTdlibParameters(_)
    ));

    let update: Update = roundtrip(&json!({
        "@type": "updateOption",
        "name": "version",
        "value": {"@type": "optionValueString", "value": "1.8.66"}
    }));
    assert!(matches!(update, Update::Option(ref u) if matches!(u.value, OptionValue::String(_))));

    let thumbnail: Minithumbnail = roundtrip(&json!({
        "@type": "minithumbnail", "width": 40, "height": 30, "data": "/9j/4AAQSkZJRg=="
    }));
    assert_eq!(&thumbnail.data[..4], [0xff, 0xd8, 0xff, 0xe0]);

    let update: Update = roundtrip(&json!({
        "@type": "updateFile",
        "file": {
            "@type": "file", "id": 7, "size": 1024, "expected_size": 1024,
            "local": {
                "@type": "localFile", "path": "/tmp/a.jpg", "can_be_downloaded": true,
                "can_be_deleted": true, "is_downloading_active": false,
                "is_downloading_completed": true, "download_offset": 0,
                "downloaded_prefix_size": 1024, "downloaded_size": 1024
            },
            "remote": {
                "@type": "remoteFile", "id": "AgAD", "unique_id": "AQAD",
                "is_uploading_active": false, "is_uploading_completed": true,
                "uploaded_size": 1024
            }
        }
    }));
    assert!(matches!(update, Update::File(_)));
    roundtrip::<OkObject>(&json!({"@type": "ok"}));
}

/// "messages may be null" of a list: its elements may be `null`, the list is there.
#[test]
fn list_elements_may_be_null() {
    let messages: Messages = roundtrip(&json!({
        "@type": "messages", "total_count": 3, "messages": [null, null]
    }));
    assert_eq!(messages.messages, [None, None]);
    let replies: QuickReplyMessages = roundtrip(&json!({
        "@type": "quickReplyMessages",
        "messages": [
            null,
            {
                "@type": "quickReplyMessage", "id": 1048576, "can_be_edited": true,
                "reply_to_message_id": 0, "via_bot_user_id": 0, "media_album_id": "0",
                "content": {
                    "@type": "messageText",
                    "text": {"@type": "formattedText", "text": "Hi", "entities": []}
                }
            }
        ]
    }));
    assert!(replies.messages[0].is_none());
    let Some(reply) = &replies.messages[1] else {
        panic!("{replies:?}")
    };
    assert!(matches!(*reply.content, MessageContent::MessageText(ref t) if t.text.text == "Hi"));
}

#[test]
fn newer_tdlib_is_kept_not_refused() {
    // A constructor this version does not know, and a field it does not know.
    let unknown = json!({"@type": "updateSomethingNew", "x": [1, 2]});
    assert!(matches!(roundtrip::<Update>(&unknown), Update::Unknown(_)));
    let ok: OkObject = roundtrip(&json!({"@type": "ok", "new_field": true}));
    assert_eq!(ok.extra["new_field"], true);
    // A null object reads as absent; int64 also reads from a number.
    let mut user = user();
    user["profile_photo"] = Value::Null;
    user["profile_background_custom_emoji_id"] = json!(12);
    let user: User = serde_json::from_value(user).unwrap();
    assert!(user.profile_photo.is_none());
    assert_eq!(user.profile_background_custom_emoji_id, Int64(12));
    // A constructor of another class is no value of this one.
    let wrong = json!({"@type": "userTypeRegular"});
    assert!(matches!(
        serde_json::from_value::<Update>(wrong),
        Ok(Update::Unknown(_))
    ));
}

/// A TDLib that answers each request from recorded JSON (by the request's `@type`),
/// after the updates queued before it; requests are kept for inspection.
#[derive(Default)]
struct Fake {
    answers: BTreeMap<&'static str, Value>,
    sent: Mutex<Vec<Value>>,
    incoming: Mutex<VecDeque<String>>,
    /// Answers held back until this many requests were sent, then delivered in
    /// reverse order (answers out of order).
    reverse_after: Option<usize>,
    held: Mutex<Vec<String>>,
}

impl Fake {
    fn answering(answers: &[(&'static str, Value)]) -> Self {
        Fake {
            answers: answers.iter().cloned().collect(),
            ..Fake::default()
        }
    }

    fn push(&self, json: Value) {
        self.incoming.lock().unwrap().push_back(json.to_string());
    }
}

impl Transport for Fake {
    fn send(&self, request: &str) {
        let request: Value = serde_json::from_str(request).unwrap();
        let name = request["@type"].as_str().unwrap().to_owned();
        let extra = request["@extra"].clone();
        self.sent.lock().unwrap().push(request);
        let Some(answer) = self.answers.get(name.as_str()) else {
            return;
        };
        let mut answer = answer.clone();
        answer["@extra"] = extra;
        match self.reverse_after {
            Some(count) => {
                let mut held = self.held.lock().unwrap();
                held.push(answer.to_string());
                if held.len() == count {
                    let mut incoming = self.incoming.lock().unwrap();
                    incoming.extend(held.drain(..).rev());
                }
            }
            None => self.incoming.lock().unwrap().push_back(answer.to_string()),
        }
    }

    fn receive(&self, timeout: Duration) -> Option<String> {
        let next = self.incoming.lock().unwrap().pop_front();
        if next.is_none() {
            std::thread::sleep(timeout.min(Duration::from_millis(2)));
        }
        next
    }
}

const TIMEOUT: Duration = Duration::from_secs(5);

#[test]
fn a_call_gets_the_answer_with_its_extra() {
    let client = Client::new(Fake::answering(&[("getMe", user())]));
    let me = client.call(&GetMe::new(), TIMEOUT).unwrap();
    assert_eq!(me.first_name, "Ada");
    let sent = client.transport().sent.lock().unwrap().clone();
    assert_eq!(sent, [json!({"@type": "getMe", "@extra": 1})]);
    assert_eq!(GetMe::NAME, "getMe");
}

#[test]
fn requests_serialize_as_tdlib_reads_them() {
    let client = Client::new(Fake::answering(&[
        ("setTdlibParameters", json!({"@type": "ok"})),
        (
            "downloadFile",
            json!({"@type": "error", "code": 400, "message": "FILE_ID_INVALID"}),
        ),
    ]));
    let parameters = SetTdlibParameters::new(
        false,
        "db",
        "files",
        Bytes(b"key".to_vec()),
        true,
        true,
        true,
        false,
        94_575,
        "a3406de8d171bb422bb6ddf3bbd800e2",
        "en",
        "Desktop",
        "Linux",
        "1.0",
    );
    let ok: OkObject = client.call(&parameters, TIMEOUT).unwrap();
    assert_eq!(ok, serde_json::from_value(json!({"@type": "ok"})).unwrap());
    let error = client
        .call(&DownloadFile::new(7, 1, 0, 0, true), TIMEOUT)
        .unwrap_err();
    assert!(
        matches!(&error, Error::Td { code: 400, message } if message == "FILE_ID_INVALID"),
        "{error:?}"
    );
    let sent = client.transport().sent.lock().unwrap().clone();
    assert_eq!(sent[0]["@type"], "setTdlibParameters");
    assert_eq!(
        sent[0]["database_encryption_key"], "a2V5",
        "bytes as base64"
    );
    assert_eq!(sent[0]["api_id"], 94_575);
    assert_eq!(sent[0]["@extra"], 1);
    assert_eq!(
        sent[1],
        json!({
            "@type": "downloadFile", "file_id": 7, "priority": 1, "offset": 0, "limit": 0,
            "synchronous": true, "@extra": 2
        })
    );
}

#[test]
fn updates_and_other_answers_wait_for_their_reader() {
    let fake = Fake {
        reverse_after: Some(2),
        ..Fake::answering(&[
            ("getMe", user()),
            (
                "getOption",
                json!({"@type": "optionValueString", "value": "1.8.66"}),
            ),
        ])
    };
    fake.push(json!({
        "@type": "updateAuthorizationState",
        "authorization_state": {"@type": "authorizationStateReady"},
        "@client_id": 1
    }));
    // An answer to a request of another client (an `@extra` this one never sets).
    fake.push(json!({"@type": "ok", "@extra": "someone else's"}));
    let client = Client::new(fake);
    let me = client.send(&GetMe::new()).unwrap();
    let option = client.send(&GetOption::new("version")).unwrap();
    // The option's answer comes first; the update before both.
    let version: OptionValue = client.wait(option, TIMEOUT).unwrap();
    assert!(matches!(version, OptionValue::String(ref v) if v.value == "1.8.66"));
    let user: User = client.wait(me, TIMEOUT).unwrap();
    assert_eq!(user.id, 5_000_000_123);
    let update: Update = client
        .next_update(TIMEOUT)
        .unwrap()
        .expect("the update was kept");
    let Update::AuthorizationState(update) = update else {
        panic!("{update:?}")
    };
    assert!(
        update.extra.is_empty(),
        "`@client_id` is the envelope's: {update:?}"
    );
    let started = Instant::now();
    let none: Option<Update> = client.next_update(Duration::from_millis(20)).unwrap();
    assert!(none.is_none(), "someone else's answer is no update");
    assert!(started.elapsed() >= Duration::from_millis(20));
}

#[test]
fn no_answer_is_a_timeout() {
    let client = Client::new(Fake::default());
    let started = Instant::now();
    let error = client
        .call(&GetMe::new(), Duration::from_millis(30))
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(30));
}
