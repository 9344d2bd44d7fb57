//! Rename detection: which item (or member) that disappeared came back under a new
//! name. Only strong evidence counts; anything doubtful stays a removal plus an
//! addition, which is never wrong, only less helpful.
//!
//! Items (types, methods) are compared by the names of their members (fields,
//! parameters, union variants) and by the similarity of their own names:
//! - the same members, at least two of them; or
//! - at least 80% of the members shared (Jaccard), at least three of them; or
//! - at least half of the members shared and names at least 75% alike
//!   ([`name_similarity`]): `KeyboardButtonRequestUser` → `KeyboardButtonRequestUsers`,
//!   but not `ChatMemberBanned` → `ChatMemberMember`.
//!
//! Candidates must agree on a `key` the caller chooses (the shape of a type, what a
//! method returns). A pair is taken only when each is the other's single best match:
//! ties between candidates mean no rename.
//!
//! Members (fields, parameters) have no members of their own: a removed and an added
//! member are a rename when they agree on the key (type and requiredness) and one name
//! extends the other (`thumb` → `thumbnail`, `request_user` → `request_users`), and
//! no other candidate does. Names that are merely alike (`last_resale_star_count`,
//! `last_resale_amount`) are not enough: the page's changelog calls such changes
//! replacements.

use std::collections::BTreeSet;

/// Something that may have been renamed.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub name: &'a str,
    /// What must be equal for a rename (shape, return type, member type).
    pub key: String,
    /// Names of fields, parameters or variants; `None` for a member.
    pub members: Option<BTreeSet<String>>,
    /// What the members are, singular and plural, for the evidence ("field", "fields").
    pub noun: (&'static str, &'static str),
}

/// A detected rename: indexes into the removed and added lists, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub removed: usize,
    pub added: usize,
    pub evidence: String,
}

/// How alike two names are, 0 to 1: the common prefix and suffix (case-insensitive,
/// not overlapping) over the longer name's length.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let shortest = a.len().min(b.len());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(shortest - prefix)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix + suffix) as f64 / longest as f64
}

/// Score of a candidate pair, when the evidence is strong enough; higher is better.
fn score(removed: &Candidate, added: &Candidate) -> Option<(u32, String)> {
    if removed.key != added.key {
        return None;
    }
    let similarity = name_similarity(removed.name, added.name);
    // Scores compare as integers: member overlap first, then name similarity.
    let scaled = |overlap: f64| (overlap * 1000.0) as u32 * 1000 + (similarity * 999.0) as u32;
    match (&removed.members, &added.members) {
        (Some(old), Some(new)) => {
            let shared = old.intersection(new).count();
            let union = old.union(new).count();
            let overlap = if union == 0 {
                0.0
            } else {
                shared as f64 / union as f64
            };
            let strong = (old == new && shared >= 2)
                || (overlap >= 0.8 && shared >= 3)
                || (overlap >= 0.5 && similarity >= 0.75);
            strong.then(|| {
                let (one, many) = removed.noun;
                let evidence = if old == new && shared == 1 {
                    format!("the same {one}")
                } else if old == new {
                    format!("the same {shared} {many}")
                } else {
                    format!("{shared} of {union} {many} shared")
                };
                let evidence = if similarity >= 0.75 {
                    format!("{evidence}, similar name")
                } else {
                    evidence
                };
                (scaled(overlap), evidence)
            })
        }
        _ => {
            let (short, long) = if removed.name.len() <= added.name.len() {
                (removed.name, added.name)
            } else {
                (added.name, removed.name)
            };
            let extends = !short.is_empty() && long.starts_with(short);
            // Every extension scores the same: two of them tie, and a tie is no rename
            // (`exclude_limited` → `exclude_limited_upgradable` and `…_non_upgradable`
            // is a replacement, not a rename).
            extends.then(|| {
                (
                    1_000_000,
                    format!("same type and requiredness, `{long}` extends `{short}`"),
                )
            })
        }
    }
}

