//! TDLib's JSON: objects and requests are tagged `@type` with their constructor or
//! function, a class reads each constructor by its tag (and keeps one it does not
//! know), 64-bit integers travel as strings and bytes as base64.

use golden_tdlib::methods::{GetMessage, Method};
use golden_tdlib::types::{Bytes, FormattedText, Int64, Message, Sender};
use serde_json::json;

fn payload() -> serde_json::Value {
    json!({
        "@type": "message",
        "id": "9007199254740993",
        "sender_id": {"@type": "senderUser", "user_id": 5},
        "content": {"@type": "formattedText", "text": "hi", "entities": [[0, 2]]},
        "thumbnail": "AQI=",
        "type": 0,
        "description": "",
        "ids": [1, 2],
    })
}

#[test]
fn an_object_reads_its_tagged_fields_and_writes_them_back() {
    let message: Message = serde_json::from_value(payload()).unwrap();
    assert_eq!(message.id, Int64(9_007_199_254_740_993));
    assert_eq!(message.thumbnail, Bytes(vec![1, 2]));
    match &message.sender_id {
        Some(Sender::User(user)) => assert_eq!(user.user_id, 5),
        other => panic!("a user: {other:?}"),
    }
    assert_eq!(message.content.entities, [[0, 2]]);
    assert_eq!(serde_json::to_value(&message).unwrap(), payload());
}

#[test]
fn a_constructor_the_class_does_not_know_is_kept() {
    let sender: Sender =
        serde_json::from_value(json!({"@type": "senderBot", "bot_id": 7})).unwrap();
    assert_eq!(
        sender,
        Sender::Unknown(json!({"@type": "senderBot", "bot_id": 7}))
    );
}

#[test]
fn a_request_is_tagged_with_its_function() {
    let reply_to = Message::new(
        1,
        FormattedText::new("x", Vec::<Vec<i64>>::new()),
        Vec::<u8>::new(),
        0,
        "",
    );
    let request = GetMessage::new(-100, reply_to);
    let value = serde_json::to_value(&request).unwrap();
    assert_eq!(value["@type"], "getMessage");
    assert_eq!(value["chat_id"], -100);
    assert_eq!(value["reply_to"]["@type"], "message");
    assert_eq!(value["reply_to"]["id"], "1");
    assert_eq!(GetMessage::NAME, "getMessage");
}
