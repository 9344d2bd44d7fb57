//! Mutates the pinned pages with a fixed seed and scrapes each mutant as `cargo xtask
//! regen` does (with the API's overrides, against the committed spec). For every
//! mutant: no panic; and a mutant accepted (no errors) has only names of the page's
//! grammar, and a warning naming every type, method, field, parameter and enumeration
//! value it lost or invented against the clean page's spec.
//!
//! The damage a page shows by itself (cells of HTML and pipe tables deleted,
//! duplicated or swapped, nested tables) must be caught without the committed spec: for
//! those operators the mutant is also scraped alone, and held to the same rule.
//!
//! A longer run, by hand (a release build runs many more mutants a minute):
//!
//! ```sh
//! FUZZ_SEED=7 FUZZ_MUTANTS=2000 cargo test --release -p tests --test fuzz_pages -- --nocapture
//! ```
//!
//! `FUZZ_SURVEY=1` also counts, by operator, the mutants whose changes only the
//! committed spec names (what the page checks alone miss).
//!
//! The TDLib schema (a TL file, read by a parser rather than from tables and prose)
//! is not mutated here yet.
//!
//! `FUZZ_MUTANTS` is the number of mutants per page (default 20 for the Telegram page,
//! 80 for the smaller ones); a failure prints the seed, page, operator and
//! position to reproduce it.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use codegen::diagnostics::Diagnostics;
use codegen::pinned::{self, PinnedApi};
use codegen::scrape::dialect::Dialect;
use codegen::spec::{Field, Spec};
use regex::Regex;
use tests::workspace_root;

/// SplitMix64: a small, fixed, well-spread generator (the test must not depend on a
/// crate's generator changing between versions).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// One ASCII byte's bit flipped (staying ASCII: a page that is not UTF-8 fails to
    /// read before any scraping).
    ByteFlip,
    Truncate,
    DeleteRow,
    DuplicateRow,
    SwapRows,
    DeleteCell,
    DuplicateCell,
    /// The first and last cells of a row swapped (name and description).
    SwapNameAndDescription,
    /// A closing tag removed (HTML), a `|` removed (pipe tables).
    UnclosedTag,
    /// `<table><table>…</table></table>` at the end of a cell.
    NestedTable,
    DeleteLine,
    DuplicateLine,
}

impl Operator {
    const ALL: [Operator; 12] = [
        Operator::ByteFlip,
        Operator::Truncate,
        Operator::DeleteRow,
        Operator::DuplicateRow,
        Operator::SwapRows,
        Operator::DeleteCell,
        Operator::DuplicateCell,
        Operator::SwapNameAndDescription,
        Operator::UnclosedTag,
        Operator::NestedTable,
        Operator::DeleteLine,
        Operator::DuplicateLine,
    ];

    /// Damage the page shows by itself, without the committed spec to compare with:
    /// cells of HTML and pipe tables have bounds. (Potato's flattened rows do not: its
    /// "cells" here are words, and a row with two words swapped may be another row.)
    fn shows_on_the_page(self, dialect: Dialect) -> bool {
        let cells = matches!(
            self,
            Operator::DeleteCell | Operator::DuplicateCell | Operator::SwapNameAndDescription
        );
        (cells && dialect != Dialect::POTATO_TEXT) || self == Operator::NestedTable
    }
}

/// Byte spans of a page's rows and cells, found once.
struct Page {
    api: &'static PinnedApi,
    name: String,
    source: String,
    rows: Vec<(usize, usize)>,
    /// Cells of each row, as spans.
    cells: Vec<Vec<(usize, usize)>>,
    /// Spans of closing tags (HTML) or `|` (pipe tables).
    closers: Vec<(usize, usize)>,
    lines: Vec<(usize, usize)>,
    clean: Spec,
}

