//! Value sets read from the real pages (every Telegram era, Letgram, the Gateway),
//! and the generated enums as a bot author uses them: a string or integer still
//! passes, an unknown value still reads and is written back.

use codegen::pinned;
use codegen::spec::{Field, Spec};
use serde_json::json;
use tests::workspace_root;

fn scrape(api: &str, page: &str) -> Spec {
    let pinned = pinned::find(api).expect("a maintained API");
    let (scraped, diags) = pinned.scrape_page(&workspace_root(), page);
    assert!(!diags.has_errors(), "{diags}");
    scraped.expect("a spec").spec
}

/// Every field and parameter, with its owner.
fn fields(spec: &Spec) -> impl Iterator<Item = (&str, &Field)> {
    let fields = spec
        .types
        .iter()
        .flat_map(|t| t.fields().iter().map(|f| (t.name.as_str(), f)));
    let params = spec
        .methods
        .iter()
        .flat_map(|m| m.params.iter().map(|p| (m.name.as_str(), p)));
    fields.chain(params)
}

fn field<'s>(spec: &'s Spec, owner: &str, name: &str) -> &'s Field {
    fields(spec)
        .find(|(o, f)| *o == owner && f.name == name)
        .map(|(_, f)| f)
        .unwrap_or_else(|| panic!("no `{owner}.{name}`"))
}

const TELEGRAM_PAGES: [&str; 7] = [
    "tests/fixtures/telegram/botapi-5.0.html",
    "tests/fixtures/telegram/botapi-6.3.html",
    "tests/fixtures/telegram/botapi-7.0.html",
    "tests/fixtures/telegram/botapi-7.10.html",
    "tests/fixtures/telegram/botapi-8.3.html",
    "tests/fixtures/telegram/botapi-9.2.html",
    "spec/sources/telegram/botapi-10.2.html",
];

#[test]
fn telegram_pages_of_every_era_state_the_same_sets() {
    for page in TELEGRAM_PAGES {
        let spec = scrape("telegram", page);
        // Every parse mode, however named, is the one set of "Formatting options".
        let modes: Vec<_> = fields(&spec)
            .filter(|(_, f)| f.name.ends_with("parse_mode"))
            .collect();
        assert!(modes.len() >= 20, "{page}: {} parse modes", modes.len());
        for (owner, mode) in modes {
            assert_eq!(
                mode.enum_name.as_deref(),
                Some("ParseMode"),
                "{page}: {owner}.{}",
                mode.name
            );
            assert_eq!(
                mode.enum_values,
                ["MarkdownV2", "HTML", "Markdown"],
                "{page}"
            );
            let origin = mode.enum_origin.as_ref().expect("an origin");
            assert_eq!(origin.section.as_deref(), Some("Formatting options"));
        }
        // The update types are the optional fields of Update, whatever the version.
        let update = spec.find_type("Update").unwrap();
        let kinds: Vec<&str> = (update.fields().iter())
            .filter(|f| !f.required)
            .map(|f| f.name.as_str())
            .collect();
        for (owner, name) in [
            ("getUpdates", "allowed_updates"),
            ("setWebhook", "allowed_updates"),
            ("WebhookInfo", "allowed_updates"),
        ] {
            let allowed = field(&spec, owner, name);
            assert_eq!(allowed.enum_values, kinds, "{page}: {owner}");
            assert_eq!(allowed.enum_name.as_deref(), Some("UpdateType"));
        }
        // The chat actions, in italics after "Choose one".
        let action = field(&spec, "sendChatAction", "action");
        assert!(action.enum_values.len() >= 9, "{page}: {action:?}");
        for value in [
            "typing",
            "upload_photo",
            "find_location",
            "upload_video_note",
        ] {
            assert!(action.enum_values.iter().any(|v| v == value), "{page}");
        }
    }
}

