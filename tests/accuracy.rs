//! Accuracy of the Telegram HTML scraper against independent specs of the same pages.
//!
//! For each pinned page (5.0 … 10.2) the test scrapes it with `codegen::scrape::scrape`
//! (no errors allowed), loads the oracle produced by another project from the same page
//! (`tests/fixtures/oracle/`), and compares item by item (see [`compare`]): type and
//! method names, union variants, every field and parameter with its `required` flag and
//! type set, every method's return type where the oracle records it.
//!
//! - Each version must agree on at least [`GOAL`] of its checks.
//! - Every remaining disagreement is listed in `tests/fixtures/oracle/disagreements.yaml`
//!   with its cause (`oracle`: the oracle is wrong, with the page's evidence; `limit`: a
//!   documented limit of ours). An unlisted disagreement fails the test, and so does a
//!   listed one that no longer occurs, so the list stays honest.
//!
//! Run `cargo test -p tests --test accuracy -- --nocapture` for the per-version table.

#[path = "accuracy/compare.rs"]
mod compare;
#[path = "accuracy/oracle.rs"]
mod oracle;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::scrape::extract::KnownFacts;
use codegen::scrape::scrape;
use codegen::spec::TypeKind;
use serde::Deserialize;

use compare::{compare, Check, Comparison, Finding};
use oracle::Reference;

/// The agreement every version must reach.
const GOAL: f64 = 0.995;

struct Version {
    version: &'static str,
    /// Relative to the workspace root.
    page: &'static str,
    oracle: &'static str,
    load: fn(&str) -> Result<Reference, String>,
    /// An older version's oracle whose return types stand in where this oracle records
    /// none (aiogram keeps no return types): the methods both versions have.
    returns_from: Option<(&'static str, &'static str)>,
}

const VERSIONS: &[Version] = &[
    psl(
        "5.0",
        "tests/fixtures/telegram/botapi-5.0.html",
        "tests/fixtures/oracle/spec-paulsonoflars-5.0.json",
    ),
    psl(
        "6.3",
        "tests/fixtures/telegram/botapi-6.3.html",
        "tests/fixtures/oracle/spec-paulsonoflars-6.3.json",
    ),
    psl(
        "7.0",
        "tests/fixtures/telegram/botapi-7.0.html",
        "tests/fixtures/oracle/spec-paulsonoflars-7.0.json",
    ),
    psl(
        "7.10",
        "tests/fixtures/telegram/botapi-7.10.html",
        "tests/fixtures/oracle/spec-paulsonoflars-7.10.json",
    ),
    psl(
        "8.3",
        "tests/fixtures/telegram/botapi-8.3.html",
        "tests/fixtures/oracle/spec-paulsonoflars-8.3.json",
    ),
    psl(
        "9.2",
        "tests/fixtures/telegram/botapi-9.2.html",
        "tests/fixtures/oracle/spec-paulsonoflars-9.2.json",
    ),
    Version {
        version: "10.2",
        page: "spec/sources/telegram/botapi-10.2.html",
        oracle: "tests/fixtures/oracle/spec-aiogram-10.2.json",
        load: oracle::aiogram,
        returns_from: Some((
            "PaulSonOfLars 9.2",
            "tests/fixtures/oracle/spec-paulsonoflars-9.2.json",
        )),
    },
];

const fn psl(version: &'static str, page: &'static str, oracle: &'static str) -> Version {
    Version {
        version,
        page,
        oracle,
        load: oracle::paulsonoflars,
        returns_from: None,
    }
}

const DISAGREEMENTS: &str = "tests/fixtures/oracle/disagreements.yaml";

/// An explained disagreement, as listed in the fixture.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    versions: Vec<String>,
    check: Check,
    item: String,
    #[serde(default)]
    member: Option<String>,
    ours: String,
    oracle: String,
    cause: Cause,
    reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Cause {
    /// The oracle is wrong; the reason quotes the page.
    Oracle,
    /// A documented limit of our scraper.
    Limit,
}

impl Listed {
    fn matches(&self, version: &str, finding: &Finding) -> bool {
        self.versions.iter().any(|v| v == version)
            && self.check == finding.check
            && self.item == finding.item
            && self.member == finding.member
            && self.ours == finding.ours
            && self.oracle == finding.oracle
    }
}

/// The listed disagreements, and what the comparisons found against them.
struct Ledger {
    listed: Vec<Listed>,
    /// (entry index, version) pairs that occurred.
    seen: BTreeSet<(usize, String)>,
    /// Findings no entry explains, written as the entry they would need.
    unlisted: Vec<String>,
}

impl Ledger {
    fn parse(yaml: &str) -> Result<Ledger, String> {
        let listed: Vec<Listed> = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        for entry in &listed {
            let reason = entry.reason.trim();
            if reason.is_empty() || reason == "?" {
                return Err(format!("{} {:?} has no reason", entry.item, entry.member));
            }
        }
        Ok(Ledger {
            listed,
            seen: BTreeSet::new(),
            unlisted: Vec::new(),
        })
    }

