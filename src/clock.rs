//! Clock times as transcripts and URLs write them.
//!
//! In: `1:02:03`, `12:34`, `00:01.500`, `00:00:01,500`, `754`, `754.5`.
//! Out: milliseconds, or `None` for anything else (never a panic, never an
//! overflow: absurd values are rejected). And back: milliseconds as the
//! `hh:mm:ss,mmm` a parser's message quotes ([`format_precise`]).

use crate::transcript::Millis;

/// Longest time accepted: 1000 hours (beyond any episode, within `u32` ms).
const MAX_MS: u64 = 1000 * 3600 * 1000;

/// Longest text that can be a clock: three fields of at most 7 digits, two
/// colons, a separator and three fraction digits.
const MAX_CLOCK_LEN: usize = 3 * 7 + 2 + 1 + 3;

/// Parses `[[h:]m:]s[.fff|,fff]` into milliseconds.
///
/// Minutes and seconds after the first field must be below 60; fractions
/// take up to three digits (`.5` is 500 ms). Any field's digits are
/// limited, and the arithmetic is checked, so no text overflows.
pub fn parse_clock(text: &str) -> Option<Millis> {
    let text = text.trim();
    // Longer text cannot be a clock, and is not split to find that out.
    if text.len() > MAX_CLOCK_LEN {
        return None;
    }
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
        seconds = seconds.checked_mul(60)?.checked_add(value)?;
    }
    let mut ms = seconds.checked_mul(1000)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let padded = format!("{fraction:0<3}");
        ms = ms.checked_add(padded.parse::<u64>().ok()?)?;
    }
    (ms <= MAX_MS).then_some(ms as Millis)
}

/// `hh:mm:ss<separator>mmm`, as messages quote a time: `,` for SRT, `.` for
/// WebVTT. Hours take as many digits as they need.
pub fn format_precise(ms: Millis, separator: char) -> String {
    let (h, m, s, t) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{t:03}")
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

    #[test]
    fn absurd_hours_are_rejected_without_overflow() {
        for absurd in ["5124095576030:00:00,000", "9999999:59:59,999", "18446744073709551616", "1001:00:00"] {
            assert_eq!(parse_clock(absurd), None, "{absurd:?}");
        }
        assert_eq!(parse_clock(&"9".repeat(1_000_000)), None);
        assert_eq!(parse_clock("1000:00:00"), Some(3_600_000_000));
    }

    #[test]
    fn formats_precise_times_with_the_given_separator() {
        assert_eq!(format_precise(0, ','), "00:00:00,000");
        assert_eq!(format_precise(3_723_004, ','), "01:02:03,004");
        assert_eq!(format_precise(62_500, '.'), "00:01:02.500");
        assert_eq!(format_precise(Millis::MAX, '.'), "1193:02:47.295");
    }
}
