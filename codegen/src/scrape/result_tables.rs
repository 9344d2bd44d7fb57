//! "Return Parameter" tables: what a method's `result` holds, when the page describes
//! it in a table of its own instead of (or besides) a sentence.
//!
//! Such a table is read in one of four ways:
//! - rows named `ok` describe the response envelope, not the result, and are dropped;
//! - nothing left: the call states success only; the result is what the description
//!   says (or `True` when it says nothing);
//! - one row whose type is the type the description says is returned (`chat Chat`
//!   under "Returns a Chat object"): the row restates the description;
//! - otherwise the rows are the fields of an object defined here, named after the
//!   method: `getFile` → `GetFileResult` (see [`result_type_name`]).
//!
//! A table without a Type column documents the type the description names.

use heck::ToUpperCamelCase;

use crate::diagnostics::Diagnostics;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Field, TypeDef, TypeKind};

/// What a method returns, and the type its result table defines, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRead {
    /// In the type grammar; empty when neither the table nor the description says.
    pub returns: String,
    pub result_type: Option<TypeDef>,
}

/// The name of the type a method's result table defines: the method's name in
/// UpperCamelCase followed by `Result`.
pub fn result_type_name(method: &str) -> String {
    format!("{}Result", method.to_upper_camel_case())
}

/// Interprets a method's result table. `stated` is the return type the description
/// states, if any; `fields` the table's rows read as fields, or `None` when the table
/// has no Type column.
pub fn interpret(
    method: &str,
    stated: Option<&str>,
    fields: Option<Vec<Field>>,
    diags: &mut Diagnostics,
) -> ResultRead {
    let stated_owned = stated.map(str::to_owned);
    let Some(mut fields) = fields else {
        if stated.is_none() {
            diags.error(
                method,
                "the result table has no Type column and the description does not say what is returned",
            );
        }
        // The table lists the fields of the type the description names.
        return ResultRead {
            returns: stated_owned.unwrap_or_default(),
            result_type: None,
        };
    };
    fields.retain(|field| field.name != "ok");
    if fields.is_empty() {
        return ResultRead {
            returns: stated_owned.unwrap_or_else(|| TypeExpr::True.to_string()),
            result_type: None,
        };
    }
    if let [only] = fields.as_slice() {
        let element = |text: &str| TypeExpr::parse(text).ok().and_then(innermost_name);
        if let (Some(row), Some(said)) = (element(&only.ty), stated.and_then(element)) {
            if row == said {
                return ResultRead {
                    returns: stated_owned.unwrap_or_default(),
                    result_type: None,
                };
            }
        }
    }
    let name = result_type_name(method);
    if let Some(said) = stated {
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        diags.warning(
            method,
            format!(
                "the description says `{said}` is returned, but the result table describes an object with fields {}; the table is used (`{name}`)",
                names.join(", ")
            ),
        );
    }
    ResultRead {
        returns: name.clone(),
        result_type: Some(TypeDef {
            name,
            description: format!("The result of `{method}`, as its result table describes it."),
            kind: TypeKind::Object(fields),
            result_of: Some(method.to_owned()),
            ..TypeDef::default()
        }),
    }
}

/// `Chat`, `Array of Chat` → `Chat`; primitives and unions have no name.
fn innermost_name(ty: TypeExpr) -> Option<String> {
    match ty {
        TypeExpr::Named(name) => Some(name),
        TypeExpr::Array(inner) => innermost_name(*inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: &str) -> Field {
        Field {
            name: name.into(),
            ty: ty.into(),
            required: true,
            ..Field::default()
        }
    }

    fn run(stated: Option<&str>, fields: Option<Vec<Field>>) -> (ResultRead, Diagnostics) {
        let mut diags = Diagnostics::new("page");
        (interpret("getThing", stated, fields, &mut diags), diags)
    }

    #[test]
    fn envelope_rows_are_dropped() {
        let (read, diags) = run(Some("True"), Some(vec![field("ok", "Boolean")]));
        assert_eq!(read.returns, "True");
        assert!(read.result_type.is_none());
        assert!(diags.items().is_empty());
        let (read, _) = run(None, Some(vec![field("ok", "Boolean")]));
        assert_eq!(read.returns, "True");
    }

    #[test]
    fn a_row_restating_the_description() {
        let fields = vec![field("ok", "Integer"), field("chat_member", "ChatMember")];
        let (read, diags) = run(Some("Array of ChatMember"), Some(fields));
        assert_eq!(read.returns, "Array of ChatMember");
        assert!(read.result_type.is_none() && diags.items().is_empty());
    }

    #[test]
    fn an_inline_object_becomes_a_named_type() {
        let fields = vec![field("ok", "Integer"), field("count", "Integer")];
        let (read, diags) = run(Some("Integer"), Some(fields));
        assert_eq!(read.returns, "GetThingResult");
        let ty = read.result_type.unwrap();
        assert_eq!(ty.name, "GetThingResult");
        assert_eq!(ty.fields().len(), 1);
        assert_eq!(diags.warnings().count(), 1, "{diags}");
    }

    #[test]
    fn a_table_without_types_documents_the_stated_type() {
        let (read, diags) = run(Some("User"), None);
        assert_eq!(read.returns, "User");
        assert!(diags.items().is_empty());
        let (read, diags) = run(None, None);
        assert_eq!(read.returns, "");
        assert!(diags.has_errors());
    }
}
