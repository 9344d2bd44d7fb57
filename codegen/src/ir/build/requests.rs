//! Lowering a method to a request: its parameters, result, forms (one client function
//! per way to call it), long poll and the parameters that are files of their own.

use std::collections::BTreeSet;

use heck::ToSnakeCase;

use super::{Builder, CALL_METHODS, CLIENT_METHODS, MAP_REQUEST};
use crate::ir::naming::{self, Namespace};
use crate::ir::{
    Field, FileParam, Form, Item, LongPoll, Place, Presence, Request, Setter, SettersTrait, Ty,
};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{self, UploadForm};

impl Builder<'_> {
    pub(super) fn request(&mut self, method: &spec::Method) -> Option<Request> {
        let rust_name = self.request_names.get(&method.name)?.clone();
        let mut client_names = Namespace::with_reserved(CLIENT_METHODS.iter().copied());
        for request in &self.requests {
            client_names.try_take(&request.fn_name);
            for form in &request.forms {
                client_names.try_take(&form.fn_name);
            }
        }
        let Some(fn_name) = naming::function_name(&method.name) else {
            self.diags.error(
                &method.name,
                "the method's name cannot become a Rust identifier",
            );
            return None;
        };
        let fn_name = client_names.take_unique(&fn_name);
        let mut field_names = Namespace::with_reserved(["new"]);
        let mut params = Vec::new();
        for param in &method.params {
            if let Some(field) = self.field(&method.name, &rust_name, param, &mut field_names) {
                params.push(field);
            }
        }
        let output = match TypeExpr::parse(&method.returns) {
            Ok(expr) => match self.identified_list(&expr) {
                Some(element) => Ty::Batch(Box::new(element)),
                None => self.ty(&method.name, &expr)?,
            },
            Err(error) => {
                self.diags
                    .error(&method.name, format!("return type: {error}"));
                return None;
            }
        };
        let long_poll = long_poll(method, &params);
        let forms = forms(method, &params, &fn_name, &mut client_names);
        let file_params = match UploadForm::of(&self.spec.api) {
            UploadForm::Attach => Vec::new(),
            UploadForm::ParameterPart => params.iter().filter_map(|p| self.file_param(p)).collect(),
        };
        let setters = self.setters_trait(&rust_name, &params);
        Some(Request {
            api_name: method.name.clone(),
            rust_name,
            fn_name,
            place: Place::default(),
            setters,
            docs: self.item_docs(&method.description, method.anchor.as_deref()),
            http_method: method
                .http_method
                .unwrap_or(self.spec.api.http_method)
                .into(),
            params,
            confirms_without_result: output == Ty::True,
            output,
            carries_files: false,
            file_params,
            forms,
            long_poll,
        })
    }

    /// The setters trait of a request, when the client binds requests to pending calls:
    /// one setter per optional parameter.
    fn setters_trait(&self, request: &str, params: &[Field]) -> Option<SettersTrait> {
        let name = self.setters_names.get(request)?.clone();
        let setters: Vec<Setter> = params
            .iter()
            .filter(|f| f.presence == Presence::Optional)
            .map(|f| {
                let taken =
                    CALL_METHODS.contains(&f.rust_name.as_str()) || f.rust_name == MAP_REQUEST;
                Setter {
                    name: if taken {
                        format!("set_{}", f.rust_name)
                    } else {
                        f.rust_name.clone()
                    },
                    field: f.rust_name.clone(),
                }
            })
            .collect();
        // No optional parameter, no setters: a trait of none would be noise.
        if setters.is_empty() {
            return None;
        }
        Some(SettersTrait {
            name,
            map_fn: MAP_REQUEST.to_owned(),
            setters,
        })
    }

    /// The parameter as a file of its own, when it is one: the crate's file type, or a
    /// union with a variant of that type (`InputFile or InputStoryContent`).
    pub(super) fn file_param(&self, param: &Field) -> Option<FileParam> {
        let variant = match &param.ty {
            Ty::InputFile => None,
            Ty::Named(name) => {
                let union = self
                    .items
                    .iter()
                    .chain(&self.pending)
                    .find_map(|item| match item {
                        Item::Union(u) if u.rust_name == *name => Some(u),
                        _ => None,
                    })?;
                let variant = union.variants.iter().find(|v| v.ty == Ty::InputFile)?;
                Some((name.clone(), variant.rust_name.clone()))
            }
            _ => return None,
        };
        Some(FileParam {
            api_name: param.api_name.clone(),
            rust_name: param.rust_name.clone(),
            optional: param.presence == Presence::Optional,
            variant,
        })
    }

    /// The element type of a list result whose elements each carry their own id: an
    /// object type with a required `Integer` field named after it (`update_id` of an
    /// `Update`, `message_id` of a `Message`). Such a list is a [`Ty::Batch`]: things a
    /// bot handles one by one (updates to acknowledge, messages sent), so one that does
    /// not read must not hide the others, and its id tells which it is. The type is
    /// marked with its id field.
    pub(super) fn identified_list(&mut self, expr: &TypeExpr) -> Option<Ty> {
        let TypeExpr::Array(inner) = expr else {
            return None;
        };
        let TypeExpr::Named(name) = &**inner else {
            return None;
        };
        let ty = self.spec.types.iter().find(|t| t.name == *name)?;
        let id_field = format!("{}_id", name.to_snake_case());
        let field = ty.fields().iter().find(|f| {
            f.name == id_field && f.required && TypeExpr::parse(&f.ty) == Ok(TypeExpr::Integer)
        })?;
        let rust = self.type_names.get(name)?.clone();
        self.identified.insert(rust.clone(), field.name.clone());
        Some(Ty::Named(rust))
    }
}

