//! Whether a field is optional, from its description's phrases ([`decide`]).

use super::{HEDGE_PHRASES, NULL_PHRASES};

/// An optional-field decision and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Optional: a [`NULL_PHRASES`] phrase starts a clause of the description.
    Optional(&'static str),
    /// Required, a list whose elements may be `null`: a clause of the description is
    /// the field's own name followed by a [`NULL_PHRASES`] phrase ("messages may be
    /// null" of the field `messages`): the name of a list stands for its elements.
    NullElements(&'static str),
    /// Required: a value of a built-in type or a list, always present (an unknown or
    /// missing value is the zero value: `0`, `""`, `[]`, `false`).
    Value,
    /// Required: an object whose description says nothing of its absence.
    Object,
    /// Not decided by a listed phrase, taken as optional and reported: the reason.
    Undecided(String),
}

impl Decision {
    pub fn required(&self) -> bool {
        matches!(
            self,
            Decision::Value | Decision::Object | Decision::NullElements(_)
        )
    }
}

/// What a field holds, as far as [`decide`] cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// A built-in value (`int32`, `string`, `Bool`, …).
    Value,
    /// A `vector<…>`.
    List,
    /// An object or a class.
    Object,
}

/// Decides whether the field `name` is optional from its description.
pub fn decide(name: &str, description: &str, holds: Holds) -> Decision {
    let lower = description.to_ascii_lowercase();
    let mut elsewhere = None;
    for phrase in NULL_PHRASES {
        for (at, _) in lower.match_indices(phrase) {
            let clause_start = lower[..at].rfind([';', '.', '\n']).map_or(0, |i| i + 1);
            let subject = lower[clause_start..at].trim();
            if subject.is_empty() {
                return Decision::Optional(phrase);
            }
            if holds == Holds::List && subject == name.replace('_', " ") {
                return Decision::NullElements(phrase);
            }
            elsewhere.get_or_insert_with(|| {
                description[clause_start..at + phrase.len()]
                    .trim()
                    .to_owned()
            });
        }
    }
    if let Some(said) = elsewhere {
        return Decision::Undecided(format!("“{said}” is said of something else than the field"));
    }
    if holds != Holds::Object {
        return Decision::Value;
    }
    match HEDGE_PHRASES.iter().find(|p| lower.contains(*p)) {
        Some(phrase) => Decision::Undecided(format!(
            "an object “{phrase}” without saying it may be null"
        )),
        None => Decision::Object,
    }
}
