//! What a publisher uploads or shares: one self-contained HTML file for an
//! episode ([`page`], for `verbatim bundle`), and the files of the script
//! and iframe embeds ([`embed_loader`], [`frame_script`], [`frame_page`],
//! for `verbatim embed`).
//!
//! In: index bytes, the widget's prebuilt assets (wasm-bindgen's
//! `no-modules` glue, the wasm, the stylesheets; built once by
//! `scripts/build-widget-assets.sh`), and the templates under
//! `www/publish/`, included at compile time. Out: the offline page, which
//! works opened from disk with no network: the wasm, the index and
//! wasm-bindgen's `no-modules` glue and the widget's stylesheet are inline,
//! gzipped and written a byte to a character on a windows-1252 page
//! ([`raw_bytes`]), inflated by the browser's `DecompressionStream`; the
//! glue then runs as a
//! classic script, which Chromium allows from `file://` (module scripts and
//! `fetch` it blocks). And the embed's `verbatim-embed.js`,
//! `verbatim-frame.js` and `frame.html`.
//!
//! The templates are real JavaScript and HTML, checked by `node --check`.
//! A placeholder is `@name` in a form that keeps its file valid on its own:
//! `/* @name */` where code goes, `"@name"` where a string goes (filled with
//! a JSON string), `<!-- @name -->` in HTML.
//!
//! Always holds: nothing from the transcript reaches a page unescaped (the
//! title is HTML-escaped; everything else is inside the index bytes), and
//! no inline script or style can close its element early.

use std::path::{Path, PathBuf};

use verbatim::present::html::escape;
use verbatim::transcript::{format_seconds, Transcript};
use verbatim::view_state::FRAGMENT_KEYS;

/// The start of both pages, to `</head>`.
const HEAD_HTML: &str = include_str!("../www/publish/head.html");
/// The offline page.
const PAGE_HTML: &str = include_str!("../www/publish/page.html");
/// The offline page's script: inflates the inline files, starts the widget.
const OFFLINE_JS: &str = include_str!("../www/publish/offline.js");
/// The alert box both the offline page and the embed show when the widget
/// cannot start.
const ALERT_JS: &str = include_str!("../www/publish/alert.js");
/// `visibleBand`, shared by both embeds' host-page scripts.
const BAND_JS: &str = include_str!("../www/publish/band.js");
/// `verbatim-embed.js`, before the stylesheet and the glue go in.
const EMBED_LOADER_JS: &str = include_str!("../www/publish/embed-loader.js");
/// `verbatim-frame.js`, before the fragment's keys go in.
const FRAME_JS: &str = include_str!("../www/publish/frame.js");
/// `frame.html`.
const FRAME_HTML: &str = include_str!("../www/publish/frame.html");
/// An episode's page in a show's site (`verbatim archive`).
const EPISODE_PAGE_HTML: &str = include_str!("../www/publish/episode-page.html");
/// A show's archive page.
const ARCHIVE_PAGE_HTML: &str = include_str!("../www/publish/archive-page.html");

/// The widget files a bundle or an embed is made from.
pub struct Assets {
    /// wasm-bindgen `no-modules` glue (defines `wasm_bindgen`).
    pub glue: String,
    /// The optimised wasm module.
    pub wasm: Vec<u8>,
    /// The widget's stylesheet: `www/verbatim.css`, and for a show's site
    /// the archive widget's own rules after it (`www/archive.css`).
    pub widget_css: String,
    /// The stylesheet of a page that is only the widget (`www/page.css`):
    /// the offline page carries it, an embed lives in someone else's page;
    /// for a show's site, its own rules after it (`www/site.css`).
    pub page_css: String,
}

/// The assets folder: `--assets`, else `$VERBATIM_ASSETS`, else
/// `target/verbatim/bundle` beside the running binary's `target/<profile>/`.
pub fn assets_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("VERBATIM_ASSETS") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent().and_then(Path::parent).map(|target| target.join("verbatim/bundle")).unwrap_or_default()
}

