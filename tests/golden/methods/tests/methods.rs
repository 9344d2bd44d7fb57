//! Requests: `new` takes the required parameters and the setters trait (from the
//! prelude) the optional ones; a result that may be a message or `true` reads as
//! either; a list of messages reads element by element.

use golden_methods::methods::{EditMessageText, ForwardMessages, Method, SendMessage};
use golden_methods::prelude::*;
use golden_methods::types::{ChatId, MessageOrTrue};
use serde_json::json;

#[test]
fn required_parameters_in_new_optional_ones_by_setter() {
    let request = SendMessage::new(-5, "hi").disable_notification(true);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"chat_id": -5, "text": "hi", "disable_notification": true})
    );
    assert_eq!(
        SendMessage::new("@news", "hi").chat_id,
        ChatId::String("@news".to_owned())
    );
    assert_eq!(SendMessage::NAME, "sendMessage");
    // Either id of a method called one of two ways is a setter.
    let inline = EditMessageText::new("new text").inline_message_id("AAQ");
    assert_eq!(
        serde_json::to_value(&inline).unwrap(),
        json!({"text": "new text", "inline_message_id": "AAQ"})
    );
}

#[test]
fn a_result_of_two_types_reads_as_either() {
    let read = |body: &str| {
        EditMessageText::read_response(body.as_bytes())
            .unwrap()
            .into_result()
            .unwrap()
            .unwrap()
    };
    assert!(matches!(
        read(r#"{"ok":true,"result":true}"#),
        MessageOrTrue::True(_)
    ));
    match read(r#"{"ok":true,"result":{"message_id":7}}"#) {
        MessageOrTrue::Message(message) => assert_eq!(message.message_id, 7),
        other => panic!("a message: {other:?}"),
    }
}

#[test]
fn a_list_of_messages_reads_element_by_element() {
    let body = br#"{"ok":true,"result":[{"message_id":1},{"message_id":"two"},{"message_id":3}]}"#;
    let batch = ForwardMessages::read_response(body)
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap();
    let read: Vec<i64> = batch.successes().map(|m| m.message_id).collect();
    assert_eq!(read, [1, 3]);
    let errors: Vec<_> = batch.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].value, json!({"message_id": "two"}));
}
