//! Objects: `new` fills the constant and always-true fields, optional fields are left
//! out when unset, fields the spec does not define are kept and written back, and a
//! keyword-named field keeps its wire name.

use golden_structs::types::{Map, Nothing, Point};
use serde_json::json;

#[test]
fn new_fills_constants_and_leaves_optional_fields_out() {
    let map = Map::new("city", vec![Point::new(1.0, 2.5)]);
    assert_eq!(
        serde_json::to_value(&map).unwrap(),
        json!({
            "type": "city",
            "points": [{"x": 1.0, "y": 2.5}],
            "always_on": true,
            "version": "v1",
        })
    );
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let payload = json!({"x": 0.5, "y": 1.0, "label": "here", "altitude": 12});
    let point: Point = serde_json::from_value(payload.clone()).unwrap();
    assert_eq!(point.label.as_deref(), Some("here"));
    assert_eq!(point.extra.get("altitude"), Some(&json!(12)));
    assert_eq!(serde_json::to_value(&point).unwrap(), payload);

    let nothing: Nothing = serde_json::from_value(json!({"later": [1]})).unwrap();
    assert_eq!(
        serde_json::to_value(&nothing).unwrap(),
        json!({"later": [1]})
    );
    assert_eq!(serde_json::to_value(Nothing::new()).unwrap(), json!({}));
}

#[test]
fn nested_lists_read_as_nested_vectors() {
    let map: Map = serde_json::from_value(json!({
        "type": "grid",
        "points": [],
        "always_on": true,
        "version": "v1",
        "grid": [[{"x": 0.0, "y": 0.0}], []],
        "is_public": true,
    }))
    .unwrap();
    assert_eq!(map.type_, "grid");
    let grid = map.grid.as_ref().unwrap();
    assert_eq!((grid.len(), grid[0].len(), grid[1].len()), (2, 1, 0));
    assert!(map.is_public.is_some());
}
