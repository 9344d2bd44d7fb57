//! Item-level comparison of a scraped spec with an oracle.
//!
//! Every check is one fact that both sides state: an item's existence, a union's
//! variants, a field's existence, its `required` flag, its type set, a method's return
//! type. Each check either agrees or yields a [`Finding`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use codegen::spec::typeexpr::TypeExpr;
use codegen::spec::{Field, Spec};
use serde::{Deserialize, Serialize};

use crate::oracle::{project_true, RefField, Reference, TypeSet};

/// What a check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A type exists (on either side).
    Type,
    /// A method exists.
    Method,
    /// A union's variants, in order.
    Variants,
    /// A field or parameter exists.
    Field,
    /// A field's or parameter's `required` flag.
    Required,
    /// A field's or parameter's type, as a set of alternatives.
    FieldType,
    /// A method's return type, as a set of alternatives.
    Returns,
}

/// One disagreement: the check, where, and both sides' values as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub check: Check,
    pub item: String,
    /// The field or parameter, for field-level checks.
    pub member: Option<String>,
    pub ours: String,
    pub oracle: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let check = serde_yaml::to_string(&self.check).unwrap_or_default();
        write!(f, "{} {}", check.trim(), self.item)?;
        if let Some(member) = &self.member {
            write!(f, ".{member}")?;
        }
        write!(f, ": ours `{}`, oracle `{}`", self.ours, self.oracle)
    }
}

/// The outcome of comparing one spec with one oracle.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Checks made, per kind.
    pub checks: BTreeMap<Check, usize>,
    pub findings: Vec<Finding>,
}

impl Comparison {
    pub fn total(&self) -> usize {
        self.checks.values().sum()
    }

    pub fn agreements(&self) -> usize {
        self.total() - self.findings.len()
    }

    fn agree(&mut self, kind: Check) {
        self.check(kind, true, || unreachable!("an agreement has no finding"));
    }

    fn check(&mut self, kind: Check, agree: bool, finding: impl FnOnce() -> Finding) {
        *self.checks.entry(kind).or_default() += 1;
        if !agree {
            self.findings.push(finding());
        }
    }
}

/// Our type text as a set of alternatives, `Array of` distributed over them.
pub fn our_type_set(text: &str) -> Result<TypeSet, String> {
    fn leaves(expr: &TypeExpr, out: &mut TypeSet) {
        match expr {
            TypeExpr::Union(items) => items.iter().for_each(|item| leaves(item, out)),
            TypeExpr::Array(inner) => {
                let mut inner_set = TypeSet::new();
                leaves(inner, &mut inner_set);
                out.extend(inner_set.into_iter().map(|t| format!("Array of {t}")));
            }
            other => {
                out.insert(other.to_string());
            }
        }
    }
    let expr = TypeExpr::parse(text).map_err(|e| e.to_string())?;
    let mut set = TypeSet::new();
    leaves(&expr, &mut set);
    Ok(set)
}

fn show(set: &TypeSet) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(" | ")
}

fn flag(present: bool) -> String {
    if present { "present" } else { "absent" }.to_owned()
}

/// Built-ins of our grammar that pages also describe as a type of their own: the
/// spec records them under `skipped`, the oracles as types.
const GRAMMAR_BUILTINS: &[&str] = &["InputFile"];