impl Page {
    fn load(api: &'static PinnedApi) -> Page {
        let root = workspace_root();
        let name = api.page(&root).expect("a pinned page");
        let source = std::fs::read_to_string(root.join(&name)).expect("the page reads");
        let (scraped, diags) = api.scrape_for_regen(&root, &name, &source);
        assert!(!diags.has_errors(), "the clean page has errors:\n{diags}");
        let clean = scraped.expect("a spec").spec;
        let spans = |re: &str| -> Vec<(usize, usize)> {
            (Regex::new(re).unwrap().find_iter(&source))
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        let lines = spans(r"(?m)^.*\n");
        let (rows, cells, closers) = match api.dialect.name() {
            "telegram" => {
                let rows = spans(r"(?s)<tr>.*?</tr>");
                let cell = Regex::new(r"(?s)<td>.*?</td>").unwrap();
                let cells = (rows.iter())
                    .map(|&(start, end)| {
                        (cell.find_iter(&source[start..end]))
                            .map(|m| (start + m.start(), start + m.end()))
                            .collect()
                    })
                    .collect();
                (rows, cells, spans(r"</[a-z0-9]+>"))
            }
            "letgram" => {
                let rows = spans(r"(?m)^\|[^-\n].*\n");
                let cells = (rows.iter())
                    .map(|&(start, end)| {
                        // `| a | b |`: each cell with the bar before it.
                        let line = &source[start..end];
                        let bars: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
                        bars.windows(2)
                            .map(|w| (start + w[0], start + w[1]))
                            .collect()
                    })
                    .collect();
                (rows, cells, spans(r"\|"))
            }
            "potato" => {
                // Rows are lines; cells are words.
                let word = Regex::new(r"\S+ ").unwrap();
                let cells = (lines.iter())
                    .map(|&(start, end)| {
                        (word.find_iter(&source[start..end]))
                            .map(|m| (start + m.start(), start + m.end()))
                            .collect()
                    })
                    .collect();
                (lines.clone(), cells, Vec::new())
            }
            // Schemas are not mutated (see the module docs).
            other => unreachable!("no mutation of {other} pages"),
        };
        Page {
            api,
            name,
            source,
            rows,
            cells,
            closers,
            lines,
            clean,
        }
    }

    /// The page with `operator` applied at a place `rng` picks, and where.
    fn mutate(&self, operator: Operator, rng: &mut Rng) -> Option<(String, usize)> {
        let s = &self.source;
        let splice = |(start, end): (usize, usize), with: &str| {
            format!("{}{with}{}", &s[..start], &s[end..])
        };
        Some(match operator {
            Operator::ByteFlip => {
                let at = rng.below(s.len());
                let byte = s.as_bytes()[at];
                if !byte.is_ascii() {
                    return None;
                }
                let flipped = byte ^ (1 << rng.below(7));
                let mut bytes = s.as_bytes().to_vec();
                bytes[at] = flipped;
                (String::from_utf8(bytes).ok()?, at)
            }
            Operator::Truncate => {
                let at = rng.below(s.len());
                let at = (0..=at).rev().find(|&i| s.is_char_boundary(i))?;
                (s[..at].to_owned(), at)
            }
            Operator::DeleteRow => {
                let row = rng.pick(&self.rows)?;
                (splice(row, ""), row.0)
            }
            Operator::DuplicateRow => {
                let row = rng.pick(&self.rows)?;
                let text = &s[row.0..row.1];
                (splice(row, &format!("{text}{text}")), row.0)
            }
            Operator::SwapRows => {
                let index = rng.below(self.rows.len().saturating_sub(1));
                let (a, b) = (*self.rows.get(index)?, *self.rows.get(index + 1)?);
                let swapped = format!("{}{}{}", &s[b.0..b.1], &s[a.1..b.0], &s[a.0..a.1]);
                (splice((a.0, b.1), &swapped), a.0)
            }
            Operator::DeleteCell | Operator::DuplicateCell => {
                let index = rng.below(self.rows.len());
                let cell = rng.pick(self.cells.get(index)?)?;
                let text = &s[cell.0..cell.1];
                let with = if operator == Operator::DeleteCell {
                    String::new()
                } else {
                    format!("{text}{text}")
                };
                (splice(cell, &with), cell.0)
            }
            Operator::SwapNameAndDescription => {
                let index = rng.below(self.rows.len());
                let cells = self.cells.get(index)?;
                let (first, last) = (*cells.first()?, *cells.last()?);
                if first == last {
                    return None;
                }
                let swapped = format!(
                    "{}{}{}",
                    &s[last.0..last.1],
                    &s[first.1..last.0],
                    &s[first.0..first.1]
                );
                (splice((first.0, last.1), &swapped), first.0)
            }
            Operator::UnclosedTag => {
                let closer = rng.pick(&self.closers)?;
                (splice(closer, ""), closer.0)
            }
            Operator::NestedTable => {
                if self.api.dialect != Dialect::TELEGRAM_HTML {
                    return None;
                }
                let index = rng.below(self.rows.len());
                let cell = *self.cells.get(index)?.last()?;
                let at = cell.1 - "</td>".len();
                let nested = "<table><table><tr><td>x</td></tr></table></table>";
                (splice((at, at), nested), at)
            }
            Operator::DeleteLine => {
                let line = rng.pick(&self.lines)?;
                (splice(line, ""), line.0)
            }
            Operator::DuplicateLine => {
                let line = rng.pick(&self.lines)?;
                let text = &s[line.0..line.1];
                (splice(line, &format!("{text}{text}")), line.0)
            }
        })
    }
}

/// Every item of a spec: (owner, item), as `User`, `User.id`, `sendMessage.chat_id`.
fn items(spec: &Spec) -> BTreeSet<(String, String)> {
    let mut items = BTreeSet::new();
    let mut add = |owner: &str, fields: &[Field]| {
        items.insert((owner.to_owned(), owner.to_owned()));
        for field in fields {
            items.insert((owner.to_owned(), format!("{owner}.{}", field.name)));
        }
    };
    for ty in &spec.types {
        add(&ty.name, ty.fields());
    }
    for method in &spec.methods {
        add(&method.name, &method.params);
    }
    for ty in &spec.types {
        for value in ty.values() {
            items.insert((ty.name.clone(), format!("{}.{}", ty.name, value.name)));
        }
    }
    items
}

/// Whether a warning names the item: `Owner.member` in backquotes, or the member in
/// backquotes under the owner's section, or the owner itself when it is changed as a
/// whole.
fn named(diags: &Diagnostics, owner: &str, item: &str, whole: bool) -> bool {
    let member = item.split_once('.').map(|(_, m)| m);
    diags.warnings().any(|w| {
        w.message.contains(&format!("`{item}`"))
            || (w.section == owner && member.is_some_and(|m| w.message.contains(&format!("`{m}`"))))
            || (whole && w.message.contains(&format!("`{owner}`")))
    })
}

/// What is wrong with the outcome of one mutant, if anything.
fn judge(page: &Page, spec: Option<&Spec>, diags: &Diagnostics) -> Option<String> {
    if diags.has_errors() {
        // Rejected: regen writes nothing (xtask/tests check that).
        return None;
    }
    let Some(spec) = spec else {
        return Some("no errors and no spec".into());
    };
    let mut grammar = Diagnostics::new(&page.name);
    page.api.dialect.grammar().check(spec, None, &mut grammar);
    if grammar.has_errors() {
        return Some(format!(
            "accepted with names outside the grammar:\n{grammar}"
        ));
    }
    let (clean, read) = (items(&page.clean), items(spec));
    let mut unnamed = Vec::new();
    for (set, other, what) in [(&clean, &read, "lost"), (&read, &clean, "invented")] {
        for (owner, item) in set.difference(other) {
            let whole = !other.contains(&(owner.clone(), owner.clone()));
            if !named(diags, owner, item, whole) {
                unnamed.push(format!("{what} `{item}`"));
            }
        }
    }
    (!unnamed.is_empty()).then(|| {
        format!(
            "accepted, and no warning names: {}\nwarnings:\n{}",
            unnamed.join(", "),
            (diags.warnings())
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn mutants_of_the_pinned_pages_fail_or_name_what_they_lost() {
    let seed: u64 = std::env::var("FUZZ_SEED").map_or(12, |s| s.parse().expect("a number"));
    let mutants: Option<usize> = std::env::var("FUZZ_MUTANTS")
        .ok()
        .map(|s| s.parse().expect("a number"));
    let root = workspace_root();
    let mut failures = Vec::new();
    let mut tally = std::collections::BTreeMap::<(&str, &str), usize>::new();
    // With FUZZ_SURVEY=1, every mutant is also scraped without the committed spec, and
    // the mutants whose losses only the committed spec names are counted by operator.
    let survey = std::env::var("FUZZ_SURVEY").is_ok_and(|v| v == "1");
    let mut missed = std::collections::BTreeMap::<(&str, String), usize>::new();
    for api in pinned::PINNED
        .iter()
        .filter(|api| api.dialect.schema().is_none())
    {
        let page = Page::load(api);
        // The Telegram page is ~20 times the others': a debug-build scrape of it takes
        // about a second.
        let count = mutants.unwrap_or(if api.key == "telegram" { 20 } else { 80 });
        let mut rng = Rng(seed ^ (api.key.len() as u64) << 32 ^ api.key.as_bytes()[0] as u64);
        let mut made = 0;
        while made < count {
            let operator = rng.pick(&Operator::ALL).expect("operators");
            let Some((mutant, at)) = page.mutate(operator, &mut rng) else {
                continue;
            };
            made += 1;
            if mutant == page.source {
                continue;
            }
            let what = format!("seed {seed}, {}, {operator:?} at byte {at}", page.name);
            let run = |with_baseline: bool| {
                catch_unwind(AssertUnwindSafe(|| {
                    if with_baseline {
                        api.scrape_for_regen(&root, &page.name, &mutant)
                    } else {
                        api.scrape_source(&root, &page.name, &mutant)
                    }
                }))
            };
            let mut checks = vec![(true, run(true))];
            let page_alone = operator.shows_on_the_page(api.dialect);
            if page_alone || survey {
                checks.push((false, run(false)));
            }
            for (with_baseline, outcome) in checks {
                let Ok((scraped, diags)) = outcome else {
                    failures.push(format!("{what}: panicked"));
                    continue;
                };
                let spec = scraped.as_ref().map(|s| &s.spec);
                let verdict = match spec {
                    _ if diags.has_errors() => "rejected",
                    Some(spec) if items(spec) != items(&page.clean) => "accepted, items changed",
                    _ => "accepted, same items",
                };
                if with_baseline {
                    *tally.entry((api.key, verdict)).or_default() += 1;
                }
                match judge(&page, spec, &diags) {
                    // Measured only: damage the page cannot show by itself.
                    Some(_) if !with_baseline && !page_alone => {
                        *missed
                            .entry((api.key, format!("{operator:?}")))
                            .or_default() += 1;
                    }
                    Some(problem) => {
                        let how = if with_baseline { "" } else { " (page alone)" };
                        failures.push(format!("{what}{how}: {problem}"));
                    }
                    None => {}
                }
            }
        }
    }
    eprintln!("mutants by page and verdict: {tally:?}");
    if survey {
        eprintln!("accepted with unnamed changes without the committed spec: {missed:?}");
    }
    assert!(
        failures.is_empty(),
        "{} mutant(s) broke the rule:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
