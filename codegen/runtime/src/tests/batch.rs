use serde::Deserialize;
use serde_json::json;

use crate::batch::{Batch, Identified};

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
struct Update {
    update_id: i64,
    text: String,
}

impl Identified for Update {
    const ID_FIELD: &'static str = "update_id";
}

#[test]
fn an_element_that_does_not_read_keeps_its_id_and_json() {
    let text = r#"[{"update_id":1,"text":"a"},{"update_id":2,"text":5},{"text":7}]"#;
    let batch: Batch<Update> = serde_json::from_str(text).unwrap();
    assert_eq!(batch.len(), 3);
    let ok: Vec<_> = batch.successes().map(|u| u.update_id).collect();
    assert_eq!(ok, [1]);
    let errors: Vec<_> = batch.errors().collect();
    assert_eq!(errors[0].id, Some(2));
    assert_eq!(errors[0].id_field, "update_id");
    assert_eq!(errors[0].value, json!({"update_id": 2, "text": 5}));
    assert!(
        errors[0].message.contains("invalid type"),
        "{}",
        errors[0].message
    );
    assert!(errors[0]
        .to_string()
        .starts_with("the element with update_id 2 does not read: "));
    assert_eq!(errors[1].id, None);
    assert!(errors[1]
        .to_string()
        .starts_with("an element without an integer update_id does not read: "));
}

#[test]
fn a_batch_writes_back_what_it_read() {
    let text = r#"[{"update_id":1,"text":"a"},{"update_id":"x"}]"#;
    let batch: Batch<Update> = serde_json::from_str(text).unwrap();
    let written = serde_json::to_value(&batch).unwrap();
    assert_eq!(
        written,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
    let items: Vec<_> = batch.clone().into_iter().map(|item| item.is_ok()).collect();
    assert_eq!(items, [true, false]);
    assert_eq!((&batch).into_iter().count(), 2);
    assert_eq!(batch.into_items().len(), 2);
}

#[test]
fn a_list_that_is_not_an_array_fails_as_a_whole() {
    assert!(serde_json::from_str::<Batch<Update>>("{}").is_err());
    assert!(Batch::<Update>::default().is_empty());
    let from: Batch<Update> = vec![Ok(Update {
        update_id: 1,
        text: String::new(),
    })]
    .into();
    assert_eq!(from.successes().count(), 1);
}
