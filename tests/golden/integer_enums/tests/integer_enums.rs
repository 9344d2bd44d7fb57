//! Integers on the wire: a known value reads as its variant, an unknown one is kept and
//! written back as it came; a union tagged by an integer reads each variant by its tag.

use golden_integer_enums::types::{Chat, ChatSlowModeDelay, ChatType, ForceReply, Markup};
use serde_json::json;

#[test]
fn an_enumeration_type_reads_its_values_and_keeps_unknown_ones() {
    assert_eq!(
        serde_json::from_value::<ChatType>(json!(3)).unwrap(),
        ChatType::ChannelChat
    );
    let unknown: ChatType = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(unknown, ChatType::Unknown(7));
    assert_eq!(serde_json::to_value(unknown).unwrap(), json!(7));
    assert_eq!(ChatType::from(2), ChatType::PeerChat);
    assert_eq!(i64::from(ChatType::PeerUser), 1);
    // Integers only: the name of a value is no value on the wire.
    assert!(serde_json::from_value::<ChatType>(json!("PeerChat")).is_err());
}

#[test]
fn fields_read_and_write_integers() {
    let chat: Chat =
        serde_json::from_value(json!({"id": 5, "type": 1, "slow_mode_delay": 30})).unwrap();
    assert_eq!(chat.type_, ChatType::PeerUser);
    assert_eq!(chat.slow_mode_delay, Some(ChatSlowModeDelay::V30));
    assert_eq!(
        serde_json::to_value(&chat).unwrap(),
        json!({"id": 5, "type": 1, "slow_mode_delay": 30})
    );
    let odd: Chat =
        serde_json::from_value(json!({"id": 5, "type": 1, "slow_mode_delay": 45})).unwrap();
    assert_eq!(odd.slow_mode_delay, Some(ChatSlowModeDelay::Unknown(45)));
}

#[test]
fn a_union_tagged_by_an_integer_reads_each_variant() {
    let read: Markup = serde_json::from_value(json!({"type": 1, "selective": true})).unwrap();
    assert_eq!(
        read,
        Markup::from(ForceReply::new(1).selective(true)),
        "tag 1 is ForceReply"
    );
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        json!({"type": 1, "selective": true})
    );
    let remove: Markup = serde_json::from_value(json!({"type": 2})).unwrap();
    assert!(matches!(remove, Markup::KeyboardRemove(_)), "{remove:?}");
    let newer: Markup = serde_json::from_value(json!({"type": 9, "x": 1})).unwrap();
    assert_eq!(newer, Markup::Unknown(json!({"type": 9, "x": 1})));
}