/// Which build of the widget: the episode widget alone (the demo page,
/// `bundle`, `embed`), or with the archive widget (`verbatim archive`, one
/// wasm for every page of a show's site), whose glue and wasm are in the
/// assets folder's `site/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    Episode,
    Site,
}

impl Assets {
    /// Reads the assets, saying how to build them when they are missing.
    pub fn load(dir: &Path, build: Build) -> Result<Assets, String> {
        let code = match build {
            Build::Episode => dir.to_path_buf(),
            Build::Site => dir.join("site"),
        };
        let read = |path: PathBuf| {
            std::fs::read(&path).map_err(|e| {
                format!(
                    "{}: {e}; build the widget assets with `bash scripts/build-widget-assets.sh` (or pass --assets DIR)",
                    path.display()
                )
            })
        };
        let text = |path: PathBuf| read(path).map(|b| String::from_utf8_lossy(&b).into_owned());
        // A sheet, and for a show's site its site-only rules after it.
        let sheet = |name: &str, site_only: &str| -> Result<String, String> {
            let mut css = text(dir.join(name))?;
            if build == Build::Site {
                css.push('\n');
                css.push_str(&text(dir.join(site_only))?);
            }
            Ok(css)
        };
        Ok(Assets {
            glue: text(code.join("verbatim.js"))?,
            wasm: read(code.join("verbatim_bg.wasm"))?,
            widget_css: sheet("verbatim.css", "archive.css")?,
            page_css: sheet("page.css", "site.css")?,
        })
    }
}

/// Gzip as small as Zopfli writes it: about 5% smaller than gzip's best level,
/// slower (seconds for the wasm), read by any gzip reader.
fn gzip_smallest(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes, &mut out)
        .expect("writing to memory cannot fail");
    out
}

/// Bytes that cannot stand for themselves inside a raw-text element
/// ([`raw_bytes`]): NUL (the parser replaces it), CR (the parser turns it
/// into LF), `<` (it could start `</script`), and the escape byte itself.
const RAW_ESCAPED: [u8; 4] = [0x00, 0x0d, b'<', RAW_ESCAPE];

/// Starts an escaped byte: `=` and then `a`, `b`, `c` or `d` for the
/// [`RAW_ESCAPED`] byte at that place.
const RAW_ESCAPE: u8 = b'=';

/// Binary as the text of an HTML raw-text element on a page whose encoding
/// is windows-1252 (one character per byte, every byte a character): a
/// 4-byte big-endian length, then the bytes, each one character except the
/// four of [`RAW_ESCAPED`], written as two. About 1.016 times the bytes on
/// disk for compressed data (base64 is 4/3; seven bits to a character in
/// UTF-8, the previous encoding, 8/7). Returned as text whose characters
/// are the bytes (U+0000..U+00FF), for [`latin1`]; read back by
/// `www/publish/offline.js`.
fn raw_bytes(bytes: &[u8]) -> String {
    let length = u32::try_from(bytes.len()).expect("a bundle part is under 4 GiB").to_be_bytes();
    let mut out = String::with_capacity(bytes.len() * 9 / 8 + 8);
    for &byte in length.iter().chain(bytes) {
        match RAW_ESCAPED.iter().position(|&e| e == byte) {
            None => out.push(char::from(byte)),
            Some(escape) => {
                out.push(char::from(RAW_ESCAPE));
                out.push(char::from(b'a' + escape as u8));
            }
        }
    }
    out
}

/// The bytes of text whose characters are all under U+0100, one byte each
/// (what a windows-1252 page holds at the same places, for every byte but
/// 0x80..0x9F, which the page's reader maps back).
fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(c).expect("the offline page holds characters under U+0100 only")).collect()
}

/// Text with every character outside ASCII written as `escape` makes it
/// from its code point, for a page that is not UTF-8: HTML character
/// references (`&#8212;`) in element content and attribute values, CSS
/// escapes (`\2190 `) in a stylesheet.
fn ascii_escaped(text: &str, escape: fn(u32) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&escape(u32::from(c)));
        }
    }
    out
}

