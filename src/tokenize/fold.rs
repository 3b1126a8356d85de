//! Folding one character: compatibility decomposition, accents dropped,
//! lower case (NFKC for Chinese, Japanese and Korean), from a table that
//! `build.rs` generates with `unicode-normalization`.
//!
//! The table ships as a few kilobytes of varints (its layout is in
//! `build.rs`) and is unpacked once, on first use. It lists every
//! character whose folded form is not itself, lower case included, so
//! folding never reaches for the standard library's case tables (which
//! would add their own kilobytes to the widget's wasm).

use std::sync::OnceLock;

/// The packed table written by `build.rs`.
static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fold_table.bin"));

/// Consecutive characters folding to one character each.
struct Run {
    /// The first character.
    start: u32,
    /// How many characters.
    len: u32,
    /// What the first folds to (0: to nothing).
    target: u32,
    /// 1 when each next character folds to the next target, 0 when all fold to `target`.
    step: u32,
}

/// The unpacked table.
struct Table {
    /// Single-character folds, sorted by `start`.
    runs: Vec<Run>,
    /// Characters that fold to several, sorted, with their folded form.
    multi: Vec<(u32, &'static str)>,
}

/// Reads one LEB128 varint at `*at`.
fn varint(bytes: &'static [u8], at: &mut usize) -> u32 {
    let (mut value, mut shift) = (0u64, 0);
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            break;
        }
    }
    value as u32
}

fn unpack(bytes: &'static [u8]) -> Table {
    let mut at = 0;
    let count = varint(bytes, &mut at) as usize;
    let mut runs = Vec::with_capacity(count);
    let mut end = 0u32;
    for _ in 0..count {
        let start = end + varint(bytes, &mut at);
        let len = varint(bytes, &mut at);
        let value = varint(bytes, &mut at);
        let (target, step) = match value {
            0 => (0, 0),
            v => {
                let zigzag = (v - 1) >> 1;
                let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
                ((i64::from(start) + delta) as u32, (v - 1) & 1)
            }
        };
        runs.push(Run { start, len, target, step });
        end = start + len;
    }
    let mut multi = Vec::new();
    let mut next = 0u32;
    while at < bytes.len() {
        let key = next + varint(bytes, &mut at);
        let len = varint(bytes, &mut at) as usize;
        let folded = bytes.get(at..at + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
        multi.push((key, folded));
        at += len;
        next = key + 1;
    }
    Table { runs, multi }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| unpack(PACKED))
}

/// Appends the folded form of `c` to `out` (nothing for combining marks).
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let cp = c as u32;
    let table = table();
    let run = table.runs.partition_point(|r| r.start <= cp);
    if let Some(r) = run.checked_sub(1).map(|i| &table.runs[i]) {
        if cp < r.start + r.len {
            if r.target != 0 {
                out.push(char::from_u32(r.target + (cp - r.start) * r.step).unwrap_or(c));
            }
            return;
        }
    }
    match table.multi.binary_search_by_key(&cp, |&(key, _)| key) {
        Ok(i) => out.push_str(table.multi[i].1),
        Err(_) => out.push(c),
    }
}
