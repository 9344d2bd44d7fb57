//! Type expressions as the crate represents them: a union's alternatives (a file also
//! holds ids and URLs), a field that takes an upload, and variant labels. Plain
//! functions of a [`TypeExpr`], used by the naming and lowering of every item.

use heck::ToUpperCamelCase;

use crate::ir::naming;
use crate::spec;
use crate::spec::typeexpr::TypeExpr;

/// The alternatives of a union as the crate represents them: a file upload's type also
/// holds file ids and URLs, so `InputFile or String` is just `InputFile`.
pub(super) fn normalize_union(expr: &TypeExpr) -> Vec<TypeExpr> {
    let TypeExpr::Union(items) = expr else {
        return vec![expr.clone()];
    };
    let has_file = items.contains(&TypeExpr::InputFile);
    items
        .iter()
        .filter(|item| !(has_file && **item == TypeExpr::String))
        .cloned()
        .collect()
}

/// A variant name for an alternative: `Integer`, `Message`, `ArrayOfString`.
pub(super) fn variant_label(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Named(name) => naming::type_name(name).unwrap_or_else(|| "Value".to_owned()),
        other => other.to_string().to_upper_camel_case(),
    }
}

/// Every union inside an expression (after normalisation), outermost first.
pub(super) fn inline_unions_in(expr: &TypeExpr) -> Vec<Vec<TypeExpr>> {
    match expr {
        TypeExpr::Array(inner) => inline_unions_in(inner),
        TypeExpr::Union(_) => {
            let alternatives = normalize_union(expr);
            if alternatives.len() < 2 {
                return Vec::new();
            }
            let mut out = vec![alternatives.clone()];
            for alternative in &alternatives {
                out.extend(inline_unions_in(alternative));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The type expression of a field or parameter as the crate represents it: one that
/// takes an upload ([`spec::Field::attachment`]) is a `String` whose value may be
/// `attach://<name>` (the crate's file type), or an object type that may also be a
/// file: `InputFile or <type>`.
pub(super) fn field_expr(field: &spec::Field) -> Result<TypeExpr, String> {
    let expr = TypeExpr::parse(&field.ty).map_err(|error| error.to_string())?;
    if !field.attachment {
        return Ok(expr);
    }
    match expr {
        TypeExpr::String => Ok(expr),
        TypeExpr::Named(_) => Ok(TypeExpr::Union(vec![TypeExpr::InputFile, expr])),
        other => Err(format!(
            "only a `String` or an object type can take an upload, not `{other}`"
        )),
    }
}
