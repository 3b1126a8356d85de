//! The one tokenizer: index building and query parsing both call it, so what
//! is indexed and what is searched cannot drift.
//!
//! In: any text. Out: [`Token`]s, each a normalised term plus the byte span
//! of the source text it came from (for highlighting).
//! Normalisation: Unicode compatibility decomposition (NFKD, so `ﬁ` is `fi`
//! and full-width `Ａ` is `a`), accents dropped (`café` = `cafe`), lower
//! case, `ß` = `ss`. Punctuation separates words; so do hyphens and
//! apostrophes (`open-source` is `open` `source`, `China's` is `china` `s`),
//! which lets the search's split-word matching find `opensource` and
//! `dont` too. Digits stay words; `3.5` keeps its point and `1,000` is
//! `1000`. Chinese, Japanese and Korean runs become overlapping bigrams
//! (`人工智能` → `人工` `工智` `智能`), normalised with NFKC only, since
//! dropping marks there would change the characters (`が` is not `か`).
//! Always holds: spans are char boundaries of the source, in order and
//! non-overlapping for ordinary words; terms are never empty.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// A normalised word and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The normalised term, as stored in the index.
    pub term: String,
    /// Byte offset of the first source character.
    pub start: usize,
    /// Byte offset just past the last source character.
    pub end: usize,
}

/// Whether a character is written in a script without spaces between
/// words (Han, kana, Hangul), which is indexed as bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x31F0..=0x31FF // katakana extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x1100..=0x11FF // Hangul jamo
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width katakana
        | 0x20000..=0x2FA1F) // CJK extensions B and later
}

/// Folds one non-CJK character into its normalised characters.
fn fold_char(c: char, out: &mut String) {
    if c == 'ß' || c == 'ẞ' {
        out.push_str("ss");
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// Normalises a whole string the way terms are (for speaker names and other
/// labels): the tokens' terms joined by single spaces.
pub fn normalize(text: &str) -> String {
    let terms: Vec<String> = tokenize(text).into_iter().map(|t| t.term).collect();
    terms.join(" ")
}

/// Splits text into normalised tokens with their source spans.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = Token { term: String::new(), start: 0, end: 0 };
    let mut cjk: Vec<(String, usize, usize)> = Vec::new();
    let mut folded = String::new();
    let mut chars = text.char_indices().peekable();

    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        if is_cjk(c) {
            flush_word(&mut word, &mut tokens);
            cjk.push((std::iter::once(c).nfkc().collect(), at, end));
            continue;
        }
        flush_cjk(&mut cjk, &mut tokens);

        // Inside a number: `3.5` keeps its point, `1,000` loses its comma.
        let next_is_digit = chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
        let in_number = word.term.ends_with(|p: char| p.is_ascii_digit()) && next_is_digit;
        if in_number && c == '.' {
            word.term.push('.');
            word.end = end;
            continue;
        }
        if in_number && c == ',' {
            word.end = end;
            continue;
        }

        folded.clear();
        fold_char(c, &mut folded);
        for f in folded.chars() {
            if f.is_alphanumeric() {
                if word.term.is_empty() {
                    word.start = at;
                }
                word.term.push(f);
                word.end = end;
            } else {
                flush_word(&mut word, &mut tokens);
            }
        }
        if folded.is_empty() && !is_combining_mark(c) {
            flush_word(&mut word, &mut tokens);
        }
    }
    flush_word(&mut word, &mut tokens);
    flush_cjk(&mut cjk, &mut tokens);
    tokens
}

fn flush_word(word: &mut Token, tokens: &mut Vec<Token>) {
    if !word.term.is_empty() {
        tokens.push(std::mem::replace(word, Token { term: String::new(), start: 0, end: 0 }));
    }
}

/// Emits a run of CJK characters as overlapping bigrams (one unigram for a
/// run of one), so any two adjacent characters can be found.
fn flush_cjk(run: &mut Vec<(String, usize, usize)>, tokens: &mut Vec<Token>) {
    match run.len() {
        0 => {}
        1 => tokens.push(Token { term: run[0].0.clone(), start: run[0].1, end: run[0].2 }),
        _ => {
            for pair in run.windows(2) {
                tokens.push(Token { term: format!("{}{}", pair[0].0, pair[1].0), start: pair[0].1, end: pair[1].2 });
            }
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(terms("Café CAFÉ cafe"), ["cafe", "cafe", "cafe"]);
        assert_eq!(terms("Ｆｕｌｌ ﬁne"), ["full", "fine"]);
        assert_eq!(terms("Straße İstanbul"), ["strasse", "istanbul"]);
    }

    #[test]
    fn punctuation_hyphens_and_apostrophes_separate() {
        assert_eq!(terms("open-source, (really)!"), ["open", "source", "really"]);
        assert_eq!(terms("China's don’t"), ["china", "s", "don", "t"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(terms("3.5 billion, 1,000 GPUs. 40%"), ["3.5", "billion", "1000", "gpus", "40"]);
        assert_eq!(terms("end. 5"), ["end", "5"]);
    }

    #[test]
    fn cjk_becomes_bigrams() {
        assert_eq!(terms("人工智能"), ["人工", "工智", "智能"]);
        assert_eq!(terms("AI时代"), ["ai", "时代"]);
        assert_eq!(terms("中"), ["中"]);
        assert_eq!(terms("ひらがな"), ["ひら", "らが", "がな"]);
        assert_eq!(terms("한국어"), ["한국", "국어"]);
    }

    #[test]
    fn spans_point_at_the_source() {
        let text = "Hé, Deep-Seek 人工智能";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let spans: Vec<&str> = tokenize(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Hé", "Deep", "Seek", "人工", "工智", "智能"]);
    }

    #[test]
    fn decomposed_accents_stay_inside_words() {
        // `e` followed by a combining acute accent (NFD input).
        assert_eq!(terms("cafe\u{301} ok"), ["cafe", "ok"]);
    }

    #[test]
    fn nothing_but_punctuation_gives_nothing() {
        assert!(tokenize("¿¡ — … ***").is_empty());
        assert!(tokenize("").is_empty());
    }
}
