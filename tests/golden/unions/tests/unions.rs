//! Each kind of union reads each of its variants: by a tag with a constant in every
//! variant, by a tag with a constant in one variant only (the other is the default),
//! and by shape (untagged); values from a newer API are kept.

use golden_unions::types::{
    Content, IntegerOrString, MaybeHiddenPost, Picture, Shape, ShapeSquareColor, Text,
};
use serde_json::json;

#[test]
fn a_tagged_union_reads_each_variant_by_its_tag() {
    let circle: Shape = serde_json::from_value(json!({"kind": "circle", "radius": 2.0})).unwrap();
    let Shape::Circle(circle) = &circle else {
        panic!("a circle: {circle:?}");
    };
    assert_eq!(circle.radius, 2.0);
    let square: Shape =
        serde_json::from_value(json!({"kind": "square", "side": 1.5, "color": "dark_blue"}))
            .unwrap();
    let Shape::Square(square) = &square else {
        panic!("a square: {square:?}");
    };
    assert_eq!(square.color, Some(ShapeSquareColor::DarkBlue));
    // The tag is written from the variant: the struct has no field for it.
    assert_eq!(
        serde_json::to_value(Shape::Circle(circle.clone())).unwrap(),
        json!({"kind": "circle", "radius": 2.0})
    );
    let newer: Shape = serde_json::from_value(json!({"kind": "hexagon"})).unwrap();
    assert_eq!(newer, Shape::Unknown(json!({"kind": "hexagon"})));
}

#[test]
fn a_union_with_a_default_variant_reads_the_others_by_their_tag() {
    let hidden: MaybeHiddenPost = serde_json::from_value(json!({"date": 0})).unwrap();
    assert!(
        matches!(hidden, MaybeHiddenPost::HiddenPost(_)),
        "{hidden:?}"
    );
    let post: MaybeHiddenPost = serde_json::from_value(json!({
        "chat_id": "@channel",
        "content": {"text": "hello"},
        "date": 1_700_000_000,
    }))
    .unwrap();
    let MaybeHiddenPost::Post(post) = post else {
        panic!("any other date is a post: {post:?}");
    };
    assert_eq!(post.chat_id, IntegerOrString::String("@channel".to_owned()));
    assert_eq!(post.content, Content::Text(Text::new("hello")));
}

#[test]
fn an_untagged_union_reads_each_variant_by_its_fields() {
    let text: Content = serde_json::from_value(json!({"text": "hi"})).unwrap();
    assert_eq!(text, Content::Text(Text::new("hi")));
    let picture: Content =
        serde_json::from_value(json!({"url": "https://example.org/p.png"})).unwrap();
    assert_eq!(
        picture,
        Content::Picture(Picture::new("https://example.org/p.png"))
    );
}

#[test]
fn an_inline_union_of_primitives_reads_either() {
    let id: IntegerOrString = serde_json::from_value(json!(42)).unwrap();
    assert_eq!(id, IntegerOrString::Integer(42));
    let name: IntegerOrString = serde_json::from_value(json!("@name")).unwrap();
    assert_eq!(name, IntegerOrString::String("@name".to_owned()));
}