/// Keeps inline script or style text from closing its element early.
fn inline_safe(code: &str) -> String {
    code.replace("</script", "<\\/script").replace("</style", "<\\/style")
}

/// A JavaScript string literal holding `text` (JSON's strings are).
fn js_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

/// A snippet pasted into another script, without its opening `//` lines
/// (they are for readers of `www/publish/`; pasted, they are only bytes).
fn pasted(snippet: &str) -> &str {
    let mut rest = snippet;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest.trim_end()
}

/// Puts each value in place of its placeholder. One pass over the
/// template: a value that happens to contain a placeholder's text (the
/// glue, a stylesheet) is never filled itself. Panics when the template
/// lacks a placeholder: templates are compiled in, and the tests fill each.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut spots: Vec<(usize, &str, &str)> = values
        .iter()
        .map(|&(placeholder, value)| {
            let at = template.find(placeholder).unwrap_or_else(|| panic!("a template lacks {placeholder}"));
            (at, placeholder, value)
        })
        .collect();
    spots.sort_unstable_by_key(|&(at, _, _)| at);
    let mut out = String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = 0;
    for (at, placeholder, value) in spots {
        out.push_str(&template[rest..at]);
        out.push_str(value);
        rest = at + placeholder.len();
    }
    out.push_str(&template[rest..]);
    out
}

/// The start of a page, to `</head>`: the episode's title (escaped), then
/// `style` (already safe HTML).
fn head(transcript: &Transcript, style: &str, charset: Charset) -> String {
    let title = match (transcript.show.is_empty(), transcript.title.is_empty()) {
        (_, true) => "Transcript".to_string(),
        (true, false) => transcript.title.clone(),
        (false, false) => format!("{} — {}", transcript.title, transcript.show),
    };
    titled_head(&title, style, charset)
}

/// The encoding a page is written in.
#[derive(Clone, Copy)]
enum Charset {
    Utf8,
    /// One byte a character, every byte a character: the offline page,
    /// whose inline parts are binary ([`raw_bytes`]).
    Windows1252,
}

/// The start of a page titled `title` (escaped here).
fn titled_head(title: &str, style: &str, charset: Charset) -> String {
    let (label, title) = match charset {
        Charset::Utf8 => ("utf-8", escape(title)),
        Charset::Windows1252 => ("windows-1252", ascii_escaped(&escape(title), |c| format!("&#{c};"))),
    };
    fill(
        HEAD_HTML.trim_end(),
        &[("\"@charset\"", &js_string(label)), ("<!-- @title -->", &title), ("<!-- @style -->", style)],
    )
}

/// The offline page, as the bytes of a windows-1252 document: the widget,
/// both stylesheets (it is a page of its own) and the episode's index, all
/// inline. Its own text is ASCII (the title's other characters are
/// character references), so the inline parts can be binary.
pub fn page(transcript: &Transcript, index: &[u8], assets: &Assets) -> Vec<u8> {
    // The page's own few rules inline; the widget's, packed like the rest
    // (the bootstrap adds them before the widget starts).
    let bootstrap = fill(pasted(OFFLINE_JS), &[("/* @alert */", pasted(ALERT_JS))]);
    let style = format!("<style>{}</style>\n", inline_safe(&ascii_escaped(&assets.page_css, |c| format!("\\{c:x} "))));
    latin1(&fill(
        PAGE_HTML,
        &[
            ("<!-- @head -->", &head(transcript, &style, Charset::Windows1252)),
            ("<!-- @index -->", &raw_bytes(&gzip_smallest(index))),
            ("<!-- @wasm -->", &raw_bytes(&gzip_smallest(&assets.wasm))),
            ("<!-- @glue -->", &raw_bytes(&gzip_smallest(assets.glue.as_bytes()))),
            ("<!-- @css -->", &raw_bytes(&gzip_smallest(assets.widget_css.as_bytes()))),
            ("/* @bootstrap */", &inline_safe(&bootstrap)),
        ],
    ))
}