#[test]
fn telegram_integer_sets_and_conditions() {
    let spec = scrape("telegram", "spec/sources/telegram/botapi-10.2.html");
    let values = |owner, name| field(&spec, owner, name).enum_values.clone();
    assert_eq!(
        values("createForumTopic", "icon_color"),
        ["7322096", "16766590", "13338331", "9367192", "16749490", "16478047"]
    );
    assert_eq!(
        values("giftPremiumSubscription", "month_count"),
        ["3", "6", "12"]
    );
    for method in ["postStory", "repostStory"] {
        assert_eq!(
            values(method, "active_period"),
            ["21600", "43200", "86400", "172800"]
        );
    }
    assert_eq!(
        values("KeyboardButtonPollType", "type"),
        ["quiz", "regular"]
    );
    // Ranges, examples and conditions are no sets.
    assert!(values("getUpdates", "limit").is_empty());
    assert!(values("VideoQuality", "codec").is_empty());
    assert!(values("sendLocation", "live_period").is_empty());
}

#[test]
fn letgram_lists_lengths_and_defaults() {
    let spec = scrape("letgram", "spec/sources/letgram/letgram-bot-api.txt");
    let entity = field(&spec, "MessageEntity", "type");
    assert_eq!(entity.enum_values.len(), 17);
    assert_eq!(
        entity.enum_origin.as_ref().unwrap().phrase,
        "One of: mention, hashtag, cashtag, bot_command, url, email, phone_number, bold, italic, underline, strikethrough, spoiler, code, pre, text_link, text_mention, custom_emoji."
    );
    assert_eq!(
        field(&spec, "sendChatAction", "action").enum_values.len(),
        11
    );
    assert_eq!(
        field(&spec, "sendMessage", "parse_mode").enum_values,
        ["MarkdownV2", "HTML", "Markdown"]
    );
    let poll = field(&spec, "sendPoll", "type");
    assert_eq!(poll.enum_values, ["quiz", "regular"]);
    assert_eq!(poll.default.as_deref(), Some("regular"));
    assert_eq!(
        field(&spec, "postStory", "period").enum_values,
        ["21600", "43200", "86400", "172800"]
    );
    let caption = field(&spec, "sendAudio", "caption").length.clone().unwrap();
    assert_eq!((caption.min, caption.max), (Some(0), Some(1024)));
    // A list with a value that is no name is not guessed at.
    assert!(field(&spec, "sendDice", "emoji").enum_values.is_empty());
}

#[test]
fn gateway_statuses() {
    let spec = scrape("gateway", "spec/sources/gateway/gateway-api.html");
    assert_eq!(
        field(&spec, "DeliveryStatus", "status").enum_values,
        ["sent", "read", "revoked"]
    );
    assert_eq!(
        field(&spec, "VerificationStatus", "status").enum_values,
        [
            "code_valid",
            "code_invalid",
            "code_max_attempts_exceeded",
            "expired"
        ]
    );
}

#[test]
fn generated_sets_take_plain_values_and_keep_unknown_ones() {
    use telegram_bot_api::methods::{CreateForumTopic, GetUpdates, SendMessage};
    use telegram_bot_api::prelude::*;
    use telegram_bot_api::types::{CreateForumTopicIconColor, ParseMode, UpdateType};

    // A `&str` where a mode is expected, and an integer where a color is.
    let send = SendMessage::new(1, "hi").parse_mode("HTML");
    assert_eq!(send.parse_mode, Some(ParseMode::Html));
    let topic = CreateForumTopic::new(1, "T").icon_color(7_322_096);
    assert_eq!(topic.icon_color, Some(CreateForumTopicIconColor::V7322096));
    let poll = GetUpdates::new().allowed_updates([UpdateType::Message, "poll".into()]);
    assert_eq!(
        serde_json::to_value(&poll).unwrap(),
        json!({"allowed_updates": ["message", "poll"]})
    );

    // Unknown values read and are written back as they were.
    let mode: ParseMode = serde_json::from_value(json!("MarkdownV3")).unwrap();
    assert_eq!(mode, ParseMode::Unknown("MarkdownV3".into()));
    assert_eq!(serde_json::to_value(&mode).unwrap(), json!("MarkdownV3"));
    let color: CreateForumTopicIconColor = serde_json::from_value(json!(42)).unwrap();
    assert_eq!(color, CreateForumTopicIconColor::Unknown(42));
    assert_eq!(serde_json::to_value(color).unwrap(), json!(42));
    assert_eq!(
        serde_json::to_value(CreateForumTopicIconColor::V16766590).unwrap(),
        json!(16_766_590)
    );
}