/// Compares `spec` with `reference`.
pub fn compare(spec: &Spec, reference: &Reference) -> Result<Comparison, String> {
    let project = |set: TypeSet| {
        if reference.has_true {
            set
        } else {
            project_true(&set)
        }
    };
    let project_returns = |set: TypeSet| {
        if reference.returns_has_true {
            set
        } else {
            project_true(&set)
        }
    };
    let mut out = Comparison::default();

    // Types.
    let ours: BTreeMap<&str, _> = spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut names: BTreeSet<&str> = ours.keys().copied().collect();
    names.extend(reference.types.keys().map(String::as_str));
    for name in names {
        if GRAMMAR_BUILTINS.contains(&name) {
            let skipped = spec.skipped.iter().any(|s| s.section == name);
            out.check(Check::Type, skipped, || Finding {
                check: Check::Type,
                item: name.into(),
                member: None,
                ours: "not recorded as skipped".into(),
                oracle: flag(reference.types.contains_key(name)),
            });
            continue;
        }
        let (Some(ty), Some(theirs)) = (ours.get(name), reference.types.get(name)) else {
            out.check(Check::Type, false, || Finding {
                check: Check::Type,
                item: name.into(),
                member: None,
                ours: flag(ours.contains_key(name)),
                oracle: flag(reference.types.contains_key(name)),
            });
            continue;
        };
        out.agree(Check::Type);
        if ty.is_union() || theirs.variants.is_some() {
            let ours_v = ty.variants().to_vec();
            let theirs_v = theirs.variants.clone().unwrap_or_default();
            out.check(Check::Variants, ours_v == theirs_v, || Finding {
                check: Check::Variants,
                item: name.into(),
                member: None,
                ours: ours_v.join(", "),
                oracle: theirs_v.join(", "),
            });
        }
        let fields = ty.fields();
        compare_fields(name, fields, &theirs.fields, &project, &mut out)?;
    }

    // Methods.
    let ours: BTreeMap<&str, _> = spec.methods.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut names: BTreeSet<&str> = ours.keys().copied().collect();
    names.extend(reference.methods.keys().map(String::as_str));
    for name in names {
        let (Some(method), Some(theirs)) = (ours.get(name), reference.methods.get(name)) else {
            out.check(Check::Method, false, || Finding {
                check: Check::Method,
                item: name.into(),
                member: None,
                ours: flag(ours.contains_key(name)),
                oracle: flag(reference.methods.contains_key(name)),
            });
            continue;
        };
        out.agree(Check::Method);
        if let Some(their_returns) = &theirs.returns {
            let our_returns = project_returns(our_type_set(&method.returns)?);
            let their_returns = project_returns(their_returns.clone());
            out.check(Check::Returns, our_returns == their_returns, || Finding {
                check: Check::Returns,
                item: name.into(),
                member: None,
                ours: show(&our_returns),
                oracle: show(&their_returns),
            });
        }
        compare_fields(name, &method.params, &theirs.params, &project, &mut out)?;
    }
    Ok(out)
}

fn compare_fields(
    item: &str,
    ours: &[Field],
    theirs: &[RefField],
    project: &dyn Fn(TypeSet) -> TypeSet,
    out: &mut Comparison,
) -> Result<(), String> {
    let mut names: Vec<&str> = ours.iter().map(|f| f.name.as_str()).collect();
    for field in theirs {
        if !names.contains(&field.name.as_str()) {
            names.push(&field.name);
        }
    }
    for name in names {
        let our = ours.iter().find(|f| f.name == name);
        let their = theirs.iter().find(|f| f.name == name);
        let (Some(our), Some(their)) = (our, their) else {
            out.check(Check::Field, false, || Finding {
                check: Check::Field,
                item: item.into(),
                member: Some(name.into()),
                ours: flag(our.is_some()),
                oracle: flag(their.is_some()),
            });
            continue;
        };
        out.agree(Check::Field);
        out.check(Check::Required, our.required == their.required, || {
            Finding {
                check: Check::Required,
                item: item.into(),
                member: Some(name.into()),
                ours: our.required.to_string(),
                oracle: their.required.to_string(),
            }
        });
        let our_types = project(our_type_set(&our.ty).map_err(|e| format!("{item}.{name}: {e}"))?);
        let their_types = project(their.types.clone());
        out.check(Check::FieldType, our_types == their_types, || Finding {
            check: Check::FieldType,
            item: item.into(),
            member: Some(name.into()),
            ours: show(&our_types),
            oracle: show(&their_types),
        });
    }
    Ok(())
}
