//! Decisions over the whole crate once every item is built: boxing (cycles, large
//! items), which values carry files, batch elements' ids, and the checks and limits of
//! fields read as vacant when absent.

use std::collections::{BTreeMap, BTreeSet};

use super::Builder;
use crate::ir::graph::TypeGraph;
use crate::ir::{Item, Presence, Ty, UnionKind};

impl Builder<'_> {
    /// Gives the elements of batch results their id field.
    pub(super) fn mark_identified(&mut self) {
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                s.id_field = self.identified.get(&s.rust_name).cloned();
            }
        }
    }

    /// A required field that a payload lacks reads as a vacant value built from the
    /// vacant values of its type's own required fields (and of a union's first
    /// variant, when it has no unknown variant to hold `null`): a cycle of those would
    /// build forever. Such a type has no finite value anyway; none of the specs has one.
    pub(super) fn check_vacant_values(&mut self) {
        fn named(ty: &Ty) -> Option<&str> {
            match ty.unboxed() {
                Ty::Named(name) => Some(name),
                _ => None,
            }
        }
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for item in &self.items {
            let targets = match item {
                Item::Struct(s) => (s.fields.iter())
                    .filter(|f| f.presence == Presence::Required)
                    .filter_map(|f| named(&f.ty))
                    .collect(),
                Item::Union(u) if u.unknown.is_none() => u
                    .variants
                    .first()
                    .and_then(|v| named(&v.ty))
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            };
            edges.insert(item.rust_name(), targets);
        }
        // Depth first, each type once; a type met again while still on the path closes
        // a cycle.
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut cycles = Vec::new();
        for start in edges.keys().copied() {
            let mut path: Vec<(&str, usize)> = vec![(start, 0)];
            while let Some(&(name, next)) = path.last() {
                if done.contains(name) {
                    path.pop();
                    continue;
                }
                match edges
                    .get(name)
                    .and_then(|targets| targets.get(next))
                    .copied()
                {
                    Some(target) => {
                        if let Some(top) = path.last_mut() {
                            top.1 += 1;
                        }
                        if let Some(at) = path.iter().position(|(n, _)| *n == target) {
                            let mut cycle: Vec<&str> = path[at..].iter().map(|(n, _)| *n).collect();
                            cycle.push(target);
                            cycles.push(cycle.join(" → "));
                        } else if !done.contains(target) {
                            path.push((target, 0));
                        }
                    }
                    None => {
                        done.insert(name);
                        path.pop();
                    }
                }
            }
        }
        for cycle in cycles {
            let first = cycle.split(' ').next().unwrap_or_default().to_owned();
            self.diags.error(
                first,
                format!(
                    "required fields form a cycle ({cycle}): the type has no finite value, \
                     and an absent field of it no vacant one; make one of them optional"
                ),
            );
        }
    }

    /// An object records the required fields a payload lacked in one 64-bit word (no
    /// allocation, no drop): only its first 64 such fields may be absent, later ones
    /// are strict. (The largest objects of every spec have fewer than 40.)
    pub(super) fn limit_absent_fields(&mut self) {
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                for field in s
                    .fields
                    .iter_mut()
                    .filter(|f| f.default_when_missing)
                    .skip(64)
                {
                    field.default_when_missing = false;
                }
            }
        }
    }

    /// The variants of an untagged union are told apart by their required fields, so
    /// those fields must not read as defaults when missing (every object would match
    /// the first variant).
    pub(super) fn keep_untagged_variants_strict(&mut self) {
        let strict: BTreeSet<String> = self
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Union(u) if u.kind == UnionKind::Untagged => Some(u),
                _ => None,
            })
            .flat_map(|u| {
                u.variants.iter().filter_map(|v| match v.ty.unboxed() {
                    Ty::Named(name) => Some(name.clone()),
                    _ => None,
                })
            })
            .collect();
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                if strict.contains(&s.rust_name) {
                    for field in &mut s.fields {
                        field.default_when_missing = false;
                    }
                }
            }
        }
    }

    pub(super) fn graph(&self) -> TypeGraph {
        let mut graph = TypeGraph::default();
        for item in &self.items {
            graph.add_node(item.rust_name());
            let types: Vec<&Ty> = match item {
                Item::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                Item::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                Item::Enum(_) | Item::IntEnum(_) | Item::Opaque(_) => Vec::new(),
            };
            for ty in types {
                add_edges(&mut graph, item.rust_name(), ty, true);
            }
        }
        graph
    }

    /// Boxes references on cycles (needed for a finite size), then references to
    /// large items (see [`crate::ir::layout`]).
    pub(super) fn decide_boxing(&mut self) {
        let cyclic = self.graph().cyclic_edges();
        self.box_references(&cyclic);
        let large = crate::ir::boxing::large_references(&self.items, self.settings.box_thresholds);
        self.box_references(&large);
    }

    pub(super) fn box_references(&mut self, edges: &BTreeSet<(String, String)>) {
        let cyclic = edges;
        for item in &mut self.items {
            let owner = item.rust_name().to_owned();
            let types: Vec<&mut Ty> = match item {
                Item::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
                Item::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
                Item::Enum(_) | Item::IntEnum(_) | Item::Opaque(_) => Vec::new(),
            };
            for ty in types {
                if let Ty::Named(target) = ty {
                    if cyclic.contains(&(owner.clone(), target.clone())) {
                        *ty = Ty::Box(Box::new(ty.clone()));
                    }
                }
            }
        }
    }

    pub(super) fn decide_files(&mut self) {
        let graph = self.graph();
        let seeds: BTreeSet<String> = self
            .items
            .iter()
            .filter(|item| match item {
                Item::Struct(s) => s.fields.iter().any(|f| mentions_file(&f.ty)),
                Item::Union(u) => u.variants.iter().any(|v| mentions_file(&v.ty)),
                _ => false,
            })
            .map(|item| item.rust_name().to_owned())
            .collect();
        let carriers = graph.reaching(&seeds);
        let carries = |ty: &Ty| carries(ty, &carriers);
        for item in &mut self.items {
            match item {
                Item::Struct(s) => {
                    for field in &mut s.fields {
                        field.carries_files = carries(&field.ty);
                    }
                    s.carries_files = s.fields.iter().any(|f| f.carries_files);
                }
                Item::Union(u) => {
                    for variant in &mut u.variants {
                        variant.carries_files = carries(&variant.ty);
                    }
                    u.carries_files = u.variants.iter().any(|v| v.carries_files);
                }
                _ => {}
            }
        }
        for request in &mut self.requests {
            for param in &mut request.params {
                // A file parameter is a part of its own, not an attachment.
                let own_part = request
                    .file_params
                    .iter()
                    .any(|f| f.api_name == param.api_name);
                param.carries_files = carries(&param.ty) && !own_part;
            }
            request.carries_files = request.params.iter().any(|p| p.carries_files);
        }
    }
}

pub(super) fn add_edges(graph: &mut TypeGraph, owner: &str, ty: &Ty, by_value: bool) {
    match ty {
        Ty::Named(name) => graph.add_edge(owner, name, by_value),
        Ty::Vec(inner) | Ty::Batch(inner) => add_edges(graph, owner, inner, false),
        Ty::Box(inner) | Ty::Nullable(inner) => add_edges(graph, owner, inner, by_value),
        _ => {}
    }
}

pub(super) fn mentions_file(ty: &Ty) -> bool {
    match ty {
        Ty::InputFile => true,
        Ty::Vec(inner) | Ty::Box(inner) | Ty::Batch(inner) | Ty::Nullable(inner) => {
            mentions_file(inner)
        }
        _ => false,
    }
}

pub(super) fn carries(ty: &Ty, carriers: &BTreeSet<String>) -> bool {
    match ty {
        Ty::InputFile => true,
        Ty::Named(name) => carriers.contains(name),
        Ty::Vec(inner) | Ty::Box(inner) | Ty::Batch(inner) | Ty::Nullable(inner) => {
            carries(inner, carriers)
        }
        _ => false,
    }
}