    /// Notes a finding: its cause when listed, `None` (and an unlisted entry) when not.
    fn record(&mut self, version: &str, finding: &Finding) -> Option<Cause> {
        match self.listed.iter().position(|l| l.matches(version, finding)) {
            Some(index) => {
                self.seen.insert((index, version.to_owned()));
                Some(self.listed[index].cause)
            }
            None => {
                self.unlisted.push(as_entry(version, finding));
                None
            }
        }
    }

    /// Listed (entry, version) pairs that did not occur.
    fn stale(&self) -> Vec<String> {
        let mut stale = Vec::new();
        for (index, entry) in self.listed.iter().enumerate() {
            for version in &entry.versions {
                if !self.seen.contains(&(index, version.clone())) {
                    let member = entry.member.as_deref().map(|m| format!(".{m}"));
                    stale.push(format!(
                        "{version} {:?} {}{} (ours `{}`, oracle `{}`)",
                        entry.check,
                        entry.item,
                        member.unwrap_or_default(),
                        entry.ours,
                        entry.oracle
                    ));
                }
            }
        }
        stale
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace root")
        .to_path_buf()
}

fn read(path: &str) -> String {
    let full = root().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// The fixture entry a new finding would need, for the failure message.
fn as_entry(version: &str, finding: &Finding) -> String {
    let check = serde_yaml::to_string(&finding.check).unwrap_or_default();
    let mut entry = format!(
        "- versions: [\"{version}\"]\n  check: {}\n  item: {}\n",
        check.trim(),
        finding.item
    );
    if let Some(member) = &finding.member {
        entry.push_str(&format!("  member: {member}\n"));
    }
    entry.push_str(&format!(
        "  ours: {:?}\n  oracle: {:?}\n  cause: ?\n  reason: ?\n",
        finding.ours, finding.oracle
    ));
    entry
}

struct Row {
    version: &'static str,
    source: &'static str,
    returns_from: Option<&'static str>,
    /// Methods whose return type no oracle records.
    unchecked_returns: Vec<String>,
    comparison: Comparison,
    explained_oracle: usize,
    explained_limit: usize,
    /// Scraper warnings on the page (errors fail the test).
    warnings: usize,
}

#[test]
fn scraper_agrees_with_independent_specs() {
    let mut ledger =
        Ledger::parse(&read(DISAGREEMENTS)).unwrap_or_else(|e| panic!("{DISAGREEMENTS}: {e}"));
    let mut rows = Vec::new();
    for version in VERSIONS {
        let (spec, diags) = scrape(
            &read(version.page),
            version.page,
            None,
            &KnownFacts::default(),
        );
        assert!(!diags.has_errors(), "{}:\n{diags}", version.page);
        let spec = spec.unwrap_or_else(|| panic!("{}: no spec", version.page));
        assert_eq!(
            spec.api.version.as_deref(),
            Some(version.version),
            "{}: the page's own version",
            version.page
        );
        let mut reference = (version.load)(&read(version.oracle))
            .unwrap_or_else(|e| panic!("{}: {e}", version.oracle));
        if let Some((label, path)) = version.returns_from {
            let older =
                oracle::paulsonoflars(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            reference.adopt_returns(&older, label);
        }
        let unchecked_returns: Vec<&str> = spec
            .methods
            .iter()
            .filter(|m| {
                reference
                    .methods
                    .get(&m.name)
                    .is_none_or(|r| r.returns.is_none())
            })
            .map(|m| m.name.as_str())
            .collect();
        let comparison =
            compare(&spec, &reference).unwrap_or_else(|e| panic!("{}: {e}", version.page));
        let (mut explained_oracle, mut explained_limit) = (0, 0);
        for finding in &comparison.findings {
            match ledger.record(version.version, finding) {
                Some(Cause::Oracle) => explained_oracle += 1,
                Some(Cause::Limit) => explained_limit += 1,
                None => {}
            }
        }
        rows.push(Row {
            version: version.version,
            source: reference.source,
            returns_from: reference.returns_from,
            unchecked_returns: unchecked_returns.iter().map(|s| s.to_string()).collect(),
            comparison,
            explained_oracle,
            explained_limit,
            warnings: diags.warnings().count(),
        });
    }

    println!(
        "\n{:<7} {:<14} {:>7} {:>7} {:>9} {:>8} {:>8} {:>9} {:>9}",
        "version", "oracle", "checks", "agree", "disagree", "oracle✗", "limit", "ratio", "warnings"
    );
    for row in &rows {
        let c = &row.comparison;
        println!(
            "{:<7} {:<14} {:>7} {:>7} {:>9} {:>8} {:>8} {:>8.3}% {:>9}",
            row.version,
            row.source,
            c.total(),
            c.agreements(),
            c.findings.len(),
            row.explained_oracle,
            row.explained_limit,
            100.0 * c.agreements() as f64 / c.total() as f64,
            row.warnings
        );
    }
    println!("\nchecks per kind:");
    for row in &rows {
        let kinds: Vec<String> = row
            .comparison
            .checks
            .iter()
            .map(|(kind, n)| format!("{kind:?} {n}"))
            .collect();
        println!("  {:<6} {}", row.version, kinds.join(", "));
        if let Some(from) = row.returns_from {
            println!("         returns compared with {from} for the methods it has");
        }
        if !row.unchecked_returns.is_empty() {
            println!(
                "         returns with no oracle ({}): {}",
                row.unchecked_returns.len(),
                row.unchecked_returns.join(", ")
            );
        }
    }

    let stale = ledger.stale();
    let unlisted = &ledger.unlisted;
    assert!(
        unlisted.is_empty(),
        "{} disagreement(s) not explained in {DISAGREEMENTS}:\n{}",
        unlisted.len(),
        unlisted.join("")
    );
    assert!(
        stale.is_empty(),
        "listed in {DISAGREEMENTS} but no longer occurring (remove them):\n{}",
        stale.join("\n")
    );
    for row in &rows {
        let c = &row.comparison;
        let ratio = c.agreements() as f64 / c.total() as f64;
        assert!(
            ratio >= GOAL,
            "{}: agreement {:.3}% is below the goal of {:.1}%",
            row.version,
            100.0 * ratio,
            100.0 * GOAL
        );
    }
}

/// The comparison is not blind: each kind of change to a scraped spec shows up as
/// exactly one finding of the matching kind.
#[test]
fn every_kind_of_disagreement_is_found() {
    let version = &VERSIONS[0];
    let (spec, _) = scrape(
        &read(version.page),
        version.page,
        None,
        &KnownFacts::default(),
    );
    let spec = spec.expect("the 5.0 page scrapes");
    let reference = (version.load)(&read(version.oracle)).expect("the 5.0 oracle loads");
    assert!(compare(&spec, &reference).unwrap().findings.is_empty());

    type Mutation = (Check, fn(&mut codegen::spec::Spec));
    let mutations: [Mutation; 7] = [
        (Check::Type, |s| {
            s.types.retain(|t| t.name != "Venue");
        }),
        (Check::Method, |s| s.methods.retain(|m| m.name != "getMe")),
        (Check::Variants, |s| {
            let ty = s.types.iter_mut().find(|t| t.name == "InputMedia").unwrap();
            let TypeKind::Union(union) = &mut ty.kind else {
                panic!("InputMedia is a union")
            };
            union.one_of.swap(0, 1);
        }),
        (Check::Field, |s| {
            let ty = s.types.iter_mut().find(|t| t.name == "User").unwrap();
            ty.fields_mut().unwrap().pop();
        }),
        (Check::Required, |s| {
            let m = s
                .methods
                .iter_mut()
                .find(|m| m.name == "sendMessage")
                .unwrap();
            m.params[0].required = !m.params[0].required;
        }),
        (Check::FieldType, |s| {
            let m = s
                .methods
                .iter_mut()
                .find(|m| m.name == "sendMessage")
                .unwrap();
            m.params[0].ty = "Integer".into(); // chat_id is `Integer or String`
        }),
        (Check::Returns, |s| {
            let m = s
                .methods
                .iter_mut()
                .find(|m| m.name == "sendMessage")
                .unwrap();
            m.returns = "Array of Message".into();
        }),
    ];
    for (kind, mutate) in mutations {
        let mut changed = spec.clone();
        mutate(&mut changed);
        let findings = compare(&changed, &reference).unwrap().findings;
        let kinds: Vec<Check> = findings.iter().map(|f| f.check).collect();
        assert_eq!(kinds, [kind], "{findings:#?}");
    }
}

/// Spellings that differ between versions of the page must not change what is read:
/// each rewrite below turns the 10.2 page into a spelling seen in another version (or
/// plausible in an unseen one), and the spec must stay the same. This guards the rules
/// against fitting the seven pinned pages only.
#[test]
fn spellings_of_other_versions_read_the_same() {
    let version = VERSIONS.last().expect("10.2 is listed");
    let page = read(version.page);
    let scrape_text = |source: &str| {
        let (spec, diags) = scrape(source, version.page, None, &KnownFacts::default());
        assert!(!diags.has_errors(), "{diags}");
        spec.expect("a spec")
    };
    // A value set's phrase quotes the description, with its typography.
    let clear = |field: &mut codegen::spec::Field| {
        field.description.clear();
        if let Some(origin) = &mut field.enum_origin {
            origin.phrase.clear();
        }
    };
    let without_descriptions = |mut spec: codegen::spec::Spec| {
        for ty in &mut spec.types {
            ty.description.clear();
            ty.fields_mut().into_iter().flatten().for_each(clear);
        }
        for method in &mut spec.methods {
            method.description.clear();
            method.params.iter_mut().for_each(clear);
        }
        spec
    };
    let original = scrape_text(&page);

    // 7.0–8.3 put the dot inside the emphasis: `<em>Optional.</em>`.
    let optional_dot = page.replace("<td><em>Optional</em>. ", "<td><em>Optional.</em> ");
    assert_ne!(optional_dot, page);
    assert_same(&scrape_text(&optional_dot), &original, "<em>Optional.</em>");

    // Up to 7.0 the type column says `Float number`.
    let float_number = page.replace("<td>Float</td>", "<td>Float number</td>");
    assert_ne!(float_number, page);
    assert_same(&scrape_text(&float_number), &original, "Float number");

    // Emoji as images (as served) or as text.
    let emoji_text = replace_emoji_images(&page);
    assert_ne!(emoji_text, page);
    assert_same(&scrape_text(&emoji_text), &original, "emoji as text");

    // Straight quotes instead of curly ones: enums, constants and defaults stay.
    let straight = page.replace(['“', '”'], "&quot;");
    assert_ne!(straight, page);
    assert_same(
        &without_descriptions(scrape_text(&straight)),
        &without_descriptions(original.clone()),
        "straight quotes",
    );

    // Prose unions in the type column: "A, B, C or D" for "A or B or C or D".
    let prose_union = page.replace(
        "</a> or <a href=\"#replykeyboardremove\">ReplyKeyboardRemove</a> or ",
        "</a>, <a href=\"#replykeyboardremove\">ReplyKeyboardRemove</a> or ",
    );
    assert_ne!(prose_union, page);
    assert_same(&scrape_text(&prose_union), &original, "prose union");
}

/// Fails with the first lines where the two specs' YAML differ.
fn assert_same(changed: &codegen::spec::Spec, original: &codegen::spec::Spec, what: &str) {
    let yaml = |spec| codegen::spec::yaml::to_yaml(spec).expect("a spec serialises");
    let (changed, original) = (yaml(changed), yaml(original));
    let differences: Vec<String> = changed
        .lines()
        .zip(original.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(10)
        .map(|(i, (a, b))| format!("line {}: `{a}` instead of `{b}`", i + 1))
        .collect();
    assert!(
        differences.is_empty() && changed.lines().count() == original.lines().count(),
        "{what}: the spec changed:\n{}",
        differences.join("\n")
    );
}

/// `<img class="emoji" … alt="🎲" />` → `🎲`.
fn replace_emoji_images(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find("<img class=\"emoji\"") {
        out.push_str(&rest[..start]);
        let tag_end = start + rest[start..].find('>').expect("an img tag ends") + 1;
        let tag = &rest[start..tag_end];
        let alt = tag
            .split("alt=\"")
            .nth(1)
            .and_then(|a| a.split('"').next())
            .expect("an emoji image has an alt text");
        out.push_str(alt);
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// The list stays honest: a finding it lacks and an entry that no longer occurs are
/// both reported; a matching entry explains its finding only in the versions it names.
#[test]
fn the_list_catches_unlisted_and_stale_entries() {
    let mut ledger = Ledger::parse(
        r#"
- versions: ["9.2", "8.3"]
  check: returns
  item: getFoo
  ours: Foo
  oracle: Boolean
  cause: oracle
  reason: the page says "Returns a Foo object"
"#,
    )
    .unwrap();
    let finding = |item: &str, ours: &str| Finding {
        check: Check::Returns,
        item: item.into(),
        member: None,
        ours: ours.into(),
        oracle: "Boolean".into(),
    };
    assert_eq!(
        ledger.record("9.2", &finding("getFoo", "Foo")),
        Some(Cause::Oracle)
    );
    // Same item, other value, or a version the entry does not name: unlisted.
    assert_eq!(ledger.record("9.2", &finding("getFoo", "Bar")), None);
    assert_eq!(ledger.record("10.2", &finding("getFoo", "Foo")), None);
    assert_eq!(ledger.unlisted.len(), 2);
    assert!(
        ledger.unlisted[0].contains("ours: \"Bar\""),
        "{}",
        ledger.unlisted[0]
    );
    // 8.3 was listed but never found.
    assert_eq!(ledger.stale().len(), 1);
    assert!(
        ledger.stale()[0].starts_with("8.3 Returns getFoo"),
        "{:?}",
        ledger.stale()
    );

    assert!(Ledger::parse("- {versions: [\"1\"], check: type, item: X, ours: a, oracle: b, cause: limit, reason: \"?\"}").is_err());
}
