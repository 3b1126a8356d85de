//! What a publisher uploads or shares (native only): one self-contained
//! HTML file for an episode ([`page`]), and the files of the script embed
//! ([`embed_loader`]).
//!
//! In: index bytes and the widget's prebuilt assets (wasm-bindgen's
//! `no-modules` glue, the wasm, the stylesheet; built once by
//! `scripts/build-widget-assets.sh`). Out: an HTML page that works when
//! opened from disk with no network: the wasm and the index are inline,
//! and so is wasm-bindgen's `no-modules` glue, all gzipped and
//! base64-encoded, inflated by the browser's `DecompressionStream`; the
//! glue then runs as a classic script, which Chromium allows from `file://`
//! (module scripts and `fetch` it blocks).
//! Always holds: nothing from the transcript reaches the page unescaped
//! (the title is HTML-escaped; everything else is inside the index bytes).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::transcript::Transcript;

/// The widget files a bundle is made from.
pub struct Assets {
    /// wasm-bindgen `no-modules` glue (defines `wasm_bindgen`).
    pub glue: String,
    /// The optimised wasm module.
    pub wasm: Vec<u8>,
    /// The widget's stylesheet and the page's.
    pub css: String,
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

impl Assets {
    /// Reads the assets, saying how to build them when they are missing.
    pub fn load(dir: &Path) -> Result<Assets, String> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| {
                format!(
                    "{}: {e}; build the widget assets with `bash scripts/build-widget-assets.sh` (or pass --assets DIR)",
                    dir.join(name).display()
                )
            })
        };
        let text = |name: &str| read(name).map(|b| String::from_utf8_lossy(&b).into_owned());
        Ok(Assets {
            glue: text("verbatim.js")?,
            wasm: read("verbatim_bg.wasm")?,
            css: format!("{}\n{}", text("verbatim.css")?, text("page.css")?),
        })
    }
}

/// Gzip at the best level.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Keeps inline script or style text from closing its element early.
fn inline_safe(code: &str) -> String {
    code.replace("</script", "<\\/script").replace("</style", "<\\/style")
}

/// The start of a page, to `<head>`'s end: the episode's title (escaped),
/// then `extra` (already safe HTML).
fn head(transcript: &Transcript, extra: &str) -> String {
    let title = match (transcript.show.is_empty(), transcript.title.is_empty()) {
        (_, true) => "Transcript".to_string(),
        (true, false) => transcript.title.clone(),
        (false, false) => format!("{} — {}", transcript.title, transcript.show),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="verbatim">
<link rel="icon" href="data:,">
<title>{}</title>
{extra}</head>"#,
        escape_html(&title)
    )
}

