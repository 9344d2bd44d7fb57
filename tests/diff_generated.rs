//! The diff reads what the generator does: both sides are generated and their public
//! Rust APIs compared. These tests hold the generator to the two facts that reading
//! relies on (documentation never shapes the API; an unrelated addition adds and
//! touches nothing else) on the real Telegram spec, and check the verdicts only
//! generating shows (`fixtures/diff/generated`).

use std::path::Path;

use codegen::diff::rust_api::{compare, Generated};
use codegen::diff::surface::without_docs;
use codegen::diff::{self, ChangeKind, Impact, RustChange};
use codegen::ir::{self, Settings};
use codegen::spec::yaml;
use codegen::spec::{Bounds, Field, Spec, TypeDef, TypeKind};

fn telegram() -> Spec {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    yaml::load(&root.join("spec/telegram.yaml")).unwrap()
}

/// Every file the emitter writes for `spec`, docs removed.
fn code_without_docs(spec: &Spec) -> Vec<(String, String)> {
    let krate = ir::build(spec, &Settings::new("test")).unwrap();
    let files = codegen::emit::emit(&krate).unwrap();
    files
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, text)| (path.clone(), without_docs(&syn::parse_file(text).unwrap())))
        .collect()
}

/// Every documentation fact of a field changed: its description and its details.
fn redescribe(field: &mut Field) {
    field.description = format!("Reworded: {}", field.description.to_uppercase());
    field.default = Some(format!("{:?}-changed", field.default));
    let bounds = |b: &Option<Bounds>| {
        Some(Bounds {
            min: Some(b.as_ref().and_then(|b| b.min).unwrap_or(0) - 1),
            max: None,
        })
    };
    field.range = bounds(&field.range);
    field.length = bounds(&field.length);
    field.int64 = !field.int64;
}

/// What the diff classifies documentation-only (descriptions and details of every type,
/// field, method and parameter) changes the generated code only in its docs, token for
/// token, and so the public API not at all.
#[test]
fn descriptions_and_details_change_only_docs() {
    let old = telegram();
    let mut new = old.clone();
    for ty in &mut new.types {
        ty.description = format!("Reworded. {}", ty.description);
        ty.fields_mut().into_iter().flatten().for_each(redescribe);
    }
    for method in &mut new.methods {
        method.description = format!("Reworded. {}", method.description);
        method.params.iter_mut().for_each(redescribe);
    }
    assert_eq!(code_without_docs(&old), code_without_docs(&new));
    let spec_diff = diff::diff(&old, &new).unwrap();
    assert!(spec_diff.changes.iter().all(|c| c.impact == Impact::Docs));
    assert!(spec_diff.changes.iter().all(|c| c.rust.is_empty()));
}

/// A page group places an item's file, nothing else: moving every type and method to
/// another group moves files, and the diff calls it documentation with no effect on
/// the public API.
#[test]
fn a_new_page_group_moves_files_not_paths() {
    let old = telegram();
    let mut new = old.clone();
    for ty in &mut new.types {
        ty.group = Some("Moved types".to_owned());
    }
    for method in &mut new.methods {
        method.group = None;
    }
    let (old_crate, new_crate) = (
        Generated::of(&old, "old").unwrap(),
        Generated::of(&new, "new").unwrap(),
    );
    let paths = |spec: &Spec| -> Vec<String> {
        code_without_docs(spec)
            .into_iter()
            .map(|(path, _)| path)
            .collect()
    };
    let (old_paths, new_paths) = (paths(&old), paths(&new));
    let has = |paths: &[String], path: &str| paths.iter().any(|p| p == path);
    assert!(has(&old_paths, "src/types/available_types/message.rs"));
    assert!(has(
        &old_paths,
        "src/methods/available_methods/send_photo.rs"
    ));
    assert!(has(&new_paths, "src/types/moved_types/message.rs"));
    assert!(has(&new_paths, "src/methods/send_photo.rs"));
    assert!(!has(&new_paths, "src/types/available_types/message.rs"));
    assert_eq!(compare(&old_crate.surface, &new_crate.surface), []);
    let spec_diff = diff::diff(&old, &new).unwrap();
    assert!(!spec_diff.changes.is_empty());
    assert!(spec_diff
        .changes
        .iter()
        .all(|c| c.impact == Impact::Docs && c.rust.is_empty()));
}

