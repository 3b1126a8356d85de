// The offline page's script (`verbatim bundle` inlines it, without this
// comment): inflates the inline index, wasm-bindgen glue and wasm, then
// starts the widget. `showAlert` comes from alert.js, pasted in below.
(async () => {
/* @alert */
  const root = document.getElementById('verbatim');
  const inflate = async (id) => {
    const packed = Uint8Array.from(atob(document.getElementById(id).textContent.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };
  try {
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
