//! Comparing the fields of two versions of a type, or the parameters of a method:
//! matched by name (or as replacements), then member by member.

use std::collections::{BTreeMap, BTreeSet};

use super::{description, detail, found, match_items, origin, Context, Found};
use crate::diff::model::{ChangeKind, Detail, Location, MemberKind, MemberSummary};
use crate::diff::rename::Candidate;
use crate::spec::{Bounds, Field};

impl Context<'_> {
    pub(super) fn members(
        &self,
        item: &Location,
        kind: MemberKind,
        old: &[Field],
        new: &[Field],
        out: &mut Vec<Found>,
    ) {
        let old_by_name: BTreeMap<&str, &Field> =
            old.iter().map(|f| (f.name.as_str(), f)).collect();
        let new_by_name: BTreeMap<&str, &Field> =
            new.iter().map(|f| (f.name.as_str(), f)).collect();
        let matched = match_items(&old_by_name, &new_by_name, |f: &Field| Candidate {
            name: &f.name,
            key: format!("{} {}", self.type_key(&f.ty), f.required),
            members: None,
            noun: ("", ""),
        });
        let replacements = replacements(&matched.removed, &matched.added);
        for field in &matched.removed {
            out.push(found(
                item.member(kind, &field.name),
                ChangeKind::MemberRemoved {
                    member: summary(field),
                    replaced_by: replacements
                        .get(field.name.as_str())
                        .cloned()
                        .unwrap_or_default(),
                },
            ));
        }
        for field in &matched.added {
            out.push(found(
                item.member(kind, &field.name),
                ChangeKind::MemberAdded {
                    member: summary(field),
                },
            ));
        }
        for (o, n, evidence) in &matched.renamed {
            out.push(found(
                item.member(kind, &n.name),
                ChangeKind::MemberRenamed {
                    from: o.name.clone(),
                    evidence: evidence.clone(),
                },
            ));
        }
        for (o, n) in matched.pairs() {
            self.member_pair(&item.member(kind, &n.name), o, n, out);
        }
    }

    pub(super) fn member_pair(
        &self,
        here: &Location,
        old: &Field,
        new: &Field,
        out: &mut Vec<Found>,
    ) {
        let mut push = |kind| out.push(found(here.clone(), kind));
        if self.type_changed(&old.ty, &new.ty) {
            push(ChangeKind::TypeChanged {
                old: old.ty.clone(),
                new: new.ty.clone(),
            });
        }
        if old.attachment != new.attachment {
            push(ChangeKind::AttachmentChanged {
                old: old.attachment,
                new: new.attachment,
            });
        }
        if old.required != new.required {
            push(ChangeKind::RequiredChanged {
                old: old.required,
                new: new.required,
            });
        }
        match (old.enum_values.is_empty(), new.enum_values.is_empty()) {
            (true, false) => push(ChangeKind::EnumIntroduced {
                values: new.enum_values.clone(),
            }),
            (false, true) => push(ChangeKind::EnumDropped {
                values: old.enum_values.clone(),
            }),
            (false, false) => {
                let old_values: BTreeSet<&String> = old.enum_values.iter().collect();
                let new_values: BTreeSet<&String> = new.enum_values.iter().collect();
                for value in new_values.difference(&old_values) {
                    push(ChangeKind::EnumValueAdded {
                        value: (*value).clone(),
                    });
                }
                for value in old_values.difference(&new_values) {
                    push(ChangeKind::EnumValueRemoved {
                        value: (*value).clone(),
                    });
                }
            }
            (true, true) => {}
        }
        if old.const_value != new.const_value {
            push(ChangeKind::ConstChanged {
                old: old.const_value.clone(),
                new: new.const_value.clone(),
            });
        }
        let default = |field: &Field| field.default.as_deref().map(DefaultValue::of);
        if default(old) != default(new) {
            push(detail(
                Detail::Default,
                old.default.clone(),
                new.default.clone(),
            ));
        }
        let details = [
            (
                Detail::Range,
                old.range.as_ref().map(bounds),
                new.range.as_ref().map(bounds),
            ),
            (
                Detail::Length,
                old.length.as_ref().map(bounds),
                new.length.as_ref().map(bounds),
            ),
            (Detail::Int64, flag(old.int64), flag(new.int64)),
            (
                Detail::RequiredUnless,
                list(&old.required_unless),
                list(&new.required_unless),
            ),
            (Detail::Origin, origin(&old.origin), origin(&new.origin)),
            (
                Detail::EnumName,
                old.enum_name.clone(),
                new.enum_name.clone(),
            ),
        ];
        for (which, before, after) in details {
            if before != after {
                push(detail(which, before, after));
            }
        }
        if old.description != new.description {
            push(description(&old.description, &new.description));
        }
    }
}

fn summary(field: &Field) -> MemberSummary {
    MemberSummary {
        ty: field.ty.clone(),
        required: field.required,
    }
}

#[derive(Debug, PartialEq)]
enum DefaultValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl DefaultValue {
    fn of(text: &str) -> DefaultValue {
        let text = text.trim();
        let unquoted = ['"', '\'', '“', '”']
            .iter()
            .fold(text, |t, q| t.strip_prefix(*q).unwrap_or(t))
            .trim_end_matches(['"', '\'', '“', '”']);
        if unquoted.eq_ignore_ascii_case("true") {
            DefaultValue::Bool(true)
        } else if unquoted.eq_ignore_ascii_case("false") {
            DefaultValue::Bool(false)
        } else if let Ok(number) = unquoted.parse::<f64>() {
            DefaultValue::Number(number)
        } else {
            DefaultValue::Text(unquoted.to_owned())
        }
    }
}

/// For each removed member, the added members that replace it (see
/// [`ChangeKind::MemberRemoved`]): an added member whose name extends a removed
/// one's (or is extended by it) is linked to it; one that could be linked to two
/// removed members equally well is linked to neither.
fn replacements(removed: &[&Field], added: &[&Field]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for new in added {
        let candidates: Vec<&&Field> = removed
            .iter()
            .filter(|old| {
                let (short, long) = if old.name.len() <= new.name.len() {
                    (&old.name, &new.name)
                } else {
                    (&new.name, &old.name)
                };
                !short.is_empty() && long.starts_with(short.as_str())
            })
            .collect();
        // The closest name: the longest shared prefix is the shorter name itself.
        let closeness = |old: &Field| old.name.len().min(new.name.len());
        let best = candidates.iter().map(|old| closeness(old)).max();
        let closest: Vec<&&&Field> = candidates
            .iter()
            .filter(|old| Some(closeness(old)) == best)
            .collect();
        if let [old] = closest.as_slice() {
            out.entry(old.name.clone())
                .or_default()
                .push(new.name.clone());
        }
    }
    out
}

fn bounds(b: &Bounds) -> String {
    let side = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    format!("{}..={}", side(b.min), side(b.max))
}

fn flag(on: bool) -> Option<String> {
    on.then(|| "yes".to_owned())
}

fn list(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}
