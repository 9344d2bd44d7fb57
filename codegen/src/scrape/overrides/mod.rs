//! Corrections kept as data: `spec/overrides/<api>.yaml`, a list of entries, each
//! with a target, one change and the reason for it.
//!
//! ```yaml
//! - type: WebhookInfo            # or `method: getFile`
//!   set:                         # patch fields (or parameters) by name
//!     url: {type: String, required: true}
//!   reason: The page names the fields but not their types …
//! ```
//!
//! Changes of a type: `add` (a type the page lacks: description with `fields`,
//! `one_of` or `values`), `opaque` (a type kept as any JSON value; the text is its
//! description), `fields` (replace all fields), `add_fields` (fields the table lacks),
//! `set`, `one_of`, `rename`, `drop`. Changes of a method: `fields` (replace all
//! parameters), `add_fields`, `set`, `returns`, `drop`.
//! A type or method the page defines twice is chosen with `occurrence` (1-based).
//! A union written inline is named with `union: A or B` and `name: RustName`.
//! Entries without an item target: `retype: {from, to}` (every reference to a type
//! text), `skip_section` and `skip_group` (sections of the page not to read as API,
//! the group with the items under it).
//! Any entry may instead be `accept_warning: <text>`: a warning about its target (or
//! about the page, without one) whose text contains this has been checked, and is
//! shown only on request (`--verbose`); one that answers no warning is reported.
//!
//! Skips apply to the raw page, before extraction; the rest to the spec, after
//! extraction and before [`crate::scrape::analyze`], so corrected specs get every check.
//! Every change leaves its reason in the spec ([`Origin::Override`](crate::spec::Origin::Override) on what it
//! touched, or a [`Skipped`] entry). An entry that no longer applies (its target is
//! gone) is an error; one that changes nothing (the page now says the same) is a
//! warning. Both name the entry.
//!
//! [`entry`] reads an entry and checks it once into a target paired with a change
//! that applies to it; [`apply`] applies it to the spec.

mod apply;
mod entry;

use std::path::Path;

use crate::diagnostics::{Diagnostics, Severity};
use crate::scrape::raw::RawPage;
use crate::spec::{Skipped, Spec};
use entry::{entry_lines, Action, Entry, RawEntry};

/// The overrides of one API.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The file they come from, for diagnostics.
    path: String,
    entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum OverridesError {
    #[error("{path}: cannot read: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: not a list of override entries: {error}")]
    Parse {
        path: String,
        error: serde_yaml::Error,
    },
    /// `at` is the entry's line (`:12`), when the file is laid out as usual.
    #[error("{path}{at}: entry {index}: {problem}")]
    Entry {
        path: String,
        at: String,
        index: usize,
        problem: String,
    },
}

