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

/// Unpacks the columns `build.rs` writes (its comment has the layout).
fn unpack(bytes: &'static [u8]) -> Table {
    let mut at = 0;
    let run_count = varint(bytes, &mut at) as usize;
    let multi_count = varint(bytes, &mut at) as usize;
    // A run starts at the sum of the gaps up to it and the lengths before it.
    let mut runs = Vec::with_capacity(run_count);
    let mut gaps = 0u32;
    for _ in 0..run_count {
        gaps += varint(bytes, &mut at);
        runs.push(Run { start: gaps, len: 0, target: 0, step: 0 });
    }
    let mut lengths = 0u32;
    for run in &mut runs {
        run.len = varint(bytes, &mut at);
        run.start += lengths;
        lengths += run.len;
    }
    let mut previous = 0i64;
    for run in &mut runs {
        let value = varint(bytes, &mut at);
        if value == 0 {
            continue;
        }
        let zigzag = (value - 1) >> 1;
        previous += (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        run.target = (i64::from(run.start) + previous) as u32;
        run.step = (value - 1) & 1;
    }
    let mut keys = Vec::with_capacity(multi_count);
    let mut next = 0u32;
    for _ in 0..multi_count {
        let key = next + varint(bytes, &mut at);
        keys.push(key);
        next = key + 1;
    }
    let folded_lengths: Vec<usize> = (0..multi_count).map(|_| varint(bytes, &mut at) as usize).collect();
    let multi = keys
        .into_iter()
        .zip(folded_lengths)
        .map(|(key, len)| {
            let folded = bytes.get(at..at + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
            at += len;
            (key, folded)
        })
        .collect();
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