/// The whole page.
pub fn page(transcript: &Transcript, index: &[u8], assets: &Assets) -> String {
    format!(
        r#"{head}
<body>
<main class="page"><div data-verbatim id="verbatim"></div><noscript>This transcript needs JavaScript.</noscript></main>
<script type="application/octet-stream" id="verbatim-index">{index}</script>
<script type="application/octet-stream" id="verbatim-wasm">{wasm}</script>
<script type="application/octet-stream" id="verbatim-glue">{glue}</script>
<script>
(async () => {{
  const root = document.getElementById('verbatim');
  const inflate = async (id) => {{
    const packed = Uint8Array.from(atob(document.getElementById(id).textContent.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }};
  try {{
    root.verbatimIndex = await inflate('verbatim-index');
    // The wasm-bindgen glue, run as a classic script (it defines `wasm_bindgen`).
    const glue = document.createElement('script');
    glue.textContent = new TextDecoder().decode(await inflate('verbatim-glue'));
    document.body.append(glue);
    await wasm_bindgen({{ module_or_path: await inflate('verbatim-wasm') }});
  }} catch (error) {{
    const box = document.createElement('div');
    box.className = 'vb-alert';
    box.setAttribute('role', 'alert');
    box.textContent = 'This transcript could not start in this browser: ' + error;
    root.replaceChildren(box);
  }}
}})();
</script>
</body>
</html>
"#,
        head = head(transcript, &format!("<style>{}</style>\n", inline_safe(&assets.css))),
        index = base64(&gzip(index)),
        wasm = base64(&gzip(&assets.wasm)),
        glue = base64(&gzip(assets.glue.as_bytes())),
    )
}

/// The script embed's loader, `verbatim-embed.js`: for every
/// `[data-verbatim]` element of the host page it attaches a shadow root,
/// adopts the widget's stylesheet there (a constructed sheet, so the host's
/// CSS and the widget's stay apart and no inline `<style>` is needed), makes
/// a mount point that fetches the element's `data-src`, and gives each
/// widget its own URL prefix when there are several. The wasm is fetched
/// from beside the loader.
pub fn embed_loader(assets: &Assets) -> String {
    let css = serde_json::to_string(&assets.css).expect("a string always serialises");
    format!(
        r#"// Verbatim embed loader (written by `verbatim embed`). Usage:
//   <div data-verbatim data-src="episode.idx"></div>
//   <script src="verbatim-embed.js" defer></script>
(() => {{
  const loader = document.currentScript;
  const wasmUrl = new URL('verbatim_bg.wasm', loader ? loader.src : location.href);
  window.verbatimManualMount = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync({css});
  const hosts = [...document.querySelectorAll('[data-verbatim]')].filter((h) => !h.shadowRoot);
  const mounts = hosts.map((host, i) => {{
    const mount = document.createElement('div');
    mount.className = 'vb-mount';
    const src = host.getAttribute('data-src');
    if (src) mount.setAttribute('data-src', new URL(src, document.baseURI).href);
    const prefix = host.getAttribute('data-url-prefix') ?? (hosts.length > 1 ? `v${{i + 1}}-` : '');
    mount.setAttribute('data-url-prefix', prefix);
    const shadow = host.attachShadow({{ mode: 'open' }});
    shadow.adoptedStyleSheets = [sheet];
    shadow.replaceChildren(mount);
    return mount;
  }});
{glue}
  wasm_bindgen({{ module_or_path: wasmUrl }})
    .then(() => mounts.forEach((mount) => wasm_bindgen.mount_element(mount)))
    .catch((error) => mounts.forEach((mount) => {{
      const box = document.createElement('div');
      box.className = 'vb-alert';
      box.setAttribute('role', 'alert');
      box.textContent = 'This transcript could not start: ' + error;
      mount.replaceChildren(box);
    }}));
}})();
"#,
        css = css,
        glue = assets.glue,
    )
}

/// `verbatim-frame.js`, for the iframe embed. Inside the iframe
/// (`frame.html`) it reports the content's height and the view's fragment
/// to the host page and takes the host's URL as the base of shared links;
/// in the host page (optional, for platforms that allow a script) it sizes
/// each `iframe[data-verbatim-frame]` to its content, hands the host's
/// fragment to the frame on load, and keeps the host's URL in step with
/// the frame's view, so "share this view" links open the post.
pub const FRAME_SCRIPT: &str = r#"// Verbatim iframe embed (written by `verbatim embed`).
// In the host page: <iframe data-verbatim-frame="f-" src=".../frame.html"></iframe>
// (the attribute's value, optional, namespaces the frame's keys in the host's URL).
(() => {
  const KEYS = ['q', 'speaker', 't'];
  const pairs = (fragment) => fragment.replace(/^#/, '').split('&').filter(Boolean);
  if (window.parent !== window) {
    // Inside the frame.
    const post = (message) => window.parent.postMessage(message, '*');
    document.documentElement.style.overflow = 'hidden';
    document.body.style.margin = '0';
    new ResizeObserver(() => post({ type: 'verbatim:height', height: document.body.scrollHeight })).observe(document.body);
    for (const name of ['pushState', 'replaceState']) {
      const original = history[name].bind(history);
      history[name] = (...args) => {
        original(...args);
        post({ type: 'verbatim:fragment', fragment: location.hash.slice(1) });
      };
    }
    addEventListener('message', (event) => {
      const data = event.data;
      if (event.source !== window.parent || !data || data.type !== 'verbatim:host') return;
      if (typeof data.url === 'string') window.verbatimShareBase = data.url;
      if (typeof data.prefix === 'string') window.verbatimSharePrefix = data.prefix;
    });
    post({ type: 'verbatim:ready' });
    return;
  }
  // In the host page.
  const frames = () => [...document.querySelectorAll('iframe[data-verbatim-frame]')];
  const prefixOf = (frame) => frame.getAttribute('data-verbatim-frame') || '';
  const ours = (frame, pair) => KEYS.some((key) => pair.split('=')[0] === prefixOf(frame) + key);
  for (const frame of frames()) {
    // A shared link to the post opens the frame at the shared view.
    const mine = pairs(location.hash).filter((pair) => ours(frame, pair)).map((pair) => pair.slice(prefixOf(frame).length));
    if (mine.length) {
      const url = new URL(frame.getAttribute('src'), document.baseURI);
      url.hash = mine.join('&');
      frame.src = url.href;
    }
  }
  addEventListener('message', (event) => {
    const frame = frames().find((f) => f.contentWindow === event.source);
    const data = event.data;
    if (!frame || !data || typeof data !== 'object') return;
    if (data.type === 'verbatim:height' && Number.isFinite(data.height)) {
      frame.style.height = Math.ceil(data.height) + 'px';
    } else if (data.type === 'verbatim:ready') {
      frame.contentWindow.postMessage({ type: 'verbatim:host', url: location.href.split('#')[0], prefix: prefixOf(frame) }, '*');
    } else if (data.type === 'verbatim:fragment' && typeof data.fragment === 'string') {
      const kept = pairs(location.hash).filter((pair) => !ours(frame, pair));
      const all = kept.concat(pairs(data.fragment).map((pair) => prefixOf(frame) + pair));
      history.replaceState(null, '', all.length ? '#' + all.join('&') : location.pathname + location.search);
    }
  });
})();
"#;

/// `frame.html`, the page the iframe embed loads: the script embed of
/// `episode.idx` on a page of its own.
pub fn frame_page(transcript: &Transcript) -> String {
    format!(
        r#"{head}
<body>
<div data-verbatim data-src="episode.idx"></div>
<script src="verbatim-frame.js"></script>
<script src="verbatim-embed.js" defer></script>
</body>
</html>
"#,
        head = head(transcript, ""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn hostile_titles_are_escaped() {
        let t = Transcript {
            title: "<script>alert(1)</script>".into(),
            show: "\"x\" & 'y'".into(),
            ..Transcript::default()
        };
        let assets = Assets { glue: "var x = '</script>';".into(), wasm: vec![0, 1], css: "a{}</style>".into() };
        let html = page(&t, b"idx", &assets);
        assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; — &quot;x&quot; &amp; &#39;y&#39;</title>"));
        assert!(!html.contains("'</script>'") && !html.contains("a{}</style>"));
        assert_eq!(html.matches("<script").count(), html.matches("</script>").count());
    }
}
