use crate::de::Vacant;
use crate::tdjson_values::{Bytes, Int64};

#[test]
fn int64_writes_a_string_and_reads_a_string_or_a_number() {
    assert_eq!(
        serde_json::to_string(&Int64(-1001234)).unwrap(),
        r#""-1001234""#
    );
    let max = i64::MAX;
    assert_eq!(
        serde_json::from_str::<Int64>(&format!("\"{max}\"")).unwrap(),
        Int64(max)
    );
    assert_eq!(
        serde_json::from_str::<Int64>(r#"" 12 ""#).unwrap(),
        Int64(12)
    );
    assert_eq!(serde_json::from_str::<Int64>("-5").unwrap(), Int64(-5));
    assert!(serde_json::from_str::<Int64>("18446744073709551615").is_err());
    assert!(serde_json::from_str::<Int64>(r#""twelve""#).is_err());
    assert_eq!(Int64::vacant(), Int64(0));
    assert_eq!(i64::from(Int64::from(3)), 3);
    assert_eq!(Int64(7).to_string(), "7");
}

#[test]
fn bytes_are_standard_base64_with_padding() {
    // RFC 4648, section 10.
    let vectors = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];
    for (plain, encoded) in vectors {
        let bytes = Bytes::from(plain.as_bytes());
        assert_eq!(serde_json::to_value(&bytes).unwrap(), encoded);
        let read: Bytes = serde_json::from_value(encoded.into()).unwrap();
        assert_eq!(&*read, plain.as_bytes());
        let unpadded: Bytes = serde_json::from_value(encoded.trim_end_matches('=').into()).unwrap();
        assert_eq!(unpadded, bytes);
    }
    let all: Vec<u8> = (0..=255).collect();
    let text = serde_json::to_string(&Bytes(all.clone())).unwrap();
    assert_eq!(serde_json::from_str::<Bytes>(&text).unwrap().0, all);
    let error = serde_json::from_str::<Bytes>(r#""a*b""#).unwrap_err();
    assert!(error.to_string().contains("`*` is not base64"), "{error}");
    assert_eq!(Bytes::vacant(), Bytes::default());
}
