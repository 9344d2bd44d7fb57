//! Problems found while reading a page or checking a spec, collected rather than
//! thrown, so one run reports all of them. Each names the file, the section (the item
//! or heading it concerns) and what was expected.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The output would be wrong or incomplete; the run fails and writes nothing.
    Error,
    /// Worth a look; the output is still written.
    Warning,
}

/// Where a problem is in its file: a 1-based line, and a 1-based column when the
/// front-end knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub column: Option<usize>,
}

impl Location {
    /// A line, `None` for 0 (unknown, as the raw model writes it).
    pub fn line(line: usize) -> Option<Location> {
        (line > 0).then_some(Location { line, column: None })
    }

    /// A line and column; `None` for line 0, no column for column 0.
    pub fn at(line: usize, column: usize) -> Option<Location> {
        (line > 0).then_some(Location {
            line,
            column: (column > 0).then_some(column),
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "{}:{column}", self.line),
            None => write!(f, "{}", self.line),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file being read (a page or a spec).
    pub file: String,
    /// The heading or item the problem is in ("sendMessage", "Available types").
    pub section: String,
    pub message: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What this problem follows from, when it is one of several with one cause
    /// ("`Message` being undefined"): printed once, with a count of the others.
    pub cause: Option<String>,
    /// The override entry that answers this warning, if one does: a maintainer has
    /// seen it, so it is only shown on request.
    pub answered_by: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for [`Diagnostics::add`], which fills in the file.
    pub fn new(severity: Severity, section: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: String::new(),
            section: section.into(),
            message: message.into(),
            location: None,
            cause: None,
            answered_by: None,
        }
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn caused_by(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some(location) = self.location {
            write!(f, ":{location}")?;
        }
        if self.section.is_empty() {
            write!(f, ": {}", self.message)
        } else {
            write!(f, ": [{}] {}", self.section, self.message)
        }
    }
}

/// A collection of diagnostics for one file.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn error(&mut self, section: impl Into<String>, message: impl Into<String>) {
        self.add(Diagnostic::new(Severity::Error, section, message));
    }

    pub fn warning(&mut self, section: impl Into<String>, message: impl Into<String>) {
        self.add(Diagnostic::new(Severity::Warning, section, message));
    }

    /// An error at a place in the file (`None`: not known).
    pub fn error_at(
        &mut self,
        location: Option<Location>,
        section: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.add(Diagnostic::new(Severity::Error, section, message).at(location));
    }

    /// A warning at a place in the file (`None`: not known).
    pub fn warning_at(
        &mut self,
        location: Option<Location>,
        section: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.add(Diagnostic::new(Severity::Warning, section, message).at(location));
    }

    /// Adds a diagnostic built with [`Diagnostic::new`], as a problem of this file.
    pub fn add(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.file.clone_from(&self.file);
        self.items.push(diagnostic);
    }

    /// How many diagnostics there are: a mark for [`Diagnostics::locate_since`].
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Gives the diagnostics added since `mark` that have no place `location`: for
    /// problems a callee reports about what the caller knows the place of.
    pub fn locate_since(&mut self, mark: usize, location: Option<Location>) {
        for item in self.items.iter_mut().skip(mark) {
            item.location = item.location.or(location);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The diagnostics, to mark some of them (as answered, or with a place).
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics as a person reads them (see [`Report`]).
    pub fn report(&self, options: Report) -> String {
        let mut out = String::new();
        let mut shown = 0;
        // Diagnostics after the first of their cause: counted under it.
        let mut per_cause: BTreeMap<&str, usize> = BTreeMap::new();
        for item in &self.items {
            if let Some(cause) = &item.cause {
                *per_cause.entry(cause.as_str()).or_default() += 1;
            }
        }
        let mut cause_shown: BTreeSet<&str> = BTreeSet::new();
        let (mut answered, mut hidden_errors, mut hidden_warnings) = (0, 0, 0);
        for item in &self.items {
            if item.answered_by.is_some() && !options.verbose {
                answered += 1;
                continue;
            }
            let cause = item.cause.as_deref();
            let first_of_cause = cause.is_none_or(|c| cause_shown.insert(c));
            if !first_of_cause && !options.verbose {
                continue;
            }
            if options.limit.is_some_and(|limit| shown >= limit) {
                match item.severity {
                    Severity::Error => hidden_errors += 1,
                    Severity::Warning => hidden_warnings += 1,
                }
                continue;
            }
            shown += 1;
            let _ = writeln!(out, "{item}");
            if let Some(answer) = item.answered_by.as_deref() {
                let _ = writeln!(out, "  (answered by {answer})");
            }
            match cause.map(|c| (c, per_cause[c] - 1)) {
                Some((cause, more)) if more > 0 && !options.verbose => {
                    let kind = match item.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    let _ = writeln!(
                        out,
                        "  … and {more} more {kind}{} caused by {cause} (--verbose lists them)",
                        if more == 1 { "" } else { "s" }
                    );
                }
                _ => {}
            }
        }
        if hidden_errors + hidden_warnings > 0 {
            let _ = writeln!(
                out,
                "… and {hidden_errors} more error(s) and {hidden_warnings} more warning(s) in {}, not shown (--verbose shows all)",
                self.file
            );
        }
        if answered > 0 {
            let _ = writeln!(
                out,
                "{answered} warning(s) of {} answered by override entries, not shown (--verbose shows them)",
                self.file
            );
        }
        out
    }
}

/// How [`Diagnostics::report`] prints: by default each cause once, warnings that an
/// override answers left out, and at most [`Report::LIMIT`] diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Report {
    /// Everything: answered warnings, every diagnostic of a cause, no limit.
    pub verbose: bool,
    /// At most this many diagnostics, then a count of the rest.
    pub limit: Option<usize>,
}

impl Report {
    pub const LIMIT: usize = 50;

