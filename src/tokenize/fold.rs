//! Folding one character: compatibility decomposition, accents dropped,
//! lower case (NFKC for Chinese, Japanese and Korean), from a table that
//! `build.rs` generates with `unicode-normalization`.

include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// Appends the folded form of `c` to `out` (nothing for combining marks).
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let cp = c as u32;
    let run = RUN_KEYS.partition_point(|&key| key >> 11 <= cp);
    if let Some(i) = run.checked_sub(1) {
        let (start, len) = (RUN_KEYS[i] >> 11, RUN_KEYS[i] & 0x7ff);
        if cp < start + len {
            let (target, step) = (RUN_VALUES[i] >> 1, RUN_VALUES[i] & 1);
            if target != 0 {
                out.push(char::from_u32(target + (cp - start) * step).unwrap_or(c));
            }
            return;
        }
    }
    if let Ok(i) = MULTI_KEYS.binary_search(&cp) {
        let from = if i == 0 { 0 } else { MULTI_ENDS[i - 1] as usize };
        out.push_str(&MULTI_POOL[from..MULTI_ENDS[i] as usize]);
        return;
    }
    out.extend(c.to_lowercase());
}
