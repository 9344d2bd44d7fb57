//! The comparison of secrets every webhook check uses.

/// Compares two byte strings in time that does not depend on where they differ (only
/// on their length), so that an attacker cannot guess a secret byte by byte.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}
