//! What a spec diff does to the generated crate: both specs are generated (IR, then
//! the emitter's Rust files), the public API of each is read from those files
//! ([`Surface`]), and the two are compared entry by entry. Each difference is then
//! attributed to the spec changes that explain it, through the IR's record of which
//! spec item every Rust item stands for; a difference no spec change explains becomes
//! a change of its own ([`ChangeKind::NoSpecChange`]).
//!
//! # Impact of a difference
//! | difference | impact |
//! |---|---|
//! | an entry removed (item, field, variant, function, trait impl, …) | breaking |
//! | a field added to a struct a literal can build (not `#[non_exhaustive]`, no private field) | breaking |
//! | a variant added to an enum that is not `#[non_exhaustive]` | breaking |
//! | a trait item without a default added | breaking |
//! | any other entry added | compatible |
//! | a signature changed | breaking, except a struct or enum that only loses `#[non_exhaustive]` |
//!
//! # Attribution
//! A spec change explains a difference at a Rust item standing for the same spec item
//! (under its old name for renames) when it is a change of the item itself, or of the
//! member the Rust entry stands for (a field and its setter; a parameter, its field in
//! the request and its setter on `Call`). A constructor (`new`, and the client function
//! taking the required parameters) is explained by changes of members required (or
//! constant) on either side. A generated item the spec does not name (an inline union,
//! the enum of a field's values) stands for the places that use it. A signature that
//! differs only by renamed types is explained by those renames. Description and
//! detail changes, HTTP verbs and union discriminators explain nothing: if one
//! changed the Rust API, that shows as a change of its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::model::{
    Change, ChangeKind, Impact, ItemKind, Location, MemberKind, RustChange, RustEffect,
};
use crate::diff::surface::{Entry, EntryKind, Surface};
use crate::diff::DiffError;
use crate::ir::{self, Item, Settings, Site};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Spec, TypeDef};

/// One side of the diff, generated.
pub struct Generated {
    pub surface: Surface,
    origins: Origins,
}

impl Generated {
    /// Generates `spec` as `cargo xtask regen` would (the package facts aside, which
    /// are no Rust API) and reads the crate's public API.
    pub fn of(spec: &Spec, side: &'static str) -> Result<Generated, DiffError> {
        let error = |message: String| DiffError::Generate { side, message };
        let krate = ir::build(spec, &Settings::new(format!("the {side} spec")))
            .map_err(|diags| error(diags.to_string()))?;
        let files = crate::emit::emit(&krate).map_err(|e| error(e.to_string()))?;
        let surface = Surface::of(&files).map_err(|e| error(e.to_string()))?;
        Ok(Generated {
            surface,
            origins: Origins::of(&krate),
        })
    }
}

/// Every difference between two public APIs, in path order, with its impact. The
/// members and impls of an item added or removed as a whole go with it.
pub fn compare(old: &Surface, new: &Surface) -> Vec<RustEffect> {
    let mut out = Vec::new();
    let paths: BTreeSet<&String> = old.entries.keys().chain(new.entries.keys()).collect();
    let only_in = |this: &Surface, other: &Surface, path: &str| {
        let owner = this.entries[path].owner.as_str();
        let module = path.rsplit_once("::").map(|(module, _)| module);
        [Some(owner), module].into_iter().flatten().any(|parent| {
            parent != path
                && this.entries.contains_key(parent)
                && !other.entries.contains_key(parent)
        })
    };
    for path in paths {
        let effect = match (old.entries.get(path), new.entries.get(path)) {
            (Some(_), None) if only_in(old, new, path) => continue,
            (None, Some(_)) if only_in(new, old, path) => continue,
            (Some(o), None) => effect(path, o.kind, RustChange::Removed, Some(o), None),
            (None, Some(n)) => effect(path, n.kind, RustChange::Added, None, Some(n)),
            (Some(o), Some(n)) if o.signature != n.signature || o.kind != n.kind => {
                effect(path, n.kind, RustChange::Changed, Some(o), Some(n))
            }
            _ => continue,
        };
        let impact = impact_of(&effect, old, new);
        out.push(RustEffect { impact, ..effect });
    }
    out
}

