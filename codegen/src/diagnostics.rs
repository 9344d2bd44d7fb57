//! Problems found while reading a page or checking a spec, collected rather than
//! thrown, so one run reports all of them. Each names the file, the section (the item
//! or heading it concerns) and what was expected.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The output would be wrong or incomplete; the run fails and writes nothing.
    Error,
    /// Worth a look; the output is still written.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file being read (a page or a spec).
    pub file: String,
    /// The heading or item the problem is in ("sendMessage", "Available types").
    pub section: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.section.is_empty() {
            write!(f, "{level}: {}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{level}: {}: [{}] {}",
                self.file, self.section, self.message
            )
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
        self.push(Severity::Error, section.into(), message.into());
    }

    pub fn warning(&mut self, section: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, section.into(), message.into());
    }

    fn push(&mut self, severity: Severity, section: String, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            section,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
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
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}
