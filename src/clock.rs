//! Clock times as transcripts and URLs write them.
//!
//! In: `1:02:03`, `12:34`, `00:01.500`, `00:00:01,500`, `754`, `754.5`.
//! Out: milliseconds, or `None` for anything else (never a panic, never an
//! overflow: absurd values are rejected).

use crate::transcript::Millis;

/// Longest time accepted: 1000 hours (beyond any episode, within `u32` ms).
const MAX_MS: u64 = 1000 * 3600 * 1000;

/// Parses `[[h:]m:]s[.fff|,fff]` into milliseconds.
///
/// Minutes and seconds after the first field must be below 60; fractions
/// take up to three digits (`.5` is 500 ms).
pub fn parse_clock(text: &str) -> Option<Millis> {
    let text = text.trim();
    let (whole, fraction) = match text.find(['.', ',']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let fields: Vec<&str> = whole.split(':').collect();
    if fields.is_empty() || fields.len() > 3 {
        return None;
    }
    let mut seconds: u64 = 0;
    for (i, field) in fields.iter().enumerate() {
        if field.is_empty() || field.len() > 7 || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u64 = field.parse().ok()?;
        if i > 0 && (value >= 60 || field.len() != 2) {
            return None;
        }
        seconds = seconds * 60 + value;
    }
    let mut ms = seconds.checked_mul(1000)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let padded = format!("{fraction:0<3}");
        ms += padded.parse::<u64>().ok()?;
    }
    (ms <= MAX_MS).then_some(ms as Millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_forms() {
        assert_eq!(parse_clock("754"), Some(754_000));
        assert_eq!(parse_clock("12:34"), Some(754_000));
        assert_eq!(parse_clock("1:02:03"), Some(3_723_000));
        assert_eq!(parse_clock("00:01.500"), Some(1_500));
        assert_eq!(parse_clock("00:00:01,5"), Some(1_500));
        assert_eq!(parse_clock("100:00:00.000"), Some(360_000_000));
    }

    #[test]
    fn rejects_everything_else() {
        for bad in ["", ":", "1:", "1:2", "1:60", "a", "-1", "1.2.3", "1.", "1.1234", "1:00:00:00", "99999999999"] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
    }
}
