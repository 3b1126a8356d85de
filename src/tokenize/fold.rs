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
    let mut chars: Vec<char> = texts.into_iter().flat_map(str::chars).filter(|c| !c.is_ascii()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars
        .into_iter()
        .filter_map(|c| {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            (!folded.chars().eq(std::iter::once(c))).then_some((c, folded))
        })
        .collect()
}

/// Where the whole table is (natively, and in the site's wasm, whose
/// archive search folds queries against catalogues), there is nothing to
/// learn.
#[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
pub fn learn<'a>(_folds: &[(char, String)], _texts: impl IntoIterator<Item = &'a str>) {}