fn effect(
    path: &str,
    kind: EntryKind,
    change: RustChange,
    old: Option<&Entry>,
    new: Option<&Entry>,
) -> RustEffect {
    RustEffect {
        path: path.to_owned(),
        kind,
        change,
        old: old.map(|e| e.signature.clone()),
        new: new.map(|e| e.signature.clone()),
        impact: Impact::Docs,
    }
}

fn impact_of(effect: &RustEffect, old: &Surface, new: &Surface) -> Impact {
    match effect.change {
        RustChange::Removed => Impact::Breaking,
        RustChange::Added => {
            let entry = &new.entries[&effect.path];
            // A new member breaks code only where the owner was closed before.
            let owner_was_closed = old.entries.get(&entry.owner).is_some_and(|o| o.closed);
            let breaks = match entry.kind {
                EntryKind::Field | EntryKind::Variant => owner_was_closed,
                EntryKind::TraitItem => entry.closed && old.entries.contains_key(&entry.owner),
                _ => false,
            };
            if breaks {
                Impact::Breaking
            } else {
                Impact::Compatible
            }
        }
        RustChange::Changed => {
            let (o, n) = (effect.old.as_deref(), effect.new.as_deref());
            let opened = matches!(effect.kind, EntryKind::Struct | EntryKind::Enum)
                && o.map(|o| o.replace(" #[non_exhaustive]", "")) == n.map(str::to_owned);
            if opened {
                Impact::Compatible
            } else {
                Impact::Breaking
            }
        }
    }
}

/// Attributes every difference to the changes that explain it, sets each change's
/// impact (the worst of its own and of the differences it explains) and reason, and
/// returns a [`ChangeKind::NoSpecChange`] change for each difference nothing explains.
pub fn attribute(
    changes: &mut [Change],
    effects: Vec<RustEffect>,
    old: (&Spec, &Generated),
    new: (&Spec, &Generated),
) -> Vec<Change> {
    let mut renames: BTreeMap<String, String> = changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::Renamed { from, .. } => Some((from.clone(), c.location.item.clone())),
            _ => None,
        })
        .collect();
    // Inline unions of the same alternatives under another name: `api.union_names`
    // renamed them. (old name, new name, the union as written)
    let union_renames: Vec<(String, String, String)> = old
        .1
        .origins
        .inline_unions
        .iter()
        .filter_map(|(old_path, written)| {
            let (new_path, _) = new
                .1
                .origins
                .inline_unions
                .iter()
                .find(|(new_path, w)| *new_path != old_path && *w == written)?;
            let name = |path: &str| path.trim_start_matches("types::").to_owned();
            Some((name(old_path), name(new_path), written.clone()))
        })
        .collect();
    renames.extend(
        union_renames
            .iter()
            .map(|(from, to, _)| (from.clone(), to.clone())),
    );
    let mut unexplained = Vec::new();
    for effect in effects {
        let mut places = Vec::new();
        if effect.change != RustChange::Added {
            places.extend(old.1.origins.places(&effect.path, &old.1.surface));
        }
        if effect.change != RustChange::Removed {
            places.extend(new.1.origins.places(&effect.path, &new.1.surface));
        }
        let mut explained = false;
        for change in changes.iter_mut() {
            if places
                .iter()
                .any(|place| explains(change, place, old.0, new.0))
            {
                change.rust.push(effect.clone());
                explained = true;
            }
        }
        if !explained && follows_renames(&effect, &renames) {
            for change in changes.iter_mut() {
                let renamed: Vec<&str> = match &change.kind {
                    ChangeKind::Renamed { .. } => vec![renames_to(&renames, &change.location.item)],
                    ChangeKind::FactChanged { .. } => {
                        let Some(named) = named_union(change) else {
                            continue;
                        };
                        union_renames
                            .iter()
                            .filter(|(_, _, written)| *written == named)
                            .map(|(from, _, _)| from.as_str())
                            .collect()
                    }
                    _ => continue,
                };
                if effect
                    .old
                    .as_deref()
                    .is_some_and(|sig| renamed.iter().any(|from| mentions(sig, from)))
                {
                    change.rust.push(effect.clone());
                    explained = true;
                }
            }
        }
        if !explained {
            unexplained.push((location_of(&places), effect));
        }
    }
    for change in changes.iter_mut() {
        if let Some(worst) = change.rust.iter().map(|e| e.impact).min() {
            if worst < change.impact {
                change.impact = worst;
                change.reason = describe(&change.rust, worst);
            } else if change.impact == Impact::Docs {
                change.reason = describe(&change.rust, worst);
            }
        }
    }
    no_spec_changes(unexplained)
}