impl Overrides {
    pub fn load(path: &Path) -> Result<Overrides, OverridesError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| OverridesError::Read {
            path: name.clone(),
            error,
        })?;
        Overrides::from_yaml(&text, &name)
    }

    /// Parses and checks the entries; `path` names the file in errors.
    pub fn from_yaml(text: &str, path: &str) -> Result<Overrides, OverridesError> {
        let raw: Vec<RawEntry> =
            serde_yaml::from_str(text).map_err(|error| OverridesError::Parse {
                path: path.to_owned(),
                error,
            })?;
        let lines = entry_lines(text, raw.len());
        let entries = (raw.into_iter().zip(lines).enumerate())
            .map(|(i, (entry, line))| {
                Entry::check(i + 1, entry).map_err(|problem| OverridesError::Entry {
                    path: path.to_owned(),
                    at: line.map(|line| format!(":{line}")).unwrap_or_default(),
                    index: i + 1,
                    problem,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Overrides {
            path: path.to_owned(),
            entries,
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes the sections the entries skip from the page, and says why for each.
    pub fn apply_to_page(&self, page: &mut RawPage, diags: &mut Diagnostics) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        for entry in &self.entries {
            let (title, group) = match &entry.action {
                Action::SkipSection(title) => (title, false),
                Action::SkipGroup(title) => (title, true),
                _ => continue,
            };
            let Some(start) = page.sections.iter().position(|s| s.title == *title) else {
                diags.error(
                    &entry.label,
                    format!("no longer applies: the page has no section `{title}`"),
                );
                continue;
            };
            let level = page.sections[start].level;
            let end = if group {
                page.sections[start + 1..]
                    .iter()
                    .position(|s| s.level <= level)
                    .map_or(page.sections.len(), |at| start + 1 + at)
            } else {
                start + 1
            };
            for section in page.sections.drain(start..end) {
                skipped.push(Skipped {
                    tables: section.tables().count(),
                    section: section.title,
                    reason: entry.reason.clone(),
                });
            }
        }
        skipped
    }

    /// Applies the entries that change the spec, in file order.
    pub fn apply_to_spec(&self, spec: &mut Spec, diags: &mut Diagnostics) {
        for entry in &self.entries {
            if let Err(problem) = entry.apply(spec, diags) {
                diags.error(&entry.label, problem);
            }
        }
    }
}

impl Overrides {
    /// Marks the warnings of `diags` that `accept_warning` entries answer (a warning
    /// of the entry's target, or of the page as a whole for an entry without one,
    /// whose text contains the entry's). An entry that answers none is reported to
    /// `corrections`: the page no longer gives its warning.
    pub fn answer_warnings(&self, diags: &mut Diagnostics, corrections: &mut Diagnostics) {
        for entry in &self.entries {
            let Action::AcceptWarning {
                about: section,
                text,
            } = &entry.action
            else {
                continue;
            };
            let mut answered = false;
            for item in diags.items_mut() {
                if item.severity == Severity::Warning
                    && item.section == *section
                    && item.message.contains(text.as_str())
                {
                    let file = Path::new(&self.path).file_name().unwrap_or_default();
                    let by = format!("{} of {}", entry.label, file.to_string_lossy());
                    item.answered_by = Some(by);
                    answered = true;
                }
            }
            if !answered {
                corrections.warning(
                    &entry.label,
                    "answers nothing: the page no longer gives this warning; remove this entry",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::raw::RawSection;
    use crate::spec::{Field, Method, Origin, TypeDef, TypeKind};

    fn spec() -> Spec {
        let field = |name: &str, ty: &str| Field {
            name: name.into(),
            ty: ty.into(),
            required: true,
            ..Field::default()
        };
        Spec {
            api: crate::spec::Api::new(
                "T",
                "https://x/{token}/{method}",
                crate::spec::Auth::UrlPath,
            ),
            types: vec![
                TypeDef {
                    name: "Row".into(),
                    kind: TypeKind::Object(vec![field("text", "Booleanean")]),
                    ..TypeDef::default()
                },
                TypeDef {
                    name: "Row".into(),
                    kind: TypeKind::Object(vec![field("buttons", "Array of Button")]),
                    ..TypeDef::default()
                },
            ],
            methods: vec![Method {
                name: "getThing".into(),
                params: vec![field("markup", "Keyboard markup")],
                ..Method::default()
            }],
            skipped: Vec::new(),
        }
    }

    fn apply(yaml: &str, spec: &mut Spec) -> Diagnostics {
        let overrides = Overrides::from_yaml(yaml, "o.yaml").unwrap();
        let mut diags = Diagnostics::new("o.yaml");
        overrides.apply_to_spec(spec, &mut diags);
        diags
    }

    #[test]
    fn accepted_warnings_are_marked_and_stale_acceptances_reported() {
        let overrides = Overrides::from_yaml(
            "- type: Chat\n  accept_warning: the other way round\n  reason: checked\n\
             - method: getFile\n  accept_warning: result table\n  reason: checked\n",
            "o.yaml",
        )
        .unwrap();
        let mut diags = Diagnostics::new("page");
        diags.warning("Chat", "row `id` has Type and Required the other way round");
        diags.warning("User", "row `id` has Type and Required the other way round");
        diags.error("Chat", "the other way round, but an error");
        let mut corrections = Diagnostics::new("o.yaml");
        overrides.answer_warnings(&mut diags, &mut corrections);
        let answered: Vec<_> = (diags.items().iter())
            .map(|d| d.answered_by.as_deref())
            .collect();
        // Only a warning, and only of the entry's target.
        assert_eq!(
            answered,
            [Some("entry 1 (type Chat) of o.yaml"), None, None]
        );
        let stale: Vec<_> = corrections.warnings().map(|d| d.to_string()).collect();
        assert_eq!(
            stale,
            ["warning: o.yaml: [entry 2 (method getFile)] answers nothing: the page no longer gives this warning; remove this entry"]
        );
    }

    #[test]
    fn corrections_leave_their_reason() {
        let mut spec = spec();
        let diags = apply(
            "- type: Row\n  occurrence: 1\n  rename: Button\n  reason: the first table describes one button\n\
             - retype: {from: Booleanean, to: Boolean}\n  reason: a typo\n\
             - retype: {from: Keyboard markup, to: Row or Button}\n  reason: as sendMessage says\n\
             - type: Thing\n  opaque: Anything.\n  reason: never described\n\
             - method: getThing\n  returns: Thing\n  reason: the sample reads it\n",
            &mut spec,
        );
        assert!(diags.items().is_empty(), "{diags}");
        assert_eq!(spec.types[0].name, "Button");
        assert!(
            matches!(&spec.types[0].origin, Origin::Override { reason } if reason.starts_with("renamed from `Row`"))
        );
        let field = &spec.types[0].fields()[0];
        assert_eq!(field.ty, "Boolean");
        assert!(
            matches!(&field.origin, Origin::Override { reason } if reason == "`Booleanean` read as `Boolean`: a typo")
        );
        assert_eq!(spec.methods[0].params[0].ty, "Row or Button");
        assert!(spec.find_type("Thing").unwrap().is_opaque());
        assert_eq!(spec.methods[0].returns, "Thing");
    }

    #[test]
    fn stale_and_redundant_entries_are_reported() {
        let mut spec = spec();
        let diags = apply(
            "- type: Row\n  rename: X\n  reason: which one?\n\
             - type: Gone\n  set: {a: {required: false}}\n  reason: r\n\
             - retype: {from: Nothing, to: Boolean}\n  reason: r\n\
             - type: Row\n  occurrence: 2\n  set: {buttons: {required: true}}\n  reason: r\n\
             - type: Row\n  add: {fields: []}\n  reason: r\n",
            &mut spec,
        );
        let text = diags.to_string();
        assert!(
            text.contains("[entry 1 (type Row)] `Row` is defined 2 times"),
            "{text}"
        );
        assert!(
            text.contains("[entry 2 (type Gone)] no longer applies: the spec has no type `Gone`"),
            "{text}"
        );
        assert!(
            text.contains("[entry 3] no longer applies: nothing refers to `Nothing`"),
            "{text}"
        );
        assert!(
            text.contains("warning: o.yaml: [entry 4 (type Row, definition 2)] changes nothing"),
            "{text}"
        );
        assert!(
            text.contains(
                "[entry 5 (type Row)] no longer applies: the spec already has a type `Row`"
            ),
            "{text}"
        );
    }

    #[test]
    fn unions_are_named_in_the_spec() {
        let mut spec = spec();
        spec.methods[0].params[0].ty = "Array of Button or Row".into();
        let diags = apply(
            "- union: Row or Button\n  name: Control\n  reason: r\n\
             - union: Button or Row\n  name: Other\n  reason: the same union\n\
             - union: Row or Thing\n  name: Gone\n  reason: r\n\
             - union: Row\n  name: One\n  reason: r\n\
             - union: Button or Thing\n  name: lower\n  reason: r\n",
            &mut spec,
        );
        let names: Vec<_> = spec
            .api
            .union_names
            .iter()
            .map(|n| (&*n.union, &*n.name))
            .collect();
        assert_eq!(names, [("Row or Button", "Control")]);
        let text = diags.to_string();
        for expected in [
            "error: o.yaml: [entry 2 (union Button or Row)] `Button or Row` is already named `Control`",
            "warning: o.yaml: [entry 3 (union Row or Thing)] names nothing",
            "error: o.yaml: [entry 4 (union Row)] `Row` is not a union",
            "error: o.yaml: [entry 5 (union Button or Thing)] `lower` is not a type name",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
    }

    #[test]
    fn entries_are_checked_when_loaded() {
        let error = |yaml: &str| {
            Overrides::from_yaml(yaml, "o.yaml")
                .unwrap_err()
                .to_string()
        };
        assert!(error("- type: A\n  reason: ''\n  drop: true\n")
            .contains("o.yaml:1: entry 1: the reason is empty"));
        assert!(error("- type: A\n  drop: true\n  rename: B\n  reason: r\n")
            .contains("exactly one change"));
        assert!(error(
            "- type: A\n  drop: true\n  reason: r\n- method: a\n  one_of: [B]\n  reason: r\n"
        )
        .contains("o.yaml:4: entry 2: `one_of` does not apply to a method"));
        assert!(error("- type: A\n  colour: red\n  reason: r\n").contains("unknown field `colour`"));
    }

    #[test]
    fn skips_sections_and_groups() {
        let section = |level, title: &str| RawSection {
            level,
            title: title.into(),
            ..RawSection::default()
        };
        let mut page = RawPage {
            title: None,
            sections: vec![
                section(3, "SDK"),
                section(4, "MainButton"),
                section(4, "Events"),
                section(3, "initData Format"),
                section(3, "Payments"),
            ],
        };
        let overrides = Overrides::from_yaml(
            "- skip_group: SDK\n  reason: JavaScript\n- skip_section: initData Format\n  reason: a query string\n- skip_section: Gone\n  reason: r\n",
            "o.yaml",
        )
        .unwrap();
        let mut diags = Diagnostics::new("o.yaml");
        let skipped = overrides.apply_to_page(&mut page, &mut diags);
        let titles: Vec<&str> = skipped.iter().map(|s| s.section.as_str()).collect();
        assert_eq!(titles, ["SDK", "MainButton", "Events", "initData Format"]);
        assert_eq!(page.sections.len(), 1);
        assert!(diags
            .to_string()
            .contains("[entry 3] no longer applies: the page has no section `Gone`"));
    }
}
