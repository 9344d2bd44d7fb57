//! Where each element of an HTML page starts, recorded while the DOM is built.
//!
//! scraper's DOM keeps no positions. The parser under it (html5ever) tells its tree
//! sink the line of every token it processes; [`PositionSink`] wraps scraper's own
//! sink, passes every call through, and notes the line of each element it creates.
//! The column of tables, rows, cells and headings is found on that line: the next
//! `<name` from where the last one of the line was found (a bounded search, so a page
//! on one line stays linear; elements the parser adds without a tag, such as `tbody`,
//! have none, and other elements have a line only).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

use crate::diagnostics::Location;

type Handle = <HtmlTreeSink as TreeSink>::Handle;

/// How far past the last element a tag is looked for on its line.
const WINDOW: usize = 4096;

/// The start of each element of a parsed document.
#[derive(Debug, Default)]
pub struct Positions {
    /// By node, in the order the nodes were created, which is the order of their ids.
    starts: Vec<(Handle, u32, u32)>,
}

impl Positions {
    /// Where the element `id` starts, when it came from a tag of the page.
    pub fn of(&self, id: Handle) -> Option<Location> {
        let at = self.starts.binary_search_by(|(h, ..)| h.cmp(&id)).ok()?;
        let (_, line, column) = self.starts[at];
        Location::at(line as usize, column as usize)
    }
}

/// Parses a page as [`Html::parse_document`] does, with the start of each element.
pub fn parse(source: &str) -> (Html, Positions) {
    let sink = PositionSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        source,
        line: Cell::new(1),
        line_start: Cell::new(0),
        cursor: Cell::new(0),
        starts: RefCell::new(Vec::new()),
    };
    html5ever::parse_document(sink, Default::default()).one(source)
}

struct PositionSink<'s> {
    inner: HtmlTreeSink,
    source: &'s str,
    /// The line of the token being processed, and the byte offset of its start.
    line: Cell<u64>,
    line_start: Cell<usize>,
    /// Where the next tag on the line is looked for.
    cursor: Cell<usize>,
    starts: RefCell<Vec<(Handle, u32, u32)>>,
}

impl PositionSink<'_> {
    /// The column of the next `<name` tag on the current line, moving past it.
    fn column_of(&self, name: &str) -> u32 {
        let bytes = self.source.as_bytes();
        let from = self.cursor.get().max(self.line_start.get());
        let end = (from + WINDOW).min(bytes.len());
        let line_end = memchr::memchr(b'\n', &bytes[from..end]).map_or(end, |at| from + at);
        let window = &bytes[from..line_end];
        for at in memchr::memchr_iter(b'<', window) {
            let tag = &window[at + 1..];
            let matches = tag.len() > name.len()
                && tag[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && !tag[name.len()].is_ascii_alphanumeric();
            if matches {
                self.cursor.set(from + at + 1 + name.len());
                let text = &self.source[self.line_start.get()..from + at];
                return text.chars().count() as u32 + 1;
            }
        }
        0
    }
}

impl TreeSink for PositionSink<'_> {
    type Handle = Handle;
    type Output = (Html, Positions);
    type ElemName<'a>
        = <HtmlTreeSink as TreeSink>::ElemName<'a>
    where
        Self: 'a;

    fn finish(self) -> Self::Output {
        let starts = self.starts.into_inner();
        (self.inner.finish(), Positions { starts })
    }

    fn set_current_line(&self, line: u64) {
        let current = self.line.get();
        if line > current {
            // Lines only move forward: count the newlines from the last line's start.
            let bytes = self.source.as_bytes();
            let mut start = self.line_start.get();
            for _ in current..line {
                match memchr::memchr(b'\n', &bytes[start..]) {
                    Some(at) => start += at + 1,
                    None => break,
                }
            }
            self.line_start.set(start);
            self.line.set(line);
        }
        self.inner.set_current_line(line);
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Self::Handle {
        // Columns are for the elements diagnostics point at; finding one for every
        // element cost 5 % of a scrape. (Tags of other names do not move the search.)
        let located = matches!(
            name.local,
            local_name!("table")
                | local_name!("tr")
                | local_name!("td")
                | local_name!("th")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
        );
        let column = if located {
            self.column_of(&name.local)
        } else {
            0
        };
        let line = u32::try_from(self.line.get()).unwrap_or(u32::MAX);
        let handle = self.inner.create_element(name, attrs, flags);
        self.starts.borrow_mut().push((handle, line, column));
        handle
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> Self::Handle {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Self::Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_comment(&self, text: StrTendril) -> Self::Handle {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Self::Handle {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &Self::Handle, child: NodeOrText<Self::Handle>) {
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Self::Handle,
        prev_element: &Self::Handle,
        child: NodeOrText<Self::Handle>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &Self::Handle) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &Self::Handle) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &Self::Handle) -> Self::Handle {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &Self::Handle, y: &Self::Handle) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Self::Handle, new_node: NodeOrText<Self::Handle>) {
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Self::Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(
        &self,
        target: &Self::Handle,
        form: &Self::Handle,
        nodes: (&Self::Handle, Option<&Self::Handle>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &Self::Handle) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &Self::Handle, new_parent: &Self::Handle) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Self::Handle) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &Self::Handle) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &Self::Handle,
        template: &Self::Handle,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &Self::Handle) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_know_their_line_and_column() {
        let source = "<html><body>\n<table>\n  <tr><td>a</td><td>b</td></tr>\n\
                      <tr>\n<td>é</td> <td>c</td></tr></table></body></html>";
        let (html, positions) = parse(source);
        let at = |css: &str| -> Vec<String> {
            let selector = scraper::Selector::parse(css).unwrap();
            (html.select(&selector))
                .map(|e| positions.of(e.id()).map_or("-".into(), |l| l.to_string()))
                .collect()
        };
        assert_eq!(at("table"), ["2:1"]);
        assert_eq!(at("tr"), ["3:3", "4:1"]);
        // Columns count characters; the second cell of a line is found after the first.
        assert_eq!(at("td"), ["3:7", "3:17", "5:1", "5:12"]);
        // The parser adds a `tbody` that the page has no tag for: its line, no column.
        assert_eq!(at("tbody"), ["3"]);
    }
}
