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

    // Packed as LEB128 varints of small numbers, one column after another
    // (each column's numbers alike, which gzip finds; 2 KB less gzipped than
    // run by run). Read back by `src/tokenize/fold.rs`:
    //   the run count and the multi-character fold count;
    //   per run, its gap from the previous run's end;
    //   per run, its length;
    //   per run, 0 (folds to nothing) or 1 + (zigzag(d - previous d) << 1 | step),
    //     where d = target - start and "previous" is the last run with a
    //     target (case pairs and letter blocks repeat the same d);
    //   per multi-character fold, its gap from the previous key + 1;
    //   per multi-character fold, the byte length of its folded form;
    //   the folded forms' UTF-8 bytes, one after another.
    let mut out = Vec::new();
    push_varint(&mut out, runs.len() as u64);
    push_varint(&mut out, multi.len() as u64);
    let mut end = 0;
    for &(start, len, _, _) in &runs {
        push_varint(&mut out, u64::from(start - end));
        end = start + len;
    }
    for &(_, len, _, _) in &runs {
        push_varint(&mut out, u64::from(len));
    }
    let mut previous = 0i64;
    for &(start, _, target, step) in &runs {
        if target == 0 {
            push_varint(&mut out, 0);
            continue;
        }
        let delta = i64::from(target) - i64::from(start);
        push_varint(&mut out, 1 + (zigzag(delta - previous) << 1 | u64::from(step)));
        previous = delta;
    }
    let mut next = 0;
    for (key, _) in &multi {
        push_varint(&mut out, u64::from(key - next));
        next = key + 1;
    }
    for (_, folded) in &multi {
        push_varint(&mut out, folded.len() as u64);
    }
    for (_, folded) in &multi {
        out.extend_from_slice(folded.as_bytes());
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