/// The differences nobody explains, one change per spec item (or member) their Rust
/// items stand for.
fn no_spec_changes(unexplained: Vec<(Location, RustEffect)>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for (location, effect) in unexplained {
        match out.iter_mut().find(|c| c.location == location) {
            Some(change) => change.rust.push(effect),
            None => out.push(Change {
                impact: Impact::Docs,
                reason: String::new(),
                location,
                kind: ChangeKind::NoSpecChange,
                rust: vec![effect],
            }),
        }
    }
    for change in &mut out {
        change.impact = change
            .rust
            .iter()
            .map(|e| e.impact)
            .min()
            .unwrap_or(Impact::Docs);
        change.reason = describe(&change.rust, change.impact);
    }
    out
}

/// The spec item (or member) a Rust entry stands for.
fn location_of(places: &[Place]) -> Location {
    places
        .iter()
        .find_map(|p| match p {
            Place::Item { kind, name, member } => {
                let item = Location::item(kind.unwrap_or(ItemKind::Type), name);
                Some(match member {
                    Some(Member::Named(m)) => item.member(member_kind(*kind), m),
                    _ => item,
                })
            }
            Place::Api { .. } | Place::UnionName(_) => None,
        })
        .unwrap_or_else(|| Location::api("crate"))
}

fn member_kind(kind: Option<ItemKind>) -> MemberKind {
    match kind {
        Some(ItemKind::Method) => MemberKind::Param,
        _ => MemberKind::Field,
    }
}

/// "removes `types::Poll.correct_option_id`; changes `methods::SendPoll::new`".
fn describe(effects: &[RustEffect], impact: Impact) -> String {
    let worst: Vec<&RustEffect> = effects.iter().filter(|e| e.impact == impact).collect();
    let mut parts: Vec<String> = worst.iter().take(3).map(|e| describe_one(e)).collect();
    if worst.len() > 3 {
        parts.push(format!("{} more", worst.len() - 3));
    }
    let text = parts.join("; ");
    match impact {
        Impact::Docs => "no change to the generated Rust API".to_owned(),
        _ => text,
    }
}

/// One difference in words: what it is and, for a changed field or function, what it
/// becomes (`` `types::Poll::new` takes 10 arguments, not 8 ``).
fn describe_one(effect: &RustEffect) -> String {
    let what = format!("{} `{}`", effect.kind.name(), effect.path);
    let (Some(old), Some(new)) = (&effect.old, &effect.new) else {
        return format!("{} {what}", effect.change.verb());
    };
    match effect.kind {
        EntryKind::Field => format!("{what} is `{new}`, not `{old}`"),
        EntryKind::Method | EntryKind::Function => {
            let (old_count, new_count) = (arguments(old), arguments(new));
            if old_count == new_count {
                format!("{what} becomes `{new}`")
            } else {
                format!("{what} takes {new_count} arguments, not {old_count}")
            }
        }
        _ => format!("{what} becomes `{new}`"),
    }
}

