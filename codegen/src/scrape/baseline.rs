//! What a page lost or gained against the committed spec of its API.
//!
//! Some damage leaves a page that reads cleanly: a deleted row, a deleted section, a
//! text export cut between two rows, a name changed by one letter. Nothing on the page
//! tells such a page from a new version of the docs; the committed spec does. So
//! `cargo xtask regen` compares each spec it reads with the committed one and warns,
//! naming each item: every type, method, field, parameter and enumeration value the
//! page no longer has (removals break the crate, and the docs rarely make them), and,
//! when the page states the same API version as the committed spec, every one it
//! gained (a page of the same version should give the same items). A page of a new
//! version gains items normally; `cargo xtask diff` lists them for review.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostics;
use crate::spec::{Field, Spec};

/// The items of a spec: `Type`, `Type.field`, `Type.Value`, `method`, `method.param`,
/// each with the item it belongs to (the section of a warning).
fn items(spec: &Spec) -> BTreeSet<(String, String)> {
    let mut items = BTreeSet::new();
    let mut members = |owner: &str, fields: &[Field]| {
        for field in fields {
            items.insert((owner.to_owned(), format!("{owner}.{}", field.name)));
        }
    };
    for ty in &spec.types {
        members(&ty.name, ty.fields());
    }
    for method in &spec.methods {
        members(&method.name, &method.params);
    }
    for ty in &spec.types {
        items.insert((ty.name.clone(), ty.name.clone()));
        for value in ty.values() {
            items.insert((ty.name.clone(), format!("{}.{}", ty.name, value.name)));
        }
    }
    for method in &spec.methods {
        items.insert((method.name.clone(), method.name.clone()));
    }
    items
}

/// Warns about each item of `committed` that `scraped` lacks, and, when both are of
/// the same API version, each item `scraped` has and `committed` lacks. Members of a
/// type or method lost (or gained) as a whole are named with it, not one by one.
pub fn compare(committed: &Spec, scraped: &Spec, diags: &mut Diagnostics) {
    let (old, new) = (items(committed), items(scraped));
    let version = |spec: &Spec| spec.api.version.clone().unwrap_or_else(|| "none".into());
    let (old_version, new_version) = (version(committed), version(scraped));
    let whole = |set: &BTreeSet<(String, String)>, owner: &str| {
        set.contains(&(owner.to_owned(), owner.to_owned()))
    };
    for (owner, item) in old.difference(&new) {
        if item != owner && !whole(&new, owner) {
            // A member of an item lost as a whole: the item's warning names it.
            continue;
        }
        let members = (old.iter())
            .filter(|(o, i)| o == owner && i != owner && item == owner)
            .count();
        let with = if members > 0 {
            format!(" (with its {members} members)")
        } else {
            String::new()
        };
        diags.warning(
            owner,
            format!(
                "`{item}`{with} is in the committed spec (API version {old_version}) but not on the page (version {new_version}): the page lost it; review the page if the docs did not remove it"
            ),
        );
    }
    if old_version != new_version {
        return;
    }
    for (owner, item) in new.difference(&old) {
        if item != owner && !whole(&old, owner) {
            continue;
        }
        diags.warning(
            owner,
            format!(
                "`{item}` is on the page but not in the committed spec of the same API version {old_version}: review the page, a damaged one invents items"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml::from_yaml;

    fn spec(version: &str, body: &str) -> Spec {
        from_yaml(&format!(
            "api: {{name: T, version: '{version}', request_url: '', auth: url_path, http_method: POST}}\n{body}"
        ))
        .unwrap()
    }

    const OLD: &str = "types:
- name: User
  fields:
  - {name: id, type: Integer, required: true}
  - {name: name, type: String, required: true}
- name: Chat
  fields:
  - {name: id, type: Integer, required: true}
methods:
- name: getMe
  returns: User
  params: []
";

    #[test]
    fn names_each_item_lost_and_gained() {
        let new = "types:
- name: User
  fields:
  - {name: id, type: Integer, required: true}
  - {name: nome, type: String, required: true}
methods:
- name: getMe
  returns: User
  params:
  - {name: x, type: Integer, required: true}
";
        let mut diags = Diagnostics::new("page");
        compare(&spec("1.0", OLD), &spec("1.0", new), &mut diags);
        let text = diags.to_string();
        assert!(!diags.has_errors());
        assert_eq!(diags.warnings().count(), 4, "{text}");
        for named in [
            "[User] `User.name` is in the committed spec",
            "[Chat] `Chat` (with its 1 members) is in the committed spec",
            "[User] `User.nome` is on the page",
            "[getMe] `getMe.x` is on the page",
        ] {
            assert!(text.contains(named), "{named}:\n{text}");
        }
        // A new version gains items normally; losses are still named.
        let mut diags = Diagnostics::new("page");
        compare(&spec("1.0", OLD), &spec("1.1", new), &mut diags);
        assert_eq!(diags.warnings().count(), 2, "{diags}");
        // The same spec: nothing to say.
        let mut diags = Diagnostics::new("page");
        compare(&spec("1.0", OLD), &spec("1.0", OLD), &mut diags);
        assert!(diags.items().is_empty(), "{diags}");
    }
}
