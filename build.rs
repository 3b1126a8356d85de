//! Generates the tokenizer's folding table from `unicode-normalization`.
//!
//! The widget needs the same folding as the indexer, but the crate's full
//! tables cost about 70 KB gzipped in the wasm. Folding is a fixed function
//! of one character, so it is computed here, once, for every character
//! and stored as compact runs (see `src/tokenize/fold.rs`): the library
//! stays the single source of truth and the wasm carries only the answer.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

#[path = "src/tokenize/script.rs"]
mod script;

/// The folding definition (documented in `src/tokenize/mod.rs`).
fn fold(c: char) -> String {
    if script::is_cjk(c) {
        return std::iter::once(c).nfkc().collect();
    }
    if c == 'ß' || c == 'ẞ' {
        return "ss".into();
    }
    let mut out = String::new();
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
    out
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/tokenize/script.rs");

    // Runs of consecutive characters that fold to one character each,
    // `first + i * step` (step 0 or 1); target 0 means "folds to nothing".
    // Every character whose folded form is not itself is listed (lower
    // case included), so the widget needs no case table of its own.
    let mut runs: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut multi: Vec<(u32, String)> = Vec::new();
    for cp in 0x80u32..=0x10FFFF {
        let Some(c) = char::from_u32(cp) else { continue };
        let folded = fold(c);
        if folded.chars().eq(std::iter::once(c)) {
            continue;
        }
        let mut chars = folded.chars();
        let target = match (chars.next(), chars.next()) {
            (None, _) => 0,
            (Some(f), None) => f as u32,
            _ => {
                multi.push((cp, folded));
                continue;
            }
        };
        if let Some(last) = runs.last_mut() {
            let (start, len, first, step) = *last;
            let follows = start + len == cp;
            if follows && len == 1 && target != 0 && first != 0 && (target == first || target == first + 1) {
                *last = (start, 2, first, target - first);
                continue;
            }
            if follows && target == if first == 0 { 0 } else { first + step * len } {
                last.1 += 1;
                continue;
            }
        }
        runs.push((cp, 1, target, 0));
    }

    // Packed as LEB128 varints of small numbers, which gzip well (the
    // format is read back by `src/tokenize/fold.rs`):
    //   run count, then per run: gap from the previous run's end, length,
    //   and 0 (folds to nothing) or 1 + (zigzag(target - start) << 1 | step);
    //   then per multi-character fold: gap from the previous key + 1,
    //   byte length, and the folded UTF-8 bytes.
    let mut out = Vec::new();
    push_varint(&mut out, runs.len() as u64);
    let mut end = 0;
    for &(start, len, target, step) in &runs {
        push_varint(&mut out, u64::from(start - end));
        push_varint(&mut out, u64::from(len));
        let value =
            if target == 0 { 0 } else { 1 + (zigzag(i64::from(target) - i64::from(start)) << 1 | u64::from(step)) };
        push_varint(&mut out, value);
        end = start + len;
    }
    let mut next = 0;
    for (key, folded) in &multi {
        push_varint(&mut out, u64::from(key - next));
        push_varint(&mut out, folded.len() as u64);
        out.extend_from_slice(folded.as_bytes());
        next = key + 1;
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("fold_table.bin");
    std::fs::write(path, out).unwrap();
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}
