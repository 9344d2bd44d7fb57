//! Changes of the API's facts (URLs, auth, the Mini App and report checks, …) and of
//! the decisions the spec records about inline unions (their names and tags), for
//! [`crate::diff::compute`], which places them.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::model::{ChangeKind, Location};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Spec, UploadForm};

/// A report signature as one line, for a fact change.
fn report_signature_text(signature: &crate::spec::ReportSignature) -> String {
    format!(
        "{} over {:?} in {}",
        signature.signature_header, signature.data_check_string, signature.timestamp_header
    )
}

pub(crate) fn api_facts(old: &Spec, new: &Spec, out: &mut Vec<(Location, ChangeKind)>) {
    let (a, b) = (&old.api, &new.api);
    let facts: [(&str, Option<String>, Option<String>); 13] = [
        ("name", Some(a.name.clone()), Some(b.name.clone())),
        ("version", a.version.clone(), b.version.clone()),
        (
            "release_date",
            a.release_date.clone(),
            b.release_date.clone(),
        ),
        ("doc_url", a.doc_url.clone(), b.doc_url.clone()),
        (
            "request_url",
            Some(a.request_url.clone()),
            Some(b.request_url.clone()),
        ),
        ("file_url", a.file_url.clone(), b.file_url.clone()),
        (
            "auth",
            Some(format!("{:?}", a.auth)),
            Some(format!("{:?}", b.auth)),
        ),
        (
            "http_method",
            Some(format!("{:?}", a.http_method).to_uppercase()),
            Some(format!("{:?}", b.http_method).to_uppercase()),
        ),
        (
            "webhook_secret_header",
            a.webhook_secret_header.clone(),
            b.webhook_secret_header.clone(),
        ),
        (
            "init_data_key",
            a.init_data_key.clone(),
            b.init_data_key.clone(),
        ),
        (
            "upload_form",
            Some(format!("{:?}", UploadForm::of(a))),
            Some(format!("{:?}", UploadForm::of(b))),
        ),
        (
            "init_data_type",
            a.init_data_type.clone(),
            b.init_data_type.clone(),
        ),
        (
            "report_signature",
            a.report_signature.as_ref().map(report_signature_text),
            b.report_signature.as_ref().map(report_signature_text),
        ),
    ];
    for (fact, old, new) in facts {
        if old != new {
            out.push((Location::api(fact), ChangeKind::FactChanged { old, new }));
        }
    }
    union_names(old, new, out);
    union_tags(old, new, out);
}

/// A union's tag as one line: the field, and the default variant when there is one
/// (`date, default Message`). A change of either changes how payloads read.
pub(crate) fn tag_text(field: &str, default_variant: Option<&str>) -> String {
    match default_variant {
        Some(default) => format!("{field}, default {default}"),
        None => field.to_owned(),
    }
}

/// An inline union's tag changed (or it gained or lost one): one change per union,
/// matched by its alternatives in any order. Only for a union both specs use: one that
/// comes or goes (a field's type changed) is reported as that change.
fn union_tags(old: &Spec, new: &Spec, out: &mut Vec<(Location, ChangeKind)>) {
    let (used_before, used_after) = (inline_unions(old), inline_unions(new));
    let tagged = |spec: &Spec| -> BTreeMap<TypeExpr, (String, String)> {
        (spec.api.union_tags.iter())
            .filter_map(|t| {
                let key = TypeExpr::parse(&t.union).ok()?.canonical(&|_| None);
                let tag = tag_text(&t.discriminator, t.default_variant.as_deref());
                Some((key, (t.union.clone(), tag)))
            })
            .collect()
    };
    let (a, b) = (tagged(old), tagged(new));
    let keys: BTreeSet<&TypeExpr> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (before, after) = (a.get(key), b.get(key));
        let used = used_before.contains(key) && used_after.contains(key);
        if !used || before.map(|(_, tag)| tag) == after.map(|(_, tag)| tag) {
            continue;
        }
        let union = before.or(after).map_or("", |(union, _)| union.as_str());
        let tag = |side: Option<&(String, String)>| side.map(|(_, tag)| format!("{union}: {tag}"));
        out.push((
            Location::api("union_tags"),
            ChangeKind::FactChanged {
                old: tag(before),
                new: tag(after),
            },
        ));
    }
}

/// A union's given name changed (or it gained or lost one): one change per union,
/// matched by its alternatives in any order.
fn union_names(old: &Spec, new: &Spec, out: &mut Vec<(Location, ChangeKind)>) {
    let named = |spec: &Spec| -> BTreeMap<TypeExpr, (String, String)> {
        spec.api
            .union_names
            .iter()
            .filter_map(|n| {
                let key = TypeExpr::parse(&n.union).ok()?.canonical(&|_| None);
                Some((key, (n.union.clone(), n.name.clone())))
            })
            .collect()
    };
    let (a, b) = (named(old), named(new));
    let keys: BTreeSet<&TypeExpr> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (before, after) = (a.get(key), b.get(key));
        if before.map(|(_, name)| name) == after.map(|(_, name)| name) {
            continue;
        }
        let union = before.or(after).map_or("", |(union, _)| union.as_str());
        let name =
            |side: Option<&(String, String)>| side.map(|(_, name)| format!("{union}: {name}"));
        out.push((
            Location::api("union_names"),
            ChangeKind::FactChanged {
                old: name(before),
                new: name(after),
            },
        ));
    }
}

/// Every union written inline in a field, parameter or result of `spec`, canonical.
fn inline_unions(spec: &Spec) -> BTreeSet<TypeExpr> {
    let fields = spec.types.iter().flat_map(|t| t.fields());
    let texts = (fields.chain(spec.methods.iter().flat_map(|m| &m.params)))
        .map(|f| f.ty.as_str())
        .chain(spec.methods.iter().map(|m| m.returns.as_str()));
    let distinct: BTreeSet<&str> = texts.filter(|text| text.contains(" or ")).collect();
    let parsed = distinct.into_iter().filter_map(|t| TypeExpr::parse(t).ok());
    let mut out = BTreeSet::new();
    for expr in parsed {
        out.extend(expr.unions().into_iter().map(|u| u.canonical(&|_| None)));
    }
    out
}