    pub fn new(verbose: bool) -> Report {
        Report {
            verbose,
            limit: (!verbose).then_some(Report::LIMIT),
        }
    }
}

impl Default for Report {
    fn default() -> Self {
        Report::new(false)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn places_are_printed_after_the_file() {
        let mut diags = Diagnostics::new("page.html");
        diags.error_at(Location::at(12, 3), "User", "row has 2 cells");
        diags.warning_at(Location::line(40), "", "odd");
        diags.error("Chat", "no place");
        assert_eq!(
            lines(&diags.to_string()),
            [
                "error: page.html:12:3: [User] row has 2 cells",
                "warning: page.html:40: odd",
                "error: page.html: [Chat] no place",
            ]
        );
        assert_eq!(Location::line(0), None);
        assert_eq!(Location::at(5, 0).unwrap().column, None);
    }

    #[test]
    fn a_cause_is_printed_once_with_a_count_of_the_rest() {
        let mut diags = Diagnostics::new("p");
        for item in ["A", "B", "C"] {
            diags.add(
                Diagnostic::new(Severity::Error, item, "refers to `X`")
                    .caused_by("`X` being undefined"),
            );
        }
        diags.error("D", "alone");
        assert_eq!(
            lines(&diags.report(Report::default())),
            [
                "error: p: [A] refers to `X`",
                "  … and 2 more errors caused by `X` being undefined (--verbose lists them)",
                "error: p: [D] alone",
            ]
        );
        assert_eq!(diags.report(Report::new(true)), diags.to_string());
    }

    #[test]
    fn answered_warnings_are_counted_and_shown_when_verbose() {
        let mut diags = Diagnostics::new("p");
        diags.warning("A", "seen before");
        diags.warning("B", "new");
        diags.items_mut()[0].answered_by = Some("entry 3 (type A) of x.yaml".into());
        assert_eq!(
            lines(&diags.report(Report::default())),
            [
                "warning: p: [B] new",
                "1 warning(s) of p answered by override entries, not shown (--verbose shows them)",
            ]
        );
        assert_eq!(
            lines(&diags.report(Report::new(true))),
            [
                "warning: p: [A] seen before",
                "  (answered by entry 3 (type A) of x.yaml)",
                "warning: p: [B] new",
            ]
        );
    }

    #[test]
    fn the_report_stops_at_its_limit() {
        let mut diags = Diagnostics::new("p");
        for n in 0..7 {
            diags.error(format!("E{n}"), "bad");
        }
        diags.warning("W", "odd");
        let report = diags.report(Report {
            verbose: false,
            limit: Some(5),
        });
        let lines = lines(&report);
        assert_eq!(lines.len(), 6, "{report}");
        assert_eq!(lines[4], "error: p: [E4] bad");
        assert_eq!(
            lines[5],
            "… and 2 more error(s) and 1 more warning(s) in p, not shown (--verbose shows all)"
        );
    }
}
