// Verbatim embed loader (written by `verbatim embed`). Usage:
//   <div data-verbatim data-src="episode.idx"></div>
//   <script src="verbatim-embed.js" defer></script>
(() => {
/* @alert */
  const loader = document.currentScript;
  const wasmUrl = new URL('verbatim_bg.wasm', loader ? loader.src : location.href);
  window.verbatimManualMount = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("@css");
  const hosts = [...document.querySelectorAll('[data-verbatim]')].filter((h) => !h.shadowRoot);
  const mounts = hosts.map((host, i) => {
    const mount = document.createElement('div');
    mount.className = 'vb-mount';
    const src = host.getAttribute('data-src');
    if (src) mount.setAttribute('data-src', new URL(src, document.baseURI).href);
    const prefix = host.getAttribute('data-url-prefix') ?? (hosts.length > 1 ? `v${i + 1}-` : '');
    mount.setAttribute('data-url-prefix', prefix);
    if (host.hasAttribute('data-share-query')) mount.setAttribute('data-share-query', '');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [sheet];
    shadow.replaceChildren(mount);
    return mount;
  });
/* @glue */
  wasm_bindgen({ module_or_path: wasmUrl })
    .then(() => mounts.forEach((mount) => wasm_bindgen.mount_element(mount)))
    .catch((error) => mounts.forEach((mount) => showAlert(mount, 'This transcript could not start: ' + error)));
})();