/// The arguments of a function signature (`fn(&self, i64, Vec<String>) -> X` → 2),
/// the receiver aside.
fn arguments(signature: &str) -> usize {
    let Some(open) = signature.find('(') else {
        return 0;
    };
    let mut arguments: Vec<String> = vec![String::new()];
    let mut depth = 0usize;
    let mut previous = ' ';
    for c in signature[open + 1..].chars() {
        match c {
            ')' if depth == 0 => break,
            '(' | '<' | '[' => depth += 1,
            '>' if previous == '-' => {}
            ')' | '>' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => arguments.push(String::new()),
            _ => {}
        }
        if let Some(last) = arguments.last_mut() {
            last.push(c);
        }
        previous = c;
    }
    arguments
        .iter()
        .map(|a| a.trim_start_matches(',').trim())
        .filter(|a| !a.is_empty() && !a.ends_with("self"))
        .count()
}

/// The signature of a changed entry reads the same once renamed types are renamed.
fn follows_renames(effect: &RustEffect, renames: &BTreeMap<String, String>) -> bool {
    let (Some(old), Some(new)) = (&effect.old, &effect.new) else {
        return false;
    };
    let mut renamed = String::with_capacity(old.len());
    let mut rest = old.as_str();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !is_ident_char(c))
            .map_or(rest.len(), |i| i.max(1));
        let word = &rest[..end];
        renamed.push_str(renames.get(word).map_or(word, String::as_str));
        rest = &rest[end..];
    }
    renamed == *new
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn renames_to<'a>(renames: &'a BTreeMap<String, String>, new: &str) -> &'a str {
    renames
        .iter()
        .find(|(_, to)| to.as_str() == new)
        .map_or("", |(from, _)| from.as_str())
}

fn mentions(signature: &str, name: &str) -> bool {
    !name.is_empty()
        && signature
            .split(|c| !is_ident_char(c))
            .any(|word| word == name)
}

/// What a Rust entry stands for in the spec.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// A type or method (`kind: None` when a site's owner may be either), or one of its
    /// members (`None`: the item's own entries).
    Item {
        kind: Option<ItemKind>,
        name: String,
        member: Option<Member>,
    },
    /// The API as a whole: an item generated from one API fact, or (`None`) the
    /// support items any fact may shape (the client, errors).
    Api { fact: Option<&'static str> },
    /// The name `api.union_names` gives the inline union written so (canonical).
    UnionName(String),
}

/// The union (as written, canonical) whose name a `union_names` change changes.
fn named_union(change: &Change) -> Option<String> {
    let ChangeKind::FactChanged { old, new } = &change.kind else {
        return None;
    };
    if change.location.item_kind != ItemKind::Api || change.location.item != "union_names" {
        return None;
    }
    let (union, _) = old.as_deref().or(new.as_deref())?.rsplit_once(": ")?;
    let expr = TypeExpr::parse(union).ok()?;
    Some(expr.canonical(&|_| None).to_string())
}

#[derive(Debug, Clone, PartialEq)]
enum Member {
    Named(String),
    /// The constructor: its arguments are the required members.
    Required,
    /// A method's return type: only changes of the method itself.
    Returns,
}

/// What each generated Rust item stands for in the spec.
#[derive(Debug, Default)]
struct Origins {
    /// Rust item path → the spec item and its members (Rust name → API name).
    items: BTreeMap<String, (ItemKind, String, BTreeMap<String, String>)>,
    /// Rust item path of a generated item the spec does not name → where it is used.
    sites: BTreeMap<String, Vec<Site>>,
    /// Those of them that are inline unions (named by `api.union_names` or their
    /// alternatives), with the union as the spec writes it, in canonical order.
    inline_unions: BTreeMap<String, String>,
    /// Client function name → method.
    client_functions: BTreeMap<String, String>,
}