#[test]
fn an_unrelated_type_adds_itself_and_nothing_else() {
    let old = telegram();
    let mut new = old.clone();
    let field = |name: &str, ty: &str| Field {
        name: name.to_owned(),
        ty: ty.to_owned(),
        required: true,
        ..old.types[0].fields()[0].clone()
    };
    new.types.push(TypeDef {
        name: "AaaUnrelated".to_owned(),
        kind: TypeKind::Object(vec![
            field("media", "InputMediaPhoto or InputMediaVideo"),
            // Shared with a hundred places under the same name: still `ChatId`.
            field("chat_id", "Integer or String"),
            field(
                "reply_markup",
                "InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply",
            ),
            field("kind", "String"),
        ]),
        ..old.types[0].clone()
    });
    let (old_crate, new_crate) = (
        Generated::of(&old, "old").unwrap(),
        Generated::of(&new, "new").unwrap(),
    );
    let effects = compare(&old_crate.surface, &new_crate.surface);
    let paths: Vec<&str> = effects.iter().map(|e| e.path.as_str()).collect();
    assert!(!effects.is_empty());
    // The type, and the union only it uses, named after its alternatives.
    assert!(
        effects.iter().all(|e| e.change == RustChange::Added
            && (e.path.starts_with("types::AaaUnrelated")
                || e.path
                    .starts_with("types::InputMediaPhotoOrInputMediaVideo"))),
        "{paths:?}"
    );
}

#[test]
fn generating_both_sides_sees_what_the_spec_words_do_not() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff/generated");
    let load = |name: &str| yaml::load(&dir.join(name)).unwrap();
    let spec_diff = diff::diff(&load("old.yaml"), &load("new.yaml")).unwrap();
    let verdict = |item: &str, member: Option<&str>, kind: &dyn Fn(&ChangeKind) -> bool| {
        let found: Vec<_> = spec_diff
            .changes
            .iter()
            .filter(|c| c.location.item == item && c.location.member.as_deref() == member)
            .filter(|c| kind(&c.kind))
            .collect();
        assert_eq!(found.len(), 1, "{item} {member:?}: {found:#?}");
        found[0].impact
    };
    // "attach://" in the prose: the field becomes an `InputFile`.
    let attachment = |k: &ChangeKind| matches!(k, ChangeKind::AttachmentChanged { .. });
    assert_eq!(
        verdict("InputMediaPhoto", Some("media"), &attachment),
        Impact::Breaking
    );
    // A required field turned constant leaves `new(…)`.
    let constant = |k: &ChangeKind| matches!(k, ChangeKind::ConstChanged { .. });
    assert_eq!(
        verdict("InputMediaPhoto", Some("type"), &constant),
        Impact::Breaking
    );
    // `InputFile` already takes a file id or URL.
    let retyped = |k: &ChangeKind| matches!(k, ChangeKind::TypeChanged { .. });
    assert_eq!(
        verdict("setChatPhoto", Some("photo"), &retyped),
        Impact::Docs
    );
    let returns = |k: &ChangeKind| matches!(k, ChangeKind::ReturnsChanged { .. });
    assert_eq!(verdict("stopPoll", None, &returns), Impact::Docs);
    // A second place using `Sticker or Photo` shares the union `Gallery.cover` has
    // and leaves its name alone; naming it in the spec renames it, which breaks code
    // naming the type, and that name is what the diff blames.
    assert!(
        spec_diff
            .changes
            .iter()
            .all(|c| c.location.item != "Gallery"),
        "{:#?}",
        spec_diff.changes
    );
    // A new field elsewhere closes a cycle: a field the spec leaves alone is boxed.
    let unexplained = |k: &ChangeKind| *k == ChangeKind::NoSpecChange;
    assert_eq!(
        verdict("Node", Some("child"), &unexplained),
        Impact::Breaking
    );
    let named = |k: &ChangeKind| matches!(k, ChangeKind::FactChanged { new: Some(n), .. } if n == "Photo or Sticker: Cover");
    assert_eq!(verdict("union_names", None, &named), Impact::Breaking);
}
