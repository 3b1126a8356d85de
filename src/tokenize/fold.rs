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
    let run = RUNS.partition_point(|r| r.0 <= cp);
    if let Some(&(start, len, target, step)) = run.checked_sub(1).map(|i| &RUNS[i]) {
        if cp < start + u32::from(len) {
            if target != 0 {
                let folded = target + (cp - start) * u32::from(step);
                out.push(char::from_u32(folded).unwrap_or(c));
            }
            return;
        }
    }
    if let Ok(i) = MULTI.binary_search_by_key(&cp, |m| m.0) {
        out.push_str(MULTI[i].1);
        return;
    }
    out.extend(c.to_lowercase());
}