/// The forms of a method from its parameters' `required_unless`: the parameters
/// required unless the same others are given make one form (`chat_id` and
/// `message_id`, each required unless `inline_message_id`), and each form must be
/// required unless exactly the parameters of the other forms are given, or the
/// alternatives are not a choice between forms and the method keeps its one function
/// (empty). The first form on the page takes the method's function name; another takes
/// it followed by the words of its parameters' names that the first form's names lack
/// (`inline_message_id` against `chat_id`, `message_id` → `_inline`), or all of its
/// names when none is left.
pub(super) fn forms(
    method: &spec::Method,
    params: &[Field],
    fn_name: &str,
    client_names: &mut Namespace,
) -> Vec<Form> {
    let mut groups: Vec<(BTreeSet<&str>, Vec<&str>)> = Vec::new();
    for param in method
        .params
        .iter()
        .filter(|p| !p.required_unless.is_empty())
    {
        let key: BTreeSet<&str> = param.required_unless.iter().map(String::as_str).collect();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(&param.name),
            None => groups.push((key, vec![&param.name])),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    let is_choice = groups.iter().enumerate().all(|(i, (key, _))| {
        let others: BTreeSet<&str> = (groups.iter().enumerate())
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, (_, members))| members.iter().copied())
            .collect();
        *key == others
    });
    let rust_of = |api: &str| {
        params
            .iter()
            .find(|f| f.api_name == api)
            .map(|f| f.rust_name.clone())
    };
    let members: Option<Vec<Vec<String>>> = groups
        .iter()
        .map(|(_, members)| members.iter().map(|m| rust_of(m)).collect())
        .collect();
    let Some(members) = members.filter(|_| is_choice) else {
        return Vec::new();
    };
    let words = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .flat_map(|n| n.split('_').map(str::to_owned).collect::<Vec<_>>())
            .collect()
    };
    let first_words = words(&members[0]);
    members
        .into_iter()
        .zip(&groups)
        .enumerate()
        .map(|(i, (names, (_, api)))| {
            let fn_name = if i == 0 {
                fn_name.to_owned()
            } else {
                let mut own: Vec<String> = Vec::new();
                for word in words(&names) {
                    if !first_words.contains(&word) && !own.contains(&word) {
                        own.push(word);
                    }
                }
                let suffix = if own.is_empty() {
                    names.join("_")
                } else {
                    own.join("_")
                };
                client_names.take_unique(&format!("{fn_name}_{suffix}"))
            };
            Form {
                fn_name,
                params: names,
                api_params: api.iter().map(|a| (*a).to_owned()).collect(),
            }
        })
        .collect()
}

/// The parameter of a long poll: an `Integer` named `timeout` that the page describes
/// as the long polling's ("Timeout in seconds for long polling").
pub(super) fn long_poll(method: &spec::Method, params: &[Field]) -> Option<LongPoll> {
    let param = method.params.iter().find(|p| {
        p.name == "timeout"
            && TypeExpr::parse(&p.ty) == Ok(TypeExpr::Integer)
            && p.description.to_lowercase().contains("long polling")
    })?;
    let field = params.iter().find(|f| f.api_name == param.name)?;
    Some(LongPoll {
        rust_name: field.rust_name.clone(),
        optional: field.presence == Presence::Optional,
    })
}
