//! Folding in the episode widget's wasm, without the table: the folds an
//! index carries for its text's characters, learnt when it is opened, and
//! the browser's own Unicode functions for any other character (see
//! `fold.rs`).

use std::cell::RefCell;

use super::super::is_cjk;

thread_local! {
    /// Every non-ASCII character met so far, sorted, with its folded form
    /// (`None`: itself).
    static KNOWN: RefCell<Vec<(char, Option<Box<str>>)>> = const { RefCell::new(Vec::new()) };
}

/// Learns how the characters of `texts` fold: as `folds` says (what the
/// index's writer found in the table), or to themselves.
pub fn learn<'a>(folds: &[(char, String)], texts: impl IntoIterator<Item = &'a str>) {
    let chars = super::distinct_non_ascii(texts);
    let stored = |c: char| folds.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| folds[i].1.as_str().into());
    KNOWN.with_borrow_mut(|known| {
        // What an index says replaces what the browser guessed for a query.
        known.retain(|(c, _)| chars.binary_search(c).is_err());
        known.extend(chars.iter().map(|&c| (c, stored(c))));
        known.sort_unstable_by_key(|&(c, _)| c);
    });
}

/// Appends the folded form of `c` to `out` (nothing for combining marks).
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let known = KNOWN.with_borrow(|known| {
        let Ok(i) = known.binary_search_by_key(&c, |&(k, _)| k) else { return false };
        match &known[i].1 {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
        true
    });
    if known {
        return;
    }
    let folded = browser_fold(c);
    match &folded {
        Some(folded) => out.push_str(folded),
        None => out.push(c),
    }
    KNOWN.with_borrow_mut(|known| {
        let at = known.partition_point(|&(k, _)| k < c);
        known.insert(at, (c, folded.map(String::into_boxed_str)));
    });
}

/// The folding definition (`build.rs`) in the browser's terms: `None`
/// when `c` folds to itself.
fn browser_fold(c: char) -> Option<String> {
    let text = js_sys::JsString::from(c);
    let folded: String = if is_cjk(c) {
        text.normalize("NFKC").into()
    } else if c == 'ß' || c == 'ẞ' {
        "ss".into()
    } else {
        let marks = js_sys::RegExp::new("\\p{M}", "gu");
        text.normalize("NFKD").replace_by_pattern(&marks, "").to_lower_case().into()
    };
    (!folded.chars().eq(std::iter::once(c))).then_some(folded)
}
