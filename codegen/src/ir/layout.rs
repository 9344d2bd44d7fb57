//! Estimated in-memory sizes of the generated types, to keep every value small: a
//! by-value reference to an item estimated larger than a threshold is boxed. Without
//! this, an object that holds many optional objects inline (an update holding a message
//! holding a reply, …) is tens of kilobytes, copied on every move and able to overflow a
//! thread's stack in a debug build.
//!
//! The estimate is deliberately simple (no alignment, no niches beyond the obvious);
//! it only has to tell small values from large ones.

use std::collections::{BTreeMap, BTreeSet};

use super::{Item, Presence, Ty};

/// The (owner, target) references to box so that no item holds a by-value reference
/// to an item estimated larger than `threshold` bytes. References already boxed (on
/// cycles) are not followed.
pub fn large_references(items: &[Item], threshold: usize) -> BTreeSet<(String, String)> {
    let by_name: BTreeMap<&str, &Item> = items.iter().map(|i| (i.rust_name(), i)).collect();
    let mut state = State {
        by_name,
        threshold,
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
    threshold: usize,
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
            Item::Struct(s) => s
                .fields
                .iter()
                .map(|f| self.field(name, &f.ty, f.presence == Presence::Optional))
                .sum(),
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
            Ty::Integer | Ty::Float => 8 + if optional { 8 } else { 0 },
            Ty::Bool | Ty::True => 1,
            Ty::String | Ty::Vec(_) => 24,
            Ty::Box(_) => 8,
            Ty::Json => 32,
            Ty::InputFile => 56,
            Ty::Named(target) => {
                let size = self.size(target);
                if size > self.threshold {
                    self.boxed.insert((owner.to_owned(), target.clone()));
                    8
                } else {
                    size + if optional { 8 } else { 0 }
                }
            }
        }
    }
}