impl Origins {
    fn of(krate: &ir::Crate) -> Origins {
        let mut out = Origins::default();
        let fields = |fields: &[ir::Field]| -> BTreeMap<String, String> {
            fields
                .iter()
                .map(|f| (f.rust_name.clone(), f.api_name.clone()))
                .collect()
        };
        for item in &krate.items {
            let path = format!("types::{}", item.rust_name());
            let own = |name: &str, members| (ItemKind::Type, name.to_owned(), members);
            match item {
                Item::Struct(s) => {
                    out.items.insert(path, own(&s.api_name, fields(&s.fields)));
                }
                Item::Union(u) => match &u.api_name {
                    Some(name) => {
                        out.items.insert(path, own(name, BTreeMap::new()));
                    }
                    None => {
                        if let Some(written) = &u.written {
                            out.inline_unions.insert(path.clone(), written.clone());
                        }
                        out.sites.insert(path, u.sites.clone());
                    }
                },
                Item::Enum(e) => {
                    out.sites.insert(path, e.sites.clone());
                }
                Item::IntEnum(e) => {
                    let values = e
                        .values
                        .iter()
                        .map(|v| (v.rust_name.clone(), v.rust_name.clone()))
                        .collect();
                    out.items.insert(path, own(&e.api_name, values));
                }
                Item::Opaque(o) => {
                    out.items.insert(path, own(&o.api_name, BTreeMap::new()));
                }
            }
        }
        for request in &krate.requests {
            let method = (
                ItemKind::Method,
                request.api_name.clone(),
                fields(&request.params),
            );
            out.items
                .insert(format!("methods::{}", request.rust_name), method.clone());
            // The setters trait is the method's: its items are setters of parameters.
            if let Some(setters) = &request.setters {
                let api_names = fields(&request.params);
                let members = (setters.setters.iter())
                    .filter_map(|s| Some((s.name.clone(), api_names.get(&s.field)?.clone())))
                    .collect();
                let own = (ItemKind::Method, request.api_name.clone(), members);
                // Where it is defined, and where the prelude re-exports it.
                for module in ["methods", "prelude"] {
                    out.items
                        .insert(format!("{module}::{}", setters.name), own.clone());
                }
            }
            out.items
                .insert(format!("client::Call<{}>", request.rust_name), method);
            out.client_functions
                .insert(request.fn_name.clone(), request.api_name.clone());
            // One function per form of alternative ids (`edit_message_text_inline`).
            for form in &request.forms {
                out.client_functions
                    .insert(form.fn_name.clone(), request.api_name.clone());
            }
        }
        out
    }

    /// What the entry at `path` of `surface` stands for.
    fn places(&self, path: &str, surface: &Surface) -> Vec<Place> {
        let Some(entry) = surface.entries.get(path) else {
            return Vec::new();
        };
        let member = entry.member.as_deref();
        if let Some(fact) = client_fact_of(&entry.owner, member) {
            return vec![Place::Api { fact: Some(fact) }];
        }
        if entry.owner == "client::Bot" {
            if let Some(method) = member.and_then(|m| self.client_functions.get(m)) {
                return vec![Place::Item {
                    kind: Some(ItemKind::Method),
                    name: method.clone(),
                    member: Some(Member::Required),
                }];
            }
        }
        if let Some((kind, name, members)) = self.items.get(&entry.owner) {
            let member = match member {
                Some("new") => Some(Member::Required),
                Some(m) => members.get(m).cloned().map(Member::Named),
                None => None,
            };
            return vec![Place::Item {
                kind: Some(*kind),
                name: name.clone(),
                member,
            }];
        }
        if let Some(sites) = self.sites.get(&entry.owner) {
            return sites
                .iter()
                .map(|site| Place::Item {
                    kind: None,
                    name: site.owner.clone(),
                    member: Some(match &site.member {
                        Some(m) => Member::Named(m.clone()),
                        None => Member::Returns,
                    }),
                })
                // An inline union's name is the spec's (or its alternatives').
                .chain(
                    self.inline_unions
                        .get(&entry.owner)
                        .map(|written| Place::UnionName(written.clone())),
                )
                .collect();
        }
        vec![Place::Api {
            fact: fact_of(&entry.owner),
        }]
    }
}

/// The API fact a crate-level item is generated from, by the emitter's naming.
const FACT_ITEMS: [(&str, &str); 4] = [
    ("API_VERSION", "version"),
    ("API_URL", "request_url"),
    ("FILE_URL", "file_url"),
    ("webhook", "webhook_secret_header"),
];

