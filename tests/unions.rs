//! The generated Telegram crate picks the right variant of each kind of union, and a
//! payload from a newer server (an unknown tag, an unknown enum value, an unknown
//! field) deserializes instead of failing the whole update.

use serde_json::json;
use telegram_bot_api::types::{ChatMember, ChatType, MaybeInaccessibleMessage, Update};

fn chat() -> serde_json::Value {
    json!({"id": -100123, "type": "supergroup", "title": "T"})
}

#[test]
fn an_inaccessible_message_is_told_from_a_message_by_its_zero_date() {
    // Both shapes have `chat`, `message_id` and `date`; only `date: 0` tells them
    // apart. Tried in order, every inaccessible message would read as a Message.
    let inaccessible: MaybeInaccessibleMessage =
        serde_json::from_value(json!({"chat": chat(), "message_id": 7, "date": 0})).unwrap();
    let MaybeInaccessibleMessage::InaccessibleMessage(message) = &inaccessible else {
        panic!("read as {inaccessible:?}");
    };
    assert_eq!(message.message_id, 7);

    let accessible: MaybeInaccessibleMessage = serde_json::from_value(
        json!({"chat": chat(), "message_id": 8, "date": 1_700_000_000, "text": "hi"}),
    )
    .unwrap();
    let MaybeInaccessibleMessage::Message(message) = &accessible else {
        panic!("read as {accessible:?}");
    };
    assert_eq!(message.text.as_deref(), Some("hi"));

    // A nonzero date says it is a Message: one that does not read (no chat) is an
    // error, not hidden as an unknown value.
    let broken = json!({"message_id": 9, "date": 5});
    let error = serde_json::from_value::<MaybeInaccessibleMessage>(broken).unwrap_err();
    assert!(error.to_string().contains("`chat`"), "{error}");
    // Only a value without the tag field is of an unknown kind, kept as is.
    let odd = json!({"message_id": 9});
    let unknown: MaybeInaccessibleMessage = serde_json::from_value(odd.clone()).unwrap();
    assert_eq!(unknown, MaybeInaccessibleMessage::Unknown(odd));

    // Writing back gives the same JSON.
    assert_eq!(
        serde_json::to_value(&inaccessible).unwrap(),
        json!({"chat": chat(), "message_id": 7, "date": 0})
    );
}

#[test]
fn a_newer_server_does_not_fail_the_update() {
    let user = json!({"id": 1, "is_bot": false, "first_name": "A"});
    let update = json!({
        "update_id": 1,
        "chat_member": {
            "chat": {"id": 5, "type": "channel_of_the_future", "title": "T"},
            "from": user,
            "date": 1_700_000_000,
            "old_chat_member": {"status": "member", "user": user},
            "new_chat_member": {"status": "emperor", "user": user, "until": 3},
        },
        "field_from_the_future": {"x": 1},
    });
    let parsed: Update = serde_json::from_value(update.clone()).unwrap();
    let change = parsed.chat_member.as_ref().unwrap();
    assert_eq!(
        change.chat.type_,
        ChatType::Unknown("channel_of_the_future".into())
    );
    assert!(matches!(change.old_chat_member, ChatMember::Member(_)));
    assert!(matches!(&change.new_chat_member, ChatMember::Unknown(v) if v["status"] == "emperor"));
    assert_eq!(parsed.extra["field_from_the_future"], json!({"x": 1}));
    // Nothing is lost on the way back.
    assert_eq!(serde_json::to_value(&parsed).unwrap(), update);
}

#[test]
fn a_tag_after_other_fields_is_found_and_nothing_is_lost() {
    // The API writes `status` after `user`: the entries before the tag are held and
    // handed to the variant with the rest.
    let user = json!({"id": 1, "is_bot": false, "first_name": "A"});
    let left = json!({"user": user, "status": "left"});
    let member: ChatMember = serde_json::from_value(left.clone()).unwrap();
    let ChatMember::Left(inner) = &member else {
        panic!("read as {member:?}");
    };
    assert_eq!(inner.user.first_name, "A");
    assert_eq!(serde_json::to_value(&member).unwrap(), left);

    let banned = json!({"user": user, "until_date": 0, "status": "kicked"});
    let member: ChatMember = serde_json::from_value(banned.clone()).unwrap();
    assert!(matches!(member, ChatMember::Banned(_)), "{member:?}");

    let odd = json!({"user": user, "status": "emperor", "crown": true});
    let member: ChatMember = serde_json::from_str(&odd.to_string()).unwrap();
    assert_eq!(member, ChatMember::Unknown(odd));

    // No tag at all is kept too; a tag of the wrong kind is not a known variant.
    let untagged = json!({"user": user});
    let member: ChatMember = serde_json::from_str(&untagged.to_string()).unwrap();
    assert_eq!(member, ChatMember::Unknown(untagged));
    // A tag that is not text (here an object, or a number) matches no variant; the
    // value is kept whole.
    for odd in [
        json!({"status": {"new": ["kind", 1]}, "user": user}),
        json!({"user": user, "status": 7.5}),
        json!({"status": null}),
    ] {
        let member: ChatMember = serde_json::from_str(&odd.to_string()).unwrap();
        assert_eq!(member, ChatMember::Unknown(odd));
    }
    // A variant with its required field missing (a payload older than the field) is
    // that variant: the field reads as a vacant value, is recorded as absent and is not
    // written back.
    let lacking = json!({"status": "left"});
    let member: ChatMember = serde_json::from_value(lacking.clone()).unwrap();
    let ChatMember::Left(inner) = &member else {
        panic!("{member:?}")
    };
    assert_eq!(inner.absent_fields().collect::<Vec<_>>(), ["user"]);
    assert_eq!(
        inner.user.absent_fields().collect::<Vec<_>>(),
        ["id", "is_bot", "first_name"]
    );
    assert_eq!(serde_json::to_value(&member).unwrap(), lacking);
}
