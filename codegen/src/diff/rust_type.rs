//! The Rust type codegen gives a spec type, reduced to what decides whether two spec
//! types generate the same Rust type.
//!
//! Mapping (the codegen rules this module mirrors): `Integer` → `i64` (whatever the
//! page says about 32 or 64 bits), `Float` → `f64`, `String` → `String`, `Boolean` →
//! `bool`, `True` → a type that only accepts `true`, `InputFile` → the crate's upload
//! type, a type name → that type, `Array of T` → `Vec<T>`, `A or B` → an enum whose
//! variants are the alternatives (their order on the page does not matter).
//! Optionality is not part of the type here: it is a separate change
//! ([`crate::diff::ChangeKind::RequiredChanged`]).

use std::collections::BTreeSet;

use crate::typeexpr::TypeExpr;

/// A generated Rust type, up to naming details codegen derives from it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    I64,
    F64,
    String,
    Bool,
    True,
    InputFile,
    Named(std::string::String),
    Vec(Box<RustType>),
    /// An enum over the alternatives of a union, as a set.
    Enum(BTreeSet<RustType>),
}

impl RustType {
    pub fn of(expr: &TypeExpr) -> RustType {
        match expr {
            TypeExpr::Integer => RustType::I64,
            TypeExpr::Float => RustType::F64,
            TypeExpr::String => RustType::String,
            TypeExpr::Boolean => RustType::Bool,
            TypeExpr::True => RustType::True,
            TypeExpr::InputFile => RustType::InputFile,
            TypeExpr::Named(name) => RustType::Named(name.clone()),
            TypeExpr::Array(inner) => RustType::Vec(Box::new(RustType::of(inner))),
            TypeExpr::Union(items) => RustType::Enum(items.iter().map(RustType::of).collect()),
        }
    }

    /// The Rust type of a type text, `None` when the text is not a type.
    pub fn of_text(text: &str) -> Option<RustType> {
        TypeExpr::parse(text).ok().map(|expr| RustType::of(&expr))
    }

    /// The same type with every named type passed through `rename` (old name → new).
    pub fn renamed(&self, rename: &dyn Fn(&str) -> Option<std::string::String>) -> RustType {
        match self {
            RustType::Named(name) => RustType::Named(rename(name).unwrap_or_else(|| name.clone())),
            RustType::Vec(inner) => RustType::Vec(Box::new(inner.renamed(rename))),
            RustType::Enum(items) => {
                RustType::Enum(items.iter().map(|i| i.renamed(rename)).collect())
            }
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(text: &str) -> RustType {
        RustType::of_text(text).unwrap()
    }

    #[test]
    fn union_order_does_not_matter() {
        assert_eq!(rt("Integer or String"), rt("String or Integer"));
        assert_eq!(rt("Array of A or B"), rt("Array of B, A"));
    }

    #[test]
    fn different_types_differ() {
        assert_ne!(rt("Integer"), rt("Integer or String"));
        assert_ne!(rt("Boolean"), rt("True"));
        assert_ne!(rt("Array of PhotoSize"), rt("Array of Array of PhotoSize"));
        assert_eq!(rt("Float number"), rt("Float"));
    }

    #[test]
    fn renames_apply_inside_arrays_and_unions() {
        let rename = |name: &str| (name == "Old").then(|| "New".to_owned());
        assert_eq!(
            rt("Array of Old or Integer").renamed(&rename),
            rt("Array of Integer or New")
        );
        assert!(RustType::of_text("not a type").is_none());
    }
}
