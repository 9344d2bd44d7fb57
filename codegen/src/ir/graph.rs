//! Facts decided from the type graph: which references must be boxed (those on a cycle
//! of by-value containment) and which items can carry files to upload.

use std::collections::{BTreeMap, BTreeSet};

/// A directed graph of items by name. `by_value` edges are direct containment (a field
/// of type `T` or `Option<T>`, a variant holding `T`); `indirect` edges go through a
/// `Vec` and never need a box.
#[derive(Debug, Default)]
pub struct TypeGraph {
    by_value: BTreeMap<String, BTreeSet<String>>,
    all: BTreeMap<String, BTreeSet<String>>,
}

impl TypeGraph {
    pub fn add_node(&mut self, node: &str) {
        self.by_value.entry(node.to_owned()).or_default();
        self.all.entry(node.to_owned()).or_default();
    }

    pub fn add_edge(&mut self, from: &str, to: &str, by_value: bool) {
        self.add_node(from);
        self.add_node(to);
        if by_value {
            self.by_value
                .entry(from.to_owned())
                .or_default()
                .insert(to.to_owned());
        }
        self.all
            .entry(from.to_owned())
            .or_default()
            .insert(to.to_owned());
    }

    /// By-value edges that lie on a cycle (both ends in one strongly connected
    /// component, self-loops included): boxing exactly these gives every type a finite
    /// size, and boxes nothing else.
    pub fn cyclic_edges(&self) -> BTreeSet<(String, String)> {
        let component = strongly_connected(&self.by_value);
        let mut out = BTreeSet::new();
        for (from, targets) in &self.by_value {
            for to in targets {
                if component.get(from) == component.get(to) {
                    out.insert((from.clone(), to.clone()));
                }
            }
        }
        out
    }

    /// The nodes from which one of `seeds` can be reached (seeds included), along any
    /// edge.
    pub fn reaching(&self, seeds: &BTreeSet<String>) -> BTreeSet<String> {
        let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, targets) in &self.all {
            for to in targets {
                reverse.entry(to.as_str()).or_default().push(from.as_str());
            }
        }
        let mut found: BTreeSet<String> = seeds.clone();
        let mut stack: Vec<&str> = seeds.iter().map(String::as_str).collect();
        while let Some(node) = stack.pop() {
            for &from in reverse.get(node).map(Vec::as_slice).unwrap_or_default() {
                if found.insert(from.to_owned()) {
                    stack.push(from);
                }
            }
        }
        found
    }
}

/// Tarjan's algorithm, iterative (no recursion depth limit): node → component index.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, usize> {
    let nodes: Vec<&str> = edges.keys().map(String::as_str).collect();
    let index_of: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let successors: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            edges[*n]
                .iter()
                .filter_map(|t| index_of.get(t.as_str()).copied())
                .collect()
        })
        .collect();
    let count = nodes.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; count];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its successor list)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((node, position)) = work.last().copied() {
            if let Some(&next) = successors[node].get(position) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[next] == usize::MAX {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((*n).to_owned(), component[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(edges: &BTreeSet<(String, String)>) -> Vec<(&str, &str)> {
        edges
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    #[test]
    fn boxes_only_edges_on_cycles() {
        let mut graph = TypeGraph::default();
        graph.add_edge("Message", "Message", true); // reply_to_message
        graph.add_edge("Message", "Maybe", true);
        graph.add_edge("Maybe", "Message", true);
        graph.add_edge("Maybe", "Inaccessible", true);
        graph.add_edge("Update", "Message", true);
        graph.add_edge("Message", "PhotoSize", false); // Vec: never boxed
        graph.add_edge("Chain", "Chain", false);
        assert_eq!(
            pairs(&graph.cyclic_edges()),
            [
                ("Maybe", "Message"),
                ("Message", "Maybe"),
                ("Message", "Message")
            ]
        );
    }

    #[test]
    fn finds_every_item_that_reaches_a_file() {
        let mut graph = TypeGraph::default();
        graph.add_edge("InputMedia", "InputMediaPhoto", true);
        graph.add_edge("Group", "InputMedia", false);
        graph.add_edge("Other", "User", true);
        let seeds = BTreeSet::from(["InputMediaPhoto".to_owned()]);
        let found = graph.reaching(&seeds);
        assert_eq!(
            found.iter().map(String::as_str).collect::<Vec<_>>(),
            ["Group", "InputMedia", "InputMediaPhoto"]
        );
    }
}
