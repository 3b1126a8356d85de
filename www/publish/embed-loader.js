// Verbatim embed loader (written by `verbatim embed` and `verbatim archive`). Usage:
//   <div data-verbatim data-src="episode.idx"></div>
//   <div data-verbatim-archive data-src="catalogue/"></div>   (a show's archive)
//   <script src="verbatim-embed.js" defer></script>
(() => {
/* @alert */
  const loader = document.currentScript;
  const wasmUrl = new URL('verbatim_bg.wasm', loader ? loader.src : location.href);
  window.verbatimManualMount = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("@css");
  // A mount point in a shadow root of `host`, with the host's data-src as
  // an absolute URL (the wasm resolves nothing against the host page).
  const shadowMount = (host, src, prefix) => {
    const mount = document.createElement('div');
    mount.className = 'vb-mount';
    if (src) mount.setAttribute('data-src', new URL(src, document.baseURI).href);
    mount.setAttribute('data-url-prefix', prefix);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [sheet];
    shadow.replaceChildren(mount);
    return mount;
  };
  const hosts = [...document.querySelectorAll('[data-verbatim]')].filter((h) => !h.shadowRoot);
  const mounts = hosts.map((host, i) => {
    const prefix = host.getAttribute('data-url-prefix') ?? (hosts.length > 1 ? `v${i + 1}-` : '');
    const mount = shadowMount(host, host.getAttribute('data-src'), prefix);
    if (host.hasAttribute('data-share-query')) mount.setAttribute('data-share-query', '');
    return mount;
  });
  // The search bar and player stick inside the part of the window where
  // the widget can be seen: below the page's fixed header, above its fixed
  // footer (`visibleBand`), as offsets from the edges of the box the
  // widget scrolls in (the window, or a scrolling element).
/* @band */
  const keepBarsInSight = (host) => {
    const own = host.getBoundingClientRect();
    if (own.bottom < 0 || own.top > innerHeight) return;
    const [top, bottom] = visibleBand(host);
    // The box the widget scrolls in: the nearest that clips it, else the window.
    const [portTop, portBottom] = clippingBoxes(host)[0] ?? [0, innerHeight];
    for (const [name, value] of [['--vb-frame-top', top - portTop], ['--vb-frame-bottom', portBottom - bottom]]) {
      // Nothing in the way: no value of its own, so a value from above (the
      // iframe embed's page sets them on its root) still reaches the widget.
      const px = Math.round(value) > 0 ? Math.round(value) + 'px' : '';
      if (host.style.getPropertyValue(name) !== px) {
        if (px) host.style.setProperty(name, px);
        else host.style.removeProperty(name);
      }
    }
  };
  let pending = false;
  const barsChanged = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      hosts.forEach(keepBarsInSight);
    });
  };
  if (hosts.length) {
    addEventListener('scroll', barsChanged, { capture: true, passive: true });
    addEventListener('resize', barsChanged);
    barsChanged();
  }
  // Archive widgets: a show's catalogue folder (data-src, catalogue/ by default).
  const archives = [...document.querySelectorAll('[data-verbatim-archive]')]
    .filter((h) => !h.shadowRoot)
    .map((host) => shadowMount(host, host.getAttribute('data-src') || 'catalogue/', host.getAttribute('data-url-prefix') ?? ''));
  // A widget that cannot start says why, and the page's own content of its
  // element (an archive page's list of episodes, an episode page's text)
  // shows again below, through a slot.
  const fallBack = (mount, message) => {
    showAlert(mount, message);
    mount.after(document.createElement('slot'));
  };
  // Opened from disk, a page may not fetch its files: say what to do.
  // Files on another site that does not let this page load them fail as
  // the network would: say the likelier cause.
  const why = (error) => location.protocol === 'file:'
    ? 'this page was opened from disk (file://), and browsers do not let such a page load its files. ' +
      'Serve its folder instead: for example, run `python3 -m http.server` in it and open http://localhost:8000/.'
    : error instanceof TypeError && wasmUrl.origin !== location.origin
      ? `${error}: its files on ${wasmUrl.origin} could not be loaded from this page. The server they are on must ` +
        'allow other sites to load them (an `Access-Control-Allow-Origin` header), or they must be on this site; ' +
        'the iframe embed needs neither.'
      : String(error);
/* @glue */
  wasm_bindgen({ module_or_path: wasmUrl })
    .then(() => {
      mounts.forEach((mount) => wasm_bindgen.mount_element(mount));
      // Only the build `verbatim archive` ships has the archive widget.
      const mountArchive = wasm_bindgen.mount_archive;
      archives.forEach((mount) => mountArchive
        ? mountArchive(mount)
        : fallBack(mount, 'This build of the widget has no archive search: publish the show with `verbatim archive`.'));
    })
    .catch((error) => {
      mounts.forEach((mount) => fallBack(mount, 'This transcript could not start: ' + why(error)));
      archives.forEach((mount) => fallBack(mount, 'This archive could not start: ' + why(error)));
    });
})();