/// Pairs of removed and added candidates that are each other's single best match.
/// Deterministic: depends only on the order-free contents of the inputs.
pub fn detect(removed: &[Candidate], added: &[Candidate]) -> Vec<Rename> {
    let scores: Vec<Vec<Option<(u32, String)>>> = removed
        .iter()
        .map(|r| added.iter().map(|a| score(r, a)).collect())
        .collect();
    let best_of = |values: &mut dyn Iterator<Item = (usize, u32)>| -> Option<usize> {
        let mut best: Option<(usize, u32)> = None;
        let mut tied = false;
        for (index, value) in values {
            match best {
                Some((_, top)) if value < top => {}
                Some((_, top)) if value == top => tied = true,
                _ => {
                    best = Some((index, value));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(index, _)| index)
    };
    let mut renames = Vec::new();
    for (r, row) in scores.iter().enumerate() {
        let mut in_row = row
            .iter()
            .enumerate()
            .filter_map(|(a, s)| s.as_ref().map(|(v, _)| (a, *v)));
        let Some(a) = best_of(&mut in_row) else {
            continue;
        };
        let mut in_column = scores
            .iter()
            .enumerate()
            .filter_map(|(r2, row2)| row2[a].as_ref().map(|(v, _)| (r2, *v)));
        if best_of(&mut in_column) == Some(r) {
            if let Some((_, evidence)) = &row[a] {
                renames.push(Rename {
                    removed: r,
                    added: a,
                    evidence: evidence.clone(),
                });
            }
        }
    }
    renames
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(name: &'a str, members: &[&'a str]) -> Candidate<'a> {
        Candidate {
            name,
            key: "object".into(),
            members: Some(members.iter().map(|m| m.to_string()).collect()),
            noun: ("field", "fields"),
        }
    }

    fn member<'a>(name: &'a str, key: &str) -> Candidate<'a> {
        Candidate {
            name,
            key: key.into(),
            members: None,
            noun: ("", ""),
        }
    }

    #[test]
    fn similarity_counts_prefix_and_suffix() {
        assert_eq!(name_similarity("abc", "abc"), 1.0);
        assert!(name_similarity("getChatMembersCount", "getChatMemberCount") > 0.9);
        assert!(name_similarity("Foo", "Bar") < 0.1);
        assert_eq!(name_similarity("", ""), 1.0);
        // Prefix and suffix never overlap: "aa" vs "aaa" is 2 of 3.
        assert!((name_similarity("aa", "aaa") - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn same_members_new_name_is_a_rename() {
        let removed = [item("Old", &["a", "b", "c"])];
        let added = [item("Other", &["x"]), item("New", &["a", "b", "c"])];
        let found = detect(&removed, &added);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].removed, found[0].added), (0, 1));
        assert_eq!(found[0].evidence, "the same 3 fields");
    }

    #[test]
    fn grown_type_with_similar_name_is_a_rename() {
        let removed = [item(
            "KeyboardButtonRequestUser",
            &["request_id", "user_is_bot"],
        )];
        let added = [item(
            "KeyboardButtonRequestUsers",
            &["request_id", "user_is_bot", "max_quantity"],
        )];
        let found = detect(&removed, &added);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].evidence.contains("similar name"));
    }

    #[test]
    fn weak_or_ambiguous_evidence_is_not_a_rename() {
        // One shared member, unrelated names.
        assert!(detect(&[item("Foo", &["chat_id"])], &[item("Bar", &["chat_id"])]).is_empty());
        // Two equally good matches.
        let removed = [item("A", &["x", "y"])];
        let added = [item("B", &["x", "y"]), item("C", &["x", "y"])];
        assert!(detect(&removed, &added).is_empty());
        // Different keys never match.
        let mut union = item("New", &["a", "b"]);
        union.key = "union".into();
        assert!(detect(&[item("Old", &["a", "b"])], &[union]).is_empty());
    }

    #[test]
    fn members_are_renamed_by_name_and_key() {
        let found = detect(
            &[member("thumb", "PhotoSize?")],
            &[member("thumbnail", "PhotoSize?"), member("title", "String")],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].added, 0);
        assert!(detect(
            &[member("thumb", "PhotoSize?")],
            &[member("thumbnail", "PhotoSize")]
        )
        .is_empty());
        assert!(detect(&[member("from", "User")], &[member("sender", "User")]).is_empty());
        assert!(detect(
            &[member("last_resale_star_count", "Integer?")],
            &[member("last_resale_amount", "Integer?")]
        )
        .is_empty());
        // Two extensions: a replacement by two, not a rename.
        assert!(detect(
            &[member("exclude_limited", "Boolean?")],
            &[
                member("exclude_limited_upgradable", "Boolean?"),
                member("exclude_limited_non_upgradable", "Boolean?")
            ]
        )
        .is_empty());
    }
}
