//! TDLib's client over a fake transport: `@extra` given and matched, updates kept,
//! TDLib's errors, time limits; and the `@client_id` the `libtdjson` transport routes by.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::tdjson_client::{Client, Error, Method, Transport};

/// Answers queued in advance (a test's script of what TDLib says), and what was sent.
#[derive(Debug, Default)]
struct Fake {
    incoming: Mutex<VecDeque<String>>,
    sent: Mutex<Vec<serde_json::Value>>,
}

impl Fake {
    fn with(events: &[serde_json::Value]) -> Self {
        let fake = Fake::default();
        fake.incoming
            .lock()
            .unwrap()
            .extend(events.iter().map(ToString::to_string));
        fake
    }
}

impl Transport for Fake {
    fn send(&self, request: &str) {
        let request = serde_json::from_str(request).unwrap();
        self.sent.lock().unwrap().push(request);
    }

    fn receive(&self, timeout: Duration) -> Option<String> {
        let event = self.incoming.lock().unwrap().pop_front();
        if event.is_none() {
            // As TDLib does when nothing comes: wait the time out.
            std::thread::sleep(timeout.min(Duration::from_millis(20)));
        }
        event
    }
}

#[derive(Debug, Serialize)]
#[serde(tag = "@type", rename = "getOption")]
struct GetOption {
    name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct OptionValue {
    #[serde(rename = "@type")]
    kind: String,
    value: serde_json::Value,
}

impl Method for GetOption {
    const NAME: &'static str = "getOption";
    type Output = OptionValue;
}

fn get_option(name: &str) -> GetOption {
    GetOption {
        name: name.to_owned(),
    }
}

const SECOND: Duration = Duration::from_secs(1);

#[test]
fn each_request_gets_a_fresh_extra() {
    let client = Client::new(Fake::default());
    assert_eq!(client.send(&get_option("version")).unwrap(), 1);
    assert_eq!(client.send(&get_option("x")).unwrap(), 2);
    let sent = client.transport().sent.lock().unwrap();
    assert_eq!(
        *sent,
        [
            json!({"@type": "getOption", "name": "version", "@extra": 1}),
            json!({"@type": "getOption", "name": "x", "@extra": 2}),
        ]
    );
}

#[test]
fn an_answer_is_matched_by_extra_and_updates_are_kept() {
    let client = Client::new(Fake::with(&[
        json!({"@type": "updateOption", "name": "a", "@client_id": 1}),
        // Another request's answer, before this one's.
        json!({"@type": "optionValueString", "value": "other", "@extra": 2, "@client_id": 1}),
        // An `@extra` this client did not set: no request's, dropped.
        json!({"@type": "ok", "@extra": "someone else's"}),
        json!({"@type": "optionValueString", "value": "1.8", "@extra": 1, "@client_id": 1}),
        json!({"@type": "updateOption", "name": "b"}),
    ]));
    let answer = client.call(&get_option("version"), SECOND).unwrap();
    assert_eq!(
        answer,
        OptionValue {
            kind: "optionValueString".to_owned(),
            value: json!("1.8"),
        }
    );
    // Kept while waiting: the other answer, then the updates in order, without the
    // envelope's fields.
    let other: OptionValue = client.wait(2, SECOND).unwrap();
    assert_eq!(other.value, json!("other"));
    let first: serde_json::Value = client.next_update(SECOND).unwrap().unwrap();
    assert_eq!(first, json!({"@type": "updateOption", "name": "a"}));
    let second: serde_json::Value = client.next_update(SECOND).unwrap().unwrap();
    assert_eq!(second, json!({"@type": "updateOption", "name": "b"}));
}

#[test]
fn tdlibs_error_is_an_error() {
    let client = Client::new(Fake::with(&[
        json!({"@type": "error", "code": 404, "message": "Not Found", "@extra": 1}),
    ]));
    let error = client.call(&get_option("nope"), SECOND).unwrap_err();
    assert!(
        matches!(&error, Error::Td { code: 404, message } if message == "Not Found"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "TDLib error 404: Not Found");
    assert!(std::error::Error::source(&error).is_none());
}

#[test]
fn an_answer_of_another_type_is_a_json_error() {
    let client = Client::new(Fake::with(&[json!({"@type": "ok", "@extra": 1})]));
    let error = client.call(&get_option("x"), SECOND).unwrap_err();
    assert!(matches!(error, Error::Json(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("JSON: missing field `value`"),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
    // What TDLib sends must be JSON.
    let client = Client::new(Fake::default());
    client
        .transport()
        .incoming
        .lock()
        .unwrap()
        .push_back("not json".to_owned());
    assert!(matches!(
        client.next_update::<serde_json::Value>(SECOND),
        Err(Error::Json(_))
    ));
}

#[test]
fn nothing_in_time_is_a_timeout_or_no_update() {
    let client = Client::new(Fake::default());
    let started = Instant::now();
    let limit = Duration::from_millis(60);
    let error = client.call(&get_option("x"), limit).unwrap_err();
    assert!(matches!(error, Error::Timeout));
    assert_eq!(error.to_string(), "no answer in time");
    assert!(started.elapsed() >= limit);
    assert!(client
        .next_update::<serde_json::Value>(limit)
        .unwrap()
        .is_none());
    // A zero limit still takes what is already kept.
    let client = Client::new(Fake::with(&[json!({"@type": "updateA"})]));
    let _ = client.wait::<serde_json::Value>(99, Duration::from_millis(30));
    assert!(client
        .next_update::<serde_json::Value>(Duration::ZERO)
        .unwrap()
        .is_some());
}

#[cfg(feature = "tdjson")]
#[test]
fn the_client_id_of_an_event_is_its_last_client_id_key() {
    use crate::libtdjson::client_id_of;

    assert_eq!(
        client_id_of(r#"{"@type":"updateOption","@client_id":3}"#),
        Some(3)
    );
    assert_eq!(client_id_of(r#"{"@client_id": -1, "x": 2}"#), Some(-1));
    // The key's text inside a string is escaped, so it is not the key.
    assert_eq!(
        client_id_of(r#"{"text":"\"@client_id\":5","@client_id":6}"#),
        Some(6)
    );
    assert_eq!(client_id_of(r#"{"@type":"updateOption"}"#), None);
    assert_eq!(client_id_of(r#"{"@client_id":"x"}"#), None);
}