/// `transcript.html`: the whole transcript as semantic HTML, for the
/// publisher to paste inside the script embed's `[data-verbatim]` element.
/// Readers without JavaScript, search engines and reader modes get every
/// segment (speaker, time, text) under the chapters' headings; when the
/// widget loads it takes over (its shadow root hides what was pasted).
pub fn transcript_html(transcript: &Transcript) -> String {
    let title = if transcript.title.is_empty() { "Transcript".to_string() } else { transcript.title.clone() };
    let mut out = format!("<section class=\"verbatim-transcript\" aria-label=\"Transcript: {}\">\n", escape(&title));
    let mut chapters = transcript.chapters.iter().peekable();
    for segment in &transcript.segments {
        while let Some(chapter) = chapters.next_if(|c| c.start <= segment.start) {
            out.push_str(&format!("<h3>{}</h3>\n", escape(&chapter.title)));
        }
        let who = transcript
            .speaker_of(segment)
            .map(|s| format!("<strong>{}</strong> ", escape(&s.name)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<p>{who}<time datetime=\"PT{}S\">{}</time> {}</p>\n",
            format_seconds(segment.start),
            escape(&transcript.clock(segment.start)),
            escape(&segment.text)
        ));
    }
    for chapter in chapters {
        out.push_str(&format!("<h3>{}</h3>\n", escape(&chapter.title)));
    }
    out.push_str("</section>\n");
    out
}

/// The script embed's loader, `verbatim-embed.js`: for every
/// `[data-verbatim]` element of the host page it attaches a shadow root,
/// adopts the widget's stylesheet there (a constructed sheet, so the host's
/// CSS and the widget's stay apart and no inline `<style>` is needed), makes
/// a mount point that fetches the element's `data-src`, and gives each
/// widget its own URL prefix when there are several. The wasm is fetched
/// from beside the loader.
pub fn embed_loader(assets: &Assets) -> String {
    fill(
        EMBED_LOADER_JS,
        &[
            ("/* @alert */", pasted(ALERT_JS)),
            ("/* @band */", pasted(BAND_JS)),
            ("\"@css\"", &js_string(&assets.widget_css)),
            ("/* @glue */", &assets.glue),
        ],
    )
}

/// `verbatim-frame.js`, for the iframe embed. Inside the iframe
/// (`frame.html`) it reports the content's height and the view's fragment
/// to the host page and takes the host's URL as the base of shared links;
/// in the host page (optional, for platforms that allow a script) it sizes
/// each `iframe[data-verbatim-frame]` to its content, hands the host's
/// fragment to the frame on load, and keeps the host's URL in step with
/// the frame's view, so "share this view" links open the post.
pub fn frame_script() -> String {
    let keys: Vec<String> = FRAGMENT_KEYS.iter().map(|key| js_string(key)).collect();
    fill(FRAME_JS, &[("/* @keys */", &keys.join(", ")), ("/* @band */", pasted(BAND_JS))])
}

/// `frame.html`, the page the iframe embed loads: the script embed of
/// `episode.idx` on a page of its own.
pub fn frame_page(transcript: &Transcript) -> String {
    fill(FRAME_HTML, &[("<!-- @head -->", &head(transcript, "", Charset::Utf8))])
}

/// An episode's page in a show's site: a link back to the archive, and the
/// script embed of `episode.idx` with the whole transcript inside it for
/// readers without JavaScript. The loader and stylesheet are the site's.
pub fn episode_page(transcript: &Transcript) -> String {
    fill(
        EPISODE_PAGE_HTML,
        &[
            ("<!-- @head -->", &head(transcript, "<link rel=\"stylesheet\" href=\"../page.css\">\n", Charset::Utf8)),
            ("<!-- @transcript -->", &transcript_html(transcript)),
        ],
    )
}

