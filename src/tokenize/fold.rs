//! Folding one character: compatibility decomposition, accents dropped,
//! lower case (NFKC for Chinese, Japanese and Korean), from a table that
//! `build.rs` generates with `unicode-normalization`.
//!
//! The table ships as a few kilobytes of varints (its layout is in
//! `build.rs`) and is unpacked once, on first use. It lists every
//! character whose folded form is not itself, lower case included, so
//! folding never reaches for the standard library's case tables (which
//! would add their own kilobytes to the widget's wasm).
//!
//! The episode widget's wasm does without the table (9.4 KB of gzipped
//! wasm): an index carries the folds of its own text's characters, which
//! its writer took from the table (`index::format`, section `folds`), and
//! the widget learns them when it opens the index ([`learn`]), so the text
//! folds exactly as the writer folded it. A character the text does not
//! have (typed in a query) is folded by the browser: the same definition,
//! `normalize('NFKD')`, marks removed, lower case (`NFKC` for Chinese,
//! Japanese and Korean), which differs from the table only where the
//! browser's Unicode and the table's differ, and then only for a query
//! character that no word of the text holds anyway. See `learned.rs`.

#[cfg(all(target_arch = "wasm32", not(feature = "archive-widget")))]
mod learned;
#[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
mod table;
#[cfg(all(target_arch = "wasm32", not(feature = "archive-widget")))]
pub use learned::{fold_char, learn};
#[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
pub use table::fold_char;

/// The folds of the characters of `texts` that do not fold to themselves,
/// sorted: what an index stores for its widget (see the module's
/// documentation). ASCII is left out: it folds the same everywhere.
pub fn folds_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(char, String)> {
    distinct_non_ascii(texts)
        .into_iter()
        .filter_map(|c| {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            (!folded.chars().eq(std::iter::once(c))).then_some((c, folded))
        })
        .collect()
}

/// The distinct non-ASCII characters of `texts`, sorted: one bit per code
/// point (136 KB) rather than a sort of every character, which a long
/// Chinese or Japanese transcript would make slow.
fn distinct_non_ascii<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    let mut seen = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
    for c in texts.into_iter().flat_map(str::chars).filter(|c| !c.is_ascii()) {
        seen[c as usize / 64] |= 1 << (c as u32 % 64);
    }
    let mut chars = Vec::new();
    for (i, &word) in seen.iter().enumerate().filter(|(_, &word)| word != 0) {
        chars
            .extend((0..64).filter(|bit| word >> bit & 1 == 1).filter_map(|bit| char::from_u32((i * 64 + bit) as u32)));
    }
    chars
}

/// Where the whole table is (natively, and in the site's wasm, whose
/// archive search folds queries against catalogues), there is nothing to
/// learn.
#[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
pub fn learn<'a>(_folds: &[(char, String)], _texts: impl IntoIterator<Item = &'a str>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_non_ascii_characters_come_sorted_once_each() {
        let texts = ["Zoë, zoë! 😀 𠀀", "é ë 😀 \u{10FFFF}", "plain"];
        assert_eq!(distinct_non_ascii(texts), ['é', 'ë', '😀', '𠀀', '\u{10FFFF}']);
        assert!(distinct_non_ascii(["ascii only"]).is_empty());
    }

    #[test]
    fn folds_of_lists_only_what_changes() {
        assert_eq!(folds_of(["Éé 中 ’ ﬁ"]), [('É', "e".to_string()), ('é', "e".to_string()), ('ﬁ', "fi".to_string())]);
    }
}
