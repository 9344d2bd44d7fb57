use std::sync::Arc;

use crate::de::Vacant;
use crate::values::{Attachments, InputFile, True};

#[test]
fn true_is_only_true() {
    assert_eq!(serde_json::to_string(&True).unwrap(), "true");
    assert_eq!(serde_json::from_str::<True>("true").unwrap(), True);
    let error = serde_json::from_str::<True>("false").unwrap_err();
    assert!(error.to_string().contains("expected `true`"), "{error}");
    assert!(serde_json::from_str::<True>("1").is_err());
}

#[test]
fn a_reference_serializes_as_itself() {
    for file in [
        InputFile::file_id("AgAD"),
        InputFile::url("https://example.com/a.png"),
        InputFile::from("AgAD"),
    ] {
        let reference = file.reference().unwrap().to_owned();
        assert_eq!(serde_json::to_value(&file).unwrap(), reference.as_str());
        assert_eq!(file.file_name(), None);
        assert_eq!(file.part_name(), None);
        assert_eq!(file.upload_data(), None);
        assert_eq!(file.upload_path(), None);
    }
    let read: InputFile = serde_json::from_str(r#""AgAD""#).unwrap();
    assert_eq!(read, InputFile::file_id("AgAD"));
    assert_eq!(InputFile::vacant().reference(), Some(""));
}

#[test]
fn an_upload_serializes_as_its_unique_attach_name() {
    let a = InputFile::upload("a.txt", b"hello".to_vec());
    let b = InputFile::upload("a.txt", b"hello".to_vec());
    let (part_a, part_b) = (a.part_name().unwrap(), b.part_name().unwrap());
    assert_ne!(part_a, part_b, "two uploads share no part name");
    assert!(part_a.starts_with("file"));
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json, format!("attach://{part_a}").as_str());
    assert_eq!(a.upload_data(), Some(("a.txt", &b"hello"[..])));
    assert_eq!(a.reference(), None);
    // A clone shares the bytes and keeps the name.
    let clone = a.clone();
    assert!(Arc::ptr_eq(
        a.upload_bytes().unwrap(),
        clone.upload_bytes().unwrap()
    ));
    assert_eq!(clone.part_name().unwrap(), part_a);
    let renamed = clone.with_file_name("b.txt");
    assert_eq!(renamed.file_name(), Some("b.txt"));
}

#[test]
fn a_path_upload_is_named_after_its_file() {
    let file = InputFile::path("/tmp/some/photo.jpg");
    assert_eq!(file.file_name(), Some("photo.jpg"));
    assert_eq!(
        file.upload_path().unwrap().to_str(),
        Some("/tmp/some/photo.jpg")
    );
    assert_eq!(InputFile::path("/").file_name(), Some("file"));
    // A length is only a reader's: other values are returned as they are.
    assert_eq!(file.clone().with_length(3), file);
}

#[test]
fn debug_shows_the_size_of_an_upload_not_its_bytes() {
    let file = InputFile::upload("a.bin", vec![0_u8; 1000]);
    let text = format!("{file:?}");
    assert!(
        text.contains("bytes: 1000") && text.contains("a.bin"),
        "{text}"
    );
    assert_eq!(
        format!("{:?}", InputFile::file_id("x")),
        r#"Reference("x")"#
    );
}

#[test]
fn attachments_collect_uploads_not_references() {
    let upload = InputFile::upload("a", vec![1]);
    let values = vec![Some(InputFile::file_id("x")), None, Some(upload.clone())];
    let boxed = Box::new(InputFile::path("/tmp/b"));
    let mut out = Vec::new();
    values.attachments(&mut out);
    boxed.attachments(&mut out);
    let names: Vec<_> = out.iter().map(|file| file.file_name().unwrap()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[cfg(feature = "client")]
#[test]
fn a_reader_is_taken_once_with_its_length() {
    let file = InputFile::reader("r.bin", &b"abc"[..]).with_length(3);
    let clone = file.clone();
    assert_eq!(file, clone, "clones share the reader");
    let (_, length) = clone.take_reader().expect("the first take has it");
    assert_eq!(length, Some(3));
    assert!(
        file.take_reader().is_none(),
        "the reader is gone for every clone"
    );
    assert!(format!("{file:?}").contains("length: Some(3)"));
}