/// One episode as the archive page lists it.
pub struct ListedEpisode<'a> {
    /// Folder name (its page is `<slug>/`).
    pub slug: &'a str,
    /// Title.
    pub title: &'a str,
    /// Date.
    pub date: &'a str,
}

/// A show's archive page: the archive widget over `catalogue/`, with the
/// list of episodes (newest first) inside it for readers without JavaScript.
pub fn archive_page(show: &str, episodes: &[ListedEpisode]) -> String {
    let mut list = String::from("<ul class=\"archive-list\">\n");
    for e in episodes {
        let title = if e.title.is_empty() { e.slug } else { e.title };
        list.push_str(&format!(
            "<li><a href=\"{}/\">{}</a> <time>{}</time></li>\n",
            escape(&percent_path(e.slug)),
            escape(title),
            escape(e.date)
        ));
    }
    list.push_str("</ul>\n");
    let title = if show.is_empty() { "Episodes" } else { show };
    fill(
        ARCHIVE_PAGE_HTML,
        &[
            ("<!-- @head -->", &titled_head(title, "<link rel=\"stylesheet\" href=\"page.css\">\n", Charset::Utf8)),
            ("<!-- @show -->", &escape(title)),
            ("<!-- @episodes -->", &list),
        ],
    )
}

/// A folder name as a URL path segment (everything but unreserved
/// characters percent-encoded).
fn percent_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        Assets {
            glue: "let wasm_bindgen;".into(),
            wasm: vec![0, 1],
            widget_css: include_str!("../www/verbatim.css").into(),
            page_css: include_str!("../www/page.css").into(),
        }
    }

    /// The offline page's bytes as text, one character a byte (what
    /// [`latin1`] was given).
    fn page_text(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    /// The decoder of `www/publish/offline.js`, in Rust (on the bytes; the
    /// script first maps windows-1252's characters back to them).
    fn unraw(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = bytes.iter();
        while let Some(&byte) = rest.next() {
            out.push(if byte == RAW_ESCAPE { RAW_ESCAPED[usize::from(rest.next().unwrap() - b'a')] } else { byte });
        }
        let length = u32::from_be_bytes(out[..4].try_into().unwrap()) as usize;
        assert_eq!(out.len(), 4 + length);
        out.split_off(4)
    }

    #[test]
    fn raw_bytes_round_trip_every_length_and_byte() {
        let mut seed = 0x2545_f491_u32;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    seed as u8
                })
                .collect();
            let written = latin1(&raw_bytes(&bytes));
            assert_eq!(unraw(&written), bytes, "length {len}");
            assert!(!written.iter().any(|b| [0, b'\r', b'<'].contains(b)), "length {len}");
        }
        let all: Vec<u8> = (0..=255).cycle().take(4096).collect();
        assert_eq!(unraw(&latin1(&raw_bytes(&all))), all);
        for bytes in [vec![0u8; 7], vec![b'<'; 9], vec![b'\r', b'\r'], vec![RAW_ESCAPE; 3], vec![0xff]] {
            assert_eq!(unraw(&latin1(&raw_bytes(&bytes))), bytes);
        }
    }

    #[test]
    fn the_offline_page_is_ascii_outside_its_binary_parts() {
        // Its script and styles are read as windows-1252, or as UTF-8 when
        // a server says so: only ASCII reads the same both ways.
        let t = Transcript { title: "Ça va".into(), ..Transcript::default() };
        let mut html = page_text(&page(&t, b"idx", &assets()));
        for id in ["verbatim-index", "verbatim-wasm", "verbatim-glue", "verbatim-css"] {
            let open = format!(r#"id="{id}">"#);
            let start = html.find(&open).unwrap() + open.len();
            let end = start + html[start..].find("</script>").unwrap();
            html.replace_range(start..end, "");
        }
        assert!(html.is_ascii(), "{:?}", html.chars().find(|c| !c.is_ascii()));
    }

    #[test]
    fn raw_bytes_add_about_one_part_in_sixty_four() {
        let bytes: Vec<u8> = (0..70_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let size = latin1(&raw_bytes(&bytes)).len() as f64 / bytes.len() as f64;
        assert!(size < 1.02, "{size}");
    }

    #[test]
    fn the_offline_page_is_windows_1252_with_its_title_in_references() {
        let t = Transcript { title: "Ça va — 北京".into(), ..Transcript::default() };
        let html = page_text(&page(&t, b"idx", &assets()));
        assert!(html.starts_with("<!DOCTYPE html>"));
        let head = &html[..html.find("</head>").unwrap()];
        assert!(head.is_ascii());
        let charset = head.find(r#"<meta charset="windows-1252">"#).expect("the charset is declared");
        assert!(charset < 1000, "the prescan finds the charset in the first 1,024 bytes");
        assert!(head.contains("<title>&#199;a va &#8212; &#21271;&#20140;</title>"));
        assert!(frame_page(&t).contains(r#"<meta charset="utf-8">"#));
        let assets = Assets { page_css: r#"a::before { content: "← "; }"#.into(), ..assets() };
        assert!(page_text(&page(&t, b"idx", &assets)).contains(r#"<style>a::before { content: "\2190  "; }</style>"#));
    }

    #[test]
    fn hostile_titles_are_escaped() {
        let t = Transcript {
            title: "<script>alert(1)</script>".into(),
            show: "\"x\" & 'y'".into(),
            ..Transcript::default()
        };
        let assets = Assets {
            glue: "var x = '</script>';".into(),
            wasm: vec![0, 1],
            widget_css: "a{}</style>".into(),
            page_css: "b{}</script>".into(),
        };
        for html in [page_text(&page(&t, b"idx", &assets)), frame_page(&t)] {
            let dash = if html.contains("windows-1252") { "&#8212;" } else { "—" };
            assert!(html.contains(&format!(
                "<title>&lt;script&gt;alert(1)&lt;/script&gt; {dash} &quot;x&quot; &amp; &#39;y&#39;</title>"
            )));
            assert!(!html.contains("'</script>'") && !html.contains("a{}</style>") && !html.contains("b{}</script>"));
            assert_eq!(html.matches("<script").count(), html.matches("</script>").count());
        }
    }

    #[test]
    fn filled_templates_have_no_placeholder_left() {
        let t = Transcript { title: "Episode".into(), ..Transcript::default() };
        let assets = assets();
        let filled = [page_text(&page(&t, b"idx", &assets)), embed_loader(&assets), frame_script(), frame_page(&t)];
        // A placeholder is an opening, a lower-case name and its closing
        // (inline binary may hold an opening by chance, never a whole one).
        let placeholder = |text: &str| {
            [("/* @", " */"), ("\"@", "\""), ("<!-- @", " -->")].iter().find_map(|(open, close)| {
                text.match_indices(open).find_map(|(at, _)| {
                    let rest = &text[at + open.len()..];
                    let name_len = rest.find(|c: char| !(c.is_ascii_lowercase() || c == '-')).unwrap_or(rest.len());
                    (name_len > 0 && rest[name_len..].starts_with(close)).then(|| rest[..name_len].to_string())
                })
            })
        };
        for text in &filled {
            assert_eq!(placeholder(text), None, "a placeholder left in:\n{text}");
        }
        assert_eq!(placeholder("x /* @alert */ y").as_deref(), Some("alert"), "the check finds one");
        assert_eq!(placeholder("<!-- @index -->").as_deref(), Some("index"));
        assert_eq!(placeholder("a \"@css\";").as_deref(), Some("css"));
    }

    #[test]
    fn a_sites_assets_carry_its_own_css_after_the_widgets_and_the_pages_and_an_episodes_do_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        for (name, text) in [
            ("verbatim.js", "episode glue"),
            ("verbatim_bg.wasm", "episode wasm"),
            ("site/verbatim.js", "site glue"),
            ("site/verbatim_bg.wasm", "site wasm"),
            ("verbatim.css", ".vb{}"),
            ("archive.css", ".vba{}"),
            ("page.css", ".page{}"),
            ("site.css", ".site{}"),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let episode = Assets::load(dir.path(), Build::Episode).unwrap();
        assert_eq!(
            (episode.glue.as_str(), episode.widget_css.as_str(), episode.page_css.as_str()),
            ("episode glue", ".vb{}", ".page{}")
        );
        let site = Assets::load(dir.path(), Build::Site).unwrap();
        assert_eq!(
            (site.glue.as_str(), site.widget_css.as_str(), site.page_css.as_str()),
            ("site glue", ".vb{}\n.vba{}", ".page{}\n.site{}")
        );
        assert_eq!(site.wasm, b"site wasm");
    }

    #[test]
    fn the_embed_carries_the_widget_css_only_and_the_page_both() {
        let assets = Assets { widget_css: ".vb-widget{}".into(), page_css: ".page-only{}".into(), ..assets() };
        let t = Transcript::default();
        assert!(embed_loader(&assets).contains(r#"sheet.replaceSync(".vb-widget{}");"#));
        assert!(!embed_loader(&assets).contains(".page-only"));
        let page = page_text(&page(&t, b"idx", &assets));
        assert!(page.contains("<style>.page-only{}</style>"));
        assert!(page.contains(&format!(r#"id="verbatim-css">{}</script>"#, raw_bytes(&gzip_smallest(b".vb-widget{}")))));
    }

    #[test]
    fn the_frame_script_moves_the_view_state_keys() {
        assert!(frame_script().contains(r#"const KEYS = ["q", "speaker", "t"];"#));
    }

    #[test]
    fn pasted_snippets_lose_their_opening_comment_only() {
        assert_eq!(pasted("// a\n// b\nf();\n// c\n"), "f();\n// c");
        assert_eq!(pasted("// only\n"), "");
        assert!(pasted(ALERT_JS).starts_with("function showAlert("));
    }

    #[test]
    fn filling_never_fills_what_it_put_in() {
        let out = fill("a /* @x */ b /* @y */", &[("/* @y */", "Y"), ("/* @x */", "/* @y */")]);
        assert_eq!(out, "a /* @y */ b Y");
    }

    #[test]
    fn the_transcript_html_has_every_segment_escaped_under_its_chapter() {
        let t = Transcript {
            title: "Ep <1>".into(),
            speakers: vec![verbatim::Speaker {
                id: "x".into(),
                name: "<script>alert(1)</script>".into(),
                role: String::new(),
            }],
            segments: vec![
                verbatim::Segment {
                    start: 0,
                    end: 1000,
                    speaker: Some(0),
                    text: "Hello & <b>bye</b>".into(),
                    words: Vec::new(),
                },
                verbatim::Segment {
                    start: 61_500,
                    end: 62_000,
                    speaker: None,
                    text: "Second".into(),
                    words: Vec::new(),
                },
            ],
            chapters: vec![
                verbatim::transcript::Chapter { start: 0, title: "Intro".into() },
                verbatim::transcript::Chapter { start: 60_000, title: "<i>Two</i>".into() },
            ],
            ..Transcript::default()
        };
        let html = transcript_html(&t);
        assert!(html.starts_with("<section class=\"verbatim-transcript\" aria-label=\"Transcript: Ep &lt;1&gt;\">"));
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
        let intro = html.find("<h3>Intro</h3>").unwrap();
        let first = html.find("<p><strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong> <time datetime=\"PT0S\">0:00</time> Hello &amp; &lt;b&gt;bye&lt;/b&gt;</p>").unwrap();
        let two = html.find("<h3>&lt;i&gt;Two&lt;/i&gt;</h3>").unwrap();
        let second = html.find("<p><time datetime=\"PT61.5S\">1:01</time> Second</p>").unwrap();
        assert!(intro < first && first < two && two < second, "{html}");
    }
}
