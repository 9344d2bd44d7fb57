use std::borrow::Cow;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::json;

use crate::de::{self, Absent, Flag, Key, Vacant};

/// A union read the way the generated impls read one: find the tag, then replay the
/// object into the variant's type.
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Other(serde_json::Value),
}

#[derive(Debug, PartialEq, Deserialize)]
struct Circle {
    kind: String,
    radius: i64,
    #[serde(default)]
    label: Option<String>,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a shape")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Shape, A::Error> {
                let mut object = de::find_tag(map, "kind")?;
                Ok(match object.take_tag().as_deref() {
                    Some("circle") => Shape::Circle(de::replayed(object)?),
                    _ => Shape::Other(de::replayed(object)?),
                })
            }
        }
        deserializer.deserialize_map(ShapeVisitor)
    }
}

#[test]
fn a_tag_first_streams_into_the_variant() {
    let shape: Shape = serde_json::from_str(r#"{"kind":"circle","radius":2}"#).unwrap();
    let expected = Circle {
        kind: "circle".into(),
        radius: 2,
        label: None,
    };
    assert_eq!(shape, Shape::Circle(expected));
}

#[test]
fn entries_before_the_tag_are_replayed_in_order() {
    let text = r#"{"label":"a","radius":3,"kind":"circle"}"#;
    let shape: Shape = serde_json::from_str(text).unwrap();
    let expected = Circle {
        kind: "circle".into(),
        radius: 3,
        label: Some("a".into()),
    };
    assert_eq!(shape, Shape::Circle(expected));
}

#[test]
fn an_unknown_or_missing_tag_keeps_the_whole_object() {
    for text in [
        r#"{"radius":1,"kind":"square"}"#,
        r#"{"radius":1}"#,
        r#"{"kind":[1]}"#,
    ] {
        let shape: Shape = serde_json::from_str(text).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(shape, Shape::Other(value), "{text}");
    }
}

#[test]
fn an_integer_tag_reads_as_its_decimal_text() {
    #[derive(Debug)]
    struct Tagged(Option<String>, serde_json::Value);
    impl<'de> Deserialize<'de> for Tagged {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Tagged;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Tagged, A::Error> {
                    let mut object = de::find_tag(map, "code")?;
                    let tag = object.take_tag().map(Cow::into_owned);
                    Ok(Tagged(tag, de::replayed(object)?))
                }
            }
            deserializer.deserialize_map(V)
        }
    }
    let tagged: Tagged = serde_json::from_str(r#"{"a":true,"code":-7,"b":null}"#).unwrap();
    assert_eq!(tagged.0.as_deref(), Some("-7"));
    assert_eq!(tagged.1, json!({"a": true, "code": -7, "b": null}));
}

#[test]
fn a_buffered_tag_is_text_or_a_decimal_integer() {
    let value = json!({"s": "text", "n": 12, "f": 1.5, "b": true});
    assert_eq!(de::tag(&value, "s").as_deref(), Some("text"));
    assert_eq!(de::tag(&value, "n").as_deref(), Some("12"));
    assert_eq!(de::tag(&value, "f"), None);
    assert_eq!(de::tag(&value, "b"), None);
    assert_eq!(de::tag(&value, "missing"), None);
    let buffered = de::buffer(&mut serde_json::Deserializer::from_str("[1,2]")).unwrap();
    assert_eq!(buffered, json!([1, 2]));
    let circle: Result<Circle, serde_json::Error> = de::variant(json!({"kind": "c"}));
    assert!(circle.unwrap_err().to_string().contains("radius"));
}

#[test]
fn a_flag_is_some_only_for_true() {
    let read = |text: &str| serde_json::from_str::<Flag<()>>(text).unwrap().0;
    assert_eq!(read("true"), Some(()));
    assert_eq!(read("false"), None);
    assert_eq!(read("null"), None);
    assert!(serde_json::from_str::<Flag<()>>("1").is_err());
}

#[test]
fn keys_and_strings_borrow_from_the_input_when_they_can() {
    let mut input = serde_json::Deserializer::from_str(r#""plain""#);
    assert!(matches!(
        de::string(&mut input).unwrap(),
        Cow::Borrowed("plain")
    ));
    let mut escaped = serde_json::Deserializer::from_str(r#""a\nb""#);
    assert!(matches!(de::string(&mut escaped).unwrap(), Cow::Owned(text) if text == "a\nb"));
    let key: Key<'_> = serde_json::from_str(r#""update_id""#).unwrap();
    assert_eq!(key.as_str(), "update_id");
    assert_eq!(key.into_string(), "update_id");
    assert!(serde_json::from_str::<Key<'_>>("3").is_err());
}

#[test]
fn a_missing_required_field_is_named() {
    let error = de::required::<i64, serde_json::Error>(None, "chat_id").unwrap_err();
    assert_eq!(error.to_string(), "missing field `chat_id`");
    assert_eq!(
        de::required::<_, serde_json::Error>(Some(5), "x").unwrap(),
        5
    );
}

#[test]
fn vacant_values_are_the_zeros_of_json() {
    assert_eq!(i64::vacant(), 0);
    assert_eq!(f64::vacant(), 0.0);
    assert!(!bool::vacant());
    assert_eq!(String::vacant(), "");
    assert_eq!(serde_json::Value::vacant(), serde_json::Value::Null);
    assert_eq!(Vec::<i64>::vacant(), Vec::<i64>::new());
    assert_eq!(*Box::<String>::vacant(), "");
}

#[test]
fn an_absent_field_is_recorded_and_not_written_back_while_vacant() {
    let mut absent = Absent::default();
    assert_eq!(de::or_vacant(Some(7_i64), 0, &mut absent), 7);
    assert_eq!(de::or_vacant(None::<String>, 2, &mut absent), "");
    assert_eq!(format!("{absent:?}"), "0b100");
    let names = &["a", "b", "c"];
    assert_eq!(absent.fields(names).collect::<Vec<_>>(), ["c"]);
    // Bit 2 was absent: left out while it still holds the vacant value, written once set.
    assert!(!absent.writes(2, &String::new()));
    assert!(absent.writes(2, &"set since".to_owned()));
    // A field that was there is always written, vacant or not.
    assert!(absent.writes(0, &0_i64));
}

#[test]
fn every_field_of_a_vacant_object_is_absent() {
    assert_eq!(format!("{:?}", Absent::all(0)), "0b0");
    assert_eq!(format!("{:?}", Absent::all(3)), "0b111");
    assert_eq!(Absent::all(64).fields(&["x"; 64]).count(), 64);
    // The record takes no part in comparisons.
    assert_eq!(Absent::all(3), Absent::default());
}

#[test]
fn replay_reads_the_rest_of_a_streamed_object() {
    // An object whose tag comes last, with a nested object before it, read through
    // serde's IgnoredAny: every entry is handed on once.
    let text = r#"{"nested":{"a":[1,2]},"n":1,"kind":"x","after":"y"}"#;
    struct Count(usize);
    impl<'de> Deserialize<'de> for Count {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Count;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Count, A::Error> {
                    let mut object = de::find_tag(map, "kind")?;
                    assert_eq!(object.take_tag().as_deref(), Some("x"));
                    let mut count = 0;
                    while object.next_key::<Key<'de>>()?.is_some() {
                        object.next_value::<IgnoredAny>()?;
                        count += 1;
                    }
                    Ok(Count(count))
                }
            }
            deserializer.deserialize_map(V)
        }
    }
    assert_eq!(serde_json::from_str::<Count>(text).unwrap().0, 4);
}