/// Client items generated from an API fact, by the emitter's naming: (owner, member or
/// `None` for all of the owner's entries, fact). The file download helpers exist only
/// with a `file_url`.
const CLIENT_FACT_ITEMS: [(&str, Option<&str>, &str); 5] = [
    ("client::DEFAULT_FILE_URL", None, "file_url"),
    ("client::FileUrl", None, "file_url"),
    ("client::Bot", Some("file_url"), "file_url"),
    ("client::Bot", Some("with_file_url"), "file_url"),
    ("client::Bot", Some("download_file"), "file_url"),
];

fn client_fact_of(owner: &str, member: Option<&str>) -> Option<&'static str> {
    CLIENT_FACT_ITEMS
        .iter()
        .find(|(item, item_member, _)| {
            *item == owner && item_member.is_none_or(|m| Some(m) == member)
        })
        .map(|(_, _, fact)| *fact)
}

fn fact_of(owner: &str) -> Option<&'static str> {
    let top = owner.split("::").next().unwrap_or(owner);
    FACT_ITEMS
        .iter()
        .find(|(item, _)| *item == top)
        .map(|(_, fact)| *fact)
}

/// Whether `change` explains a difference at `place`.
fn explains(change: &Change, place: &Place, old: &Spec, new: &Spec) -> bool {
    // Wire facts shape no signature; descriptions and details only docs.
    let explains_nothing = change.kind.is_description()
        || matches!(
            change.kind,
            ChangeKind::NoSpecChange
                | ChangeKind::HttpMethodChanged { .. }
                | ChangeKind::DiscriminatorChanged { .. }
        );
    if explains_nothing {
        return false;
    }
    let location = &change.location;
    let (kind, name, member) = match place {
        Place::Api { fact } => {
            return location.item_kind == ItemKind::Api
                && fact.is_none_or(|fact| location.item == fact)
        }
        Place::UnionName(written) => return named_union(change).as_ref() == Some(written),
        Place::Item { kind, name, member } => (kind, name, member),
    };
    if kind.is_some_and(|k| k != location.item_kind) {
        return false;
    }
    let renamed_from = match &change.kind {
        ChangeKind::Renamed { from, .. } => Some(from.as_str()),
        _ => None,
    };
    if location.item != *name && renamed_from != Some(name.as_str()) {
        return false;
    }
    let Some(changed) = &location.member else {
        return true;
    };
    match member {
        // A change of a member explains the item's own entries (its impls, the struct).
        None => true,
        Some(Member::Returns) => false,
        Some(Member::Named(m)) => {
            changed == m
                || matches!(&change.kind, ChangeKind::MemberRenamed { from, .. } if from == m)
        }
        Some(Member::Required) => {
            let at = |spec: &Spec, member: &str| {
                is_required(spec, location.item_kind, &location.item, member)
            };
            let from = match &change.kind {
                ChangeKind::MemberRenamed { from, .. } => from.as_str(),
                _ => changed.as_str(),
            };
            at(new, changed) || at(old, from) || at(old, changed)
        }
    }
}

/// The member is a constructor argument or constant (required in the spec), or an
/// argument of a client function of a form (required unless others are given).
fn is_required(spec: &Spec, kind: ItemKind, item: &str, member: &str) -> bool {
    let members = match kind {
        ItemKind::Type => spec.find_type(item).map(TypeDef::fields),
        ItemKind::Method => spec
            .methods
            .iter()
            .find(|m| m.name == item)
            .map(|m| m.params.as_slice()),
        ItemKind::Api => None,
    };
    members
        .into_iter()
        .flatten()
        .any(|f| f.name == member && (f.required || !f.required_unless.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_counted_at_the_top_level_without_the_receiver() {
        assert_eq!(arguments("fn() -> Self"), 0);
        assert_eq!(arguments("fn(self, impl Into<bool>) -> Self"), 1);
        assert_eq!(
            arguments("fn(&self, impl Into<ChatId>, Vec<(i64, String)>) -> Call<'_, X>"),
            2
        );
        assert_eq!(arguments("fn(&mut self, impl Fn(i64) -> bool, String)"), 2);
        assert_eq!(arguments("fn(std::string::String)"), 1);
    }
}
