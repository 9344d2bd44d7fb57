//! Boxing: references on a cycle are boxed (`Node.owner`, `Node.parent`, `Owner.root`),
//! a list breaks a cycle without a box (`Node.children`), and a reference off the cycle
//! is held inline (`Leaf.node`); deep trees read and write back unchanged.

use golden_boxing::types::{Leaf, Node, Owner};
use serde_json::{json, Value};

#[test]
fn only_references_on_a_cycle_are_boxed() {
    let node = Node::new(Vec::new(), Owner::new("me")).parent(Node::new(
        Vec::new(),
        Owner::new("parent's").root(Node::new(Vec::new(), Owner::new("root's"))),
    ));
    // The types say what was decided: these assignments compile only as generated.
    let owner: Box<Owner> = node.owner.clone();
    let parent: Option<Box<Node>> = node.parent.clone();
    let children: Vec<Node> = node.children.clone();
    let leaf = Leaf::new(node.clone());
    let inline: Node = leaf.node.clone();
    assert_eq!(owner.name, "me");
    assert_eq!(parent.unwrap().owner.root.unwrap().owner.name, "root's");
    assert!(children.is_empty());
    assert_eq!(inline, node);
    // A node holds boxes and a list, not a recursive value: its size stays small.
    assert!(
        std::mem::size_of::<Node>() <= 128,
        "{}",
        std::mem::size_of::<Node>()
    );
}

/// A chain of `depth` parents, each with a child, as the API would send it.
fn chain(depth: usize) -> Value {
    let mut node = json!({"children": [], "owner": {"name": "last"}});
    for level in 0..depth {
        node = json!({
            "parent": node,
            "children": [{"children": [], "owner": {"name": format!("child {level}")}}],
            "owner": {"name": format!("owner {level}"), "root": {"children": [], "owner": {"name": "r"}}},
        });
    }
    node
}

#[test]
fn a_deep_tree_reads_and_writes_back_unchanged() {
    let payload = chain(60);
    let node: Node = serde_json::from_value(payload.clone()).unwrap();
    let mut depth = 0;
    let mut at = &node;
    while let Some(parent) = &at.parent {
        depth += 1;
        at = parent;
    }
    assert_eq!(depth, 60);
    assert_eq!(node.children[0].owner.name, "child 59");
    assert_eq!(serde_json::to_value(&node).unwrap(), payload);
}
