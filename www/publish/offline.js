// The offline page's script (`verbatim bundle` inlines it, without this
// comment): inflates the inline index, stylesheet, wasm-bindgen glue and
// wasm, then starts the widget. `showAlert` comes from alert.js, pasted in
// below. The parts are gzipped and written a byte to a character on this
// windows-1252 page (see `raw_bytes` in src/publish.rs): a character is its
// byte, except that the encoding shows 0x80..0x9F as other characters (mapped
// back here) and `=` starts an escaped byte (`=a` NUL, `=b` CR, `=c` `<`,
// `=d` `=`, which a raw-text element cannot hold); the first four bytes are
// the length. A server whose Content-Type names another charset (static
// hosts send UTF-8) overrides the page's own: then the parts are read from
// the page's bytes, fetched again.
(async () => {
/* @alert */
  const root = document.getElementById('verbatim');
  const ESCAPED = [0x00, 0x0d, 0x3c, 0x3d];
  const HIGH = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));
  const BYTE_OF = new Map(Array.from(HIGH, (c, i) => [c.charCodeAt(0), 0x80 + i]));
  const unpack = (written) => {
    const bytes = new Uint8Array(written.length);
    let length = 0;
    for (let i = 0; i < written.length; i++) {
      let byte = written[i];
      if (byte === 0x3d) byte = ESCAPED[written[++i] - 0x61];
      if (byte === undefined || byte > 0xff) throw new Error('an inline part of this page is damaged');
      bytes[length++] = byte;
    }
    const size = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    if (size !== length - 4) throw new Error('an inline part of this page is truncated');
    return bytes.subarray(4, length);
  };
  // The bytes an element's text was decoded from, on a windows-1252 page
  // (0x100 for a character that stands for no byte).
  const bytesOfText = (text) => Uint16Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : BYTE_OF.get(code) ?? 0x100;
  });
  let page = null;
  const written = async (id) => {
    if (document.characterSet.toLowerCase() === 'windows-1252') {
      return bytesOfText(document.getElementById(id).textContent);
    }
    page ??= new Uint8Array(await (await fetch(location.href, { cache: 'force-cache' })).arrayBuffer());
    const find = (marker, from) => {
      const m = Array.from(marker, (c) => c.charCodeAt(0));
      for (let i = page.indexOf(m[0], from); i !== -1; i = page.indexOf(m[0], i + 1)) {
        if (m.every((b, j) => page[i + j] === b)) return i;
      }
      throw new Error('an inline part of this page is missing');
    };
    const open = `id="${id}">`;
    const start = find(open, 0) + open.length;
    return page.subarray(start, find('</script>', start));
  };
  const inflate = async (id) => {
    const packed = unpack(await written(id));
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
