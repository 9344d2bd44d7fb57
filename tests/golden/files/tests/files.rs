//! Files: a parameter that takes an upload or a file id, and files inside a media list
//! (a string field that accepts `attach://`); an upload is written as `attach://<part>`
//! and listed among the request's attachments, a reference is written as itself.

use golden_files::methods::{Method, SendMediaGroup, SendPhoto};
use golden_files::types::{InputFile, InputMediaPhoto};
use serde_json::json;

fn attachments<M: Method>(request: &M) -> Vec<&InputFile> {
    let mut out = Vec::new();
    request.attachments(&mut out);
    out
}

#[test]
fn a_file_id_is_sent_as_text_and_is_no_attachment() {
    let request = SendPhoto::new(5, "AgACAgIAAx0");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"chat_id": 5, "photo": "AgACAgIAAx0"})
    );
    assert!(attachments(&request).is_empty());
}

#[test]
fn an_upload_is_an_attach_reference_to_its_part() {
    let photo = InputFile::upload("cat.jpg", b"\xff\xd8 jpeg".to_vec());
    let request = SendPhoto::new(5, photo.clone());
    let part = photo.part_name().expect("an upload has a part");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"chat_id": 5, "photo": format!("attach://{part}")})
    );
    let found = attachments(&request);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].upload_data(),
        Some(("cat.jpg", &b"\xff\xd8 jpeg"[..]))
    );
}

#[test]
fn uploads_inside_a_media_list_are_attachments_of_the_request() {
    let first = InputFile::upload("a.jpg", vec![1, 2]);
    let second = InputFile::upload("b.jpg", vec![3]);
    let media = vec![
        InputMediaPhoto::new(first.clone()),
        InputMediaPhoto::new("https://example.org/c.jpg"),
        InputMediaPhoto::new(second.clone()),
    ];
    let request = SendMediaGroup::new(5, media);
    let value = serde_json::to_value(&request).unwrap();
    assert_eq!(value["media"][0]["type"], "photo");
    assert_eq!(
        value["media"][0]["media"],
        format!("attach://{}", first.part_name().unwrap())
    );
    assert_eq!(value["media"][1]["media"], "https://example.org/c.jpg");
    let names: Vec<_> = attachments(&request)
        .iter()
        .map(|file| file.file_name())
        .collect();
    assert_eq!(names, [Some("a.jpg"), Some("b.jpg")]);
}
