// The offline page's script (`verbatim bundle` inlines it, without this
// comment): inflates the inline index, stylesheet, wasm-bindgen glue and
// wasm, then starts the widget. `showAlert` comes from alert.js, pasted in
// below. The parts are gzipped and written seven bits to a character (see
// `septets` in src/publish.rs): an ASCII character is seven bits; a
// character from U+0100 is an escaped group (NUL, CR or `<`, which a
// raw-text element cannot hold) and the group after it; the first four
// bytes are the length.
(async () => {
/* @alert */
  const root = document.getElementById('verbatim');
  const ESCAPES = [0x00, 0x0d, 0x3c];
  const unpack = (text) => {
    const bytes = new Uint8Array(Math.floor((text.length * 14) / 8) + 1);
    let bits = 0, count = 0, length = 0;
    const push = (group) => {
      bits = ((bits << 7) | group) & 0x7fff;
      count += 7;
      if (count >= 8) {
        count -= 8;
        bytes[length++] = bits >> count;
      }
    };
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        push(code);
      } else {
        push(ESCAPES[(code - 0x100) >> 7]);
        push(code & 0x7f);
      }
    }
    const size = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    if (size > length - 4) throw new Error('an inline part of this page is truncated');
    return bytes.subarray(4, 4 + size);
  };
  const inflate = async (id) => {
    const packed = unpack(document.getElementById(id).textContent);
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };
  try {
    const style = document.createElement('style');
    style.textContent = new TextDecoder().decode(await inflate('verbatim-css'));
    document.head.append(style);
    root.verbatimIndex = await inflate('verbatim-index');
    // The wasm-bindgen glue, run as a classic script (it defines `wasm_bindgen`).
    const glue = document.createElement('script');
    glue.textContent = new TextDecoder().decode(await inflate('verbatim-glue'));
    document.body.append(glue);
    await wasm_bindgen({ module_or_path: await inflate('verbatim-wasm') });
  } catch (error) {
    showAlert(root, 'This transcript could not start in this browser: ' + error);
  }
})();
