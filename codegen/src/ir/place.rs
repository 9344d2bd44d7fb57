//! Where each generated item goes: the crate is laid out like the page, so a reader
//! finds an item where the documentation puts it. The page's group an item sits under
//! (`group` in the spec: "Available types", "Stickers", a TDLib class) is a module of
//! `types` or `methods`, and every item a file of its own in it
//! (`types/available_types/message.rs`, `methods/available_methods/send_photo.rs`).
//! An item with no group has its file right in `types` or `methods`; the item that
//! names a group (a TDLib class heading its constructors, Potato's `ReplyMarkup` and
//! its "ReplyMarkup" heading) is written in that group's module itself: a reader looks
//! for it there, and a module named like its parent is a lint.
//!
//! Modules are snake case of the group's title and of the item's Rust name. Two things
//! that would share a file are an error naming both: the page never has them, and a
//! numbered file would hide which is which.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::naming::is_keyword;
use super::{Item, Place, Request};
use crate::diagnostics::Diagnostics;

/// Places the items (`groups`: the page group of each) and the requests
/// (`request_groups`: of each).
pub(super) fn place(
    items: &mut [Item],
    groups: &[Option<&str>],
    requests: &mut [Request],
    request_groups: &[Option<&str>],
    diags: &mut Diagnostics,
) {
    let places: Vec<Place> = items
        .iter()
        .zip(groups)
        .map(|(item, group)| place_of(item.rust_name(), *group))
        .collect();
    let places = into_named_groups(places);
    let names: Vec<&str> = items.iter().map(Item::rust_name).collect();
    check_unique("types", &names, &places, diags);
    for (item, place) in items.iter_mut().zip(places) {
        *item.place_mut() = place;
    }
    let places: Vec<Place> = requests
        .iter()
        .zip(request_groups)
        .map(|(request, group)| place_of(&request.rust_name, *group))
        .collect();
    let places = into_named_groups(places);
    let names: Vec<&str> = requests.iter().map(|r| r.rust_name.as_str()).collect();
    check_unique("methods", &names, &places, diags);
    for (request, place) in requests.iter_mut().zip(places) {
        request.place = place;
    }
}

fn place_of(rust_name: &str, group: Option<&str>) -> Place {
    let group = group.and_then(module_name);
    let module = module_name(rust_name).filter(|module| group.as_ref() != Some(module));
    Place { group, module }
}

/// An item of no group whose module is a group's goes into that group's module.
fn into_named_groups(mut places: Vec<Place>) -> Vec<Place> {
    let groups: BTreeSet<String> = places.iter().filter_map(|p| p.group.clone()).collect();
    for place in &mut places {
        if place.group.is_none() && place.module.as_ref().is_some_and(|m| groups.contains(m)) {
            place.group = place.module.take();
        }
    }
    places
}

/// A module name for a title or a Rust name: snake case, letters and digits only
/// (`Contact, Location, Venue` → `contact_location_venue`); a keyword gets a trailing
/// `_`; `None` when nothing is left.
pub fn module_name(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .to_snake_case()
        .split('_')
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let mut name = words.join("_");
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "group_");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    Some(name)
}

/// Reports items that would share a file, or a group's module with an item's file.
fn check_unique(root: &str, names: &[&str], places: &[Place], diags: &mut Diagnostics) {
    // Path of the module → the item (or group) first placed there.
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (name, place) in names.iter().zip(places) {
        if let Some(group) = &place.group {
            taken
                .entry(format!("{root}/{group}"))
                .or_insert_with(|| format!("the group of `{name}`"));
        }
    }
    for (name, place) in names.iter().zip(places) {
        let Some(module) = &place.module else {
            continue;
        };
        let path = match &place.group {
            Some(group) => format!("{root}/{group}/{module}"),
            None => format!("{root}/{module}"),
        };
        if let Some(other) = taken.insert(path.clone(), format!("`{name}`")) {
            diags.error(
                *name,
                format!("its module `{path}` is also {other}'s: rename one of them"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_snake_case_identifiers() {
        let name = |text| module_name(text);
        assert_eq!(name("Available types").as_deref(), Some("available_types"));
        assert_eq!(
            name("Contact, Location, Venue").as_deref(),
            Some("contact_location_venue")
        );
        assert_eq!(name("User & Files").as_deref(), Some("user_files"));
        assert_eq!(name("TMeUrlType").as_deref(), Some("t_me_url_type"));
        assert_eq!(name("Type").as_deref(), Some("type_"));
        assert_eq!(name("3D models").as_deref(), Some("group_3d_models"));
        assert_eq!(name(" & ").as_deref(), None);
    }

    #[test]
    fn an_item_naming_its_group_is_the_group_module() {
        let class = place_of("MessageContent", Some("MessageContent"));
        assert_eq!(class.group.as_deref(), Some("message_content"));
        assert_eq!(class.module, None);
        let constructor = place_of("MessageText", Some("MessageContent"));
        assert_eq!(constructor.module.as_deref(), Some("message_text"));
        let alone = place_of("Chat", None);
        assert_eq!((alone.group, alone.module.as_deref()), (None, Some("chat")));
        // Potato's `ReplyMarkup`, before its page's "ReplyMarkup" heading.
        let places = into_named_groups(vec![
            place_of("ReplyMarkup", None),
            place_of("ForceReply", Some("ReplyMarkup")),
        ]);
        assert_eq!(places[0].group.as_deref(), Some("reply_markup"));
        assert_eq!(places[0].module, None);
    }

    #[test]
    fn items_sharing_a_file_are_an_error_naming_both() {
        let places = [
            place_of("HttpError", Some("Errors")),
            place_of("HTTPError", Some("Errors")),
            place_of("Support", None),
        ];
        let mut diags = Diagnostics::new("spec.yaml");
        check_unique(
            "types",
            &["HttpError", "HTTPError", "Support"],
            &places,
            &mut diags,
        );
        let text = diags.to_string();
        assert_eq!(diags.errors().count(), 1, "{text}");
        assert!(
            text.contains("`types/errors/http_error` is also `HttpError`'s"),
            "{text}"
        );
    }
}
