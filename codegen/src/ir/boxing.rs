//! Estimated in-memory sizes of the generated types, to keep every value small: a
//! by-value reference to an item estimated larger than a threshold is boxed. Without
//! this, an object that holds many optional objects inline (an update holding a message
//! holding a reply, …) is tens of kilobytes, copied on every move and able to overflow a
//! thread's stack in a debug build.
//!
//! Optional references get a lower threshold: an absent optional object costs its whole
//! size in every value, and the objects that hold many of them (a message has about a
//! hundred, nearly all absent) are moved whole on every deserialization. Boxed, an
//! absent one costs a pointer. Measured on real updates (`tests/bench`, `updates`):
//! `Message` went from 5 KiB to a fraction of that, and the copying with it.
//!
//! The estimate is deliberately simple (no alignment, no niches beyond the obvious);
//! it only has to tell small values from large ones.

use std::collections::{BTreeMap, BTreeSet};

use super::{Item, Presence, Ty};

/// Where references are boxed by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// A reference to an item estimated larger than this many bytes is boxed.
    pub required: usize,
    /// An optional reference to an item estimated larger than this is boxed.
    pub optional: usize,
}

/// The (owner, target) references to box so that no item holds a by-value reference
/// to an item estimated larger than the thresholds. References already boxed (on
/// cycles) are not followed.
pub fn large_references(items: &[Item], thresholds: Thresholds) -> BTreeSet<(String, String)> {
    let by_name: BTreeMap<&str, &Item> = items.iter().map(|i| (i.rust_name(), i)).collect();
    let mut state = State {
        by_name,
        thresholds,
        sizes: BTreeMap::new(),
        boxed: BTreeSet::new(),
    };
    for item in items {
        state.size(item.rust_name());
    }
    state.boxed
}

struct State<'a> {
    by_name: BTreeMap<&'a str, &'a Item>,
    thresholds: Thresholds,
    sizes: BTreeMap<String, usize>,
    boxed: BTreeSet<(String, String)>,
}

impl State<'_> {
    fn size(&mut self, name: &str) -> usize {
        if let Some(size) = self.sizes.get(name) {
            return *size;
        }
        // Guards against a cycle that was not boxed (cannot happen after cycle boxing).
        self.sizes.insert(name.to_owned(), 8);
        let Some(item) = self.by_name.get(name).copied() else {
            return 8;
        };
        let size = match item {
            // Plus the map of unknown fields, which most structs have.
            Item::Struct(s) => {
                24 + s
                    .fields
                    .iter()
                    .map(|f| self.field(name, &f.ty, f.presence == Presence::Optional))
                    .sum::<usize>()
            }
            Item::Union(u) => {
                let largest = u
                    .variants
                    .iter()
                    .map(|v| self.field(name, &v.ty, false))
                    .max()
                    .unwrap_or(0);
                largest.max(if u.unknown.is_some() { 32 } else { 0 }) + 8
            }
            Item::Enum(_) => 24,
            Item::IntEnum(_) => 16,
            Item::Opaque(_) => 32,
        };
        self.sizes.insert(name.to_owned(), size);
        size
    }

    /// The size of a field of `owner`, boxing its target when it is large.
    fn field(&mut self, owner: &str, ty: &Ty, optional: bool) -> usize {
        match ty {
            Ty::Integer | Ty::Float | Ty::Int64 => 8 + if optional { 8 } else { 0 },
            Ty::Bool | Ty::True => 1,
            Ty::String | Ty::Vec(_) | Ty::Bytes | Ty::Batch(_) => 24,
            Ty::Box(_) => 8,
            // Only a list's element: the list is what the field holds.
            Ty::Nullable(inner) => self.field(owner, inner, true),
            Ty::Json => 32,
            Ty::InputFile => 56,
            Ty::Named(target) => {
                let size = self.size(target);
                let threshold = if optional {
                    self.thresholds.optional
                } else {
                    self.thresholds.required
                };
                if size > threshold {
                    self.boxed.insert((owner.to_owned(), target.clone()));
                    8
                } else {
                    size + if optional { 8 } else { 0 }
                }
            }
        }
    }
}
