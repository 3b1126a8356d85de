// Verbatim iframe embed (written by `verbatim embed`).
// In the host page (optional; without it the frame scrolls inside itself):
//   <iframe data-verbatim-frame="f-" src=".../frame.html" allow="clipboard-write"></iframe>
//   <script src=".../verbatim-frame.js" defer></script>
// (the attribute's value, optional, namespaces the frame's keys in the host's URL).
// frame.html loads this script with data-verbatim-role="frame"; anywhere else
// it is the host's part. The role never comes from "am I framed": a post shown
// in an editor's preview frame is still a host.
//
// Messages: the frame says `verbatim:ready` (nothing in it, so to any origin);
// the host answers `verbatim:host` to the frame's origin only; from then on
// the frame writes only to the origin that answered (`verbatim:height`,
// `verbatim:fragment`), and the host reads only messages from the origin of
// the frame they come from. As the post scrolls, the host tells the frame
// how much of it lies above and below the window (`verbatim:viewport`), so
// that the frame, as tall as its content, keeps its search bar and player
// on screen as if it scrolled itself.
(() => {
  const KEYS = [/* @keys */];
  const MIN_HEIGHT = 150;
  const MAX_HEIGHT = 200000;
  const pairs = (fragment) => fragment.replace(/^#/, '').split('&').filter(Boolean);
  const script = document.currentScript;

  if (script && script.getAttribute('data-verbatim-role') === 'frame') {
    if (window.parent === window) return; // opened on its own: a plain page
    let host = null; // the host page's origin, once its script has answered
    const post = (message) => host && window.parent.postMessage(message, host);
    const reportHeight = () => post({ type: 'verbatim:height', height: document.body.scrollHeight });
    document.body.style.margin = '0';
    for (const name of ['pushState', 'replaceState']) {
      const original = history[name].bind(history);
      history[name] = (...args) => {
        original(...args);
        post({ type: 'verbatim:fragment', fragment: location.hash.slice(1) });
      };
    }
    addEventListener('message', (event) => {
      const data = event.data;
      if (event.source !== window.parent || !data) return;
      if (data.type === 'verbatim:viewport' && event.origin === host) {
        // The sticky bar and player stick at the window's edges.
        const px = (n) => (Number.isFinite(n) ? Math.max(0, Math.min(MAX_HEIGHT, n)) : 0) + 'px';
        document.documentElement.style.setProperty('--vb-frame-top', px(data.top));
        document.documentElement.style.setProperty('--vb-frame-bottom', px(data.bottom));
        return;
      }
      if (data.type !== 'verbatim:host') return;
      if (host === null) {
        // The host sizes the frame to its content from now on: the page no
        // longer scrolls inside the frame, the host page does.
        host = event.origin;
        document.documentElement.style.overflow = 'hidden';
        new ResizeObserver(reportHeight).observe(document.body);
        // The view a link to the post carried, when the frame's own URL
        // lost it (a frame that began loading before the host set its src).
        const view = typeof data.view === 'string' ? data.view : '';
        if (view && view.length < 4096 && location.hash.slice(1) !== view) location.replace('#' + view);
      }
      if (event.origin !== host) return;
      // Shared links may point at the host page, on the host's own origin only.
      if (typeof data.url === 'string') {
        try {
          if (new URL(data.url).origin === host) window.verbatimShareBase = data.url;
        } catch {
          // not a URL: ignored
        }
      }
      if (typeof data.prefix === 'string') window.verbatimSharePrefix = data.prefix;
    });
    window.parent.postMessage({ type: 'verbatim:ready' }, '*');
    return;
  }

  // In the host page.
/* @band */
  const frames = () => [...document.querySelectorAll('iframe[data-verbatim-frame]')];
  const prefixOf = (frame) => frame.getAttribute('data-verbatim-frame') || '';
  const keyOf = (pair) => pair.split('=')[0];
  const ours = (frame, pair) => KEYS.some((key) => keyOf(pair) === prefixOf(frame) + key);
  const originOf = (frame) => {
    try {
      return new URL(frame.getAttribute('src'), document.baseURI).origin;
    } catch {
      return null;
    }
  };
  // Where shared links point: the post's canonical URL (on this origin), else
  // its origin and path; its query string (tracking and referral parameters)
  // only when the publisher asks for it with data-share-query.
  const shareBase = (frame) => {
    const canonical = document.querySelector('link[rel~="canonical"][href]');
    if (canonical) {
      const url = new URL(canonical.getAttribute('href'), location.href);
      if (url.origin === location.origin && url.origin !== 'null') return url.href.split('#')[0];
    }
    const here = location.href.split('#')[0];
    return frame.hasAttribute('data-share-query') ? here : here.split('?')[0];
  };
  // This frame's keys in the post's fragment, without their prefix.
  const viewOf = (frame) => pairs(location.hash).filter((pair) => ours(frame, pair)).map((pair) => pair.slice(prefixOf(frame).length));
  // Whether the frame shows its page yet: until then (a lazy frame not
  // scrolled to, a slow one) it holds about:blank, of this page's origin,
  // and a message for the frame's origin would be refused with a console
  // error. A page of another origin cannot be read: it is there.
  const showsItsPage = (frame) => {
    try {
      return frame.contentWindow != null && frame.contentWindow.location.href !== 'about:blank';
    } catch {
      return true;
    }
  };
  const greet = (frame) => {
    const origin = originOf(frame);
    const message = { type: 'verbatim:host', url: shareBase(frame), prefix: prefixOf(frame), view: viewOf(frame).join('&') };
    // To the frame's origin only: dropped if the frame shows anything else.
    if (origin && frame.contentWindow) frame.contentWindow.postMessage(message, origin);
  };
  for (const frame of frames()) {
    // The frame may have said "ready" before this script ran: greet it on
    // load too (and now, in case it has loaded already).
    frame.addEventListener('load', () => greet(frame));
    if (showsItsPage(frame)) greet(frame);
    // A shared link to the post opens the frame at the shared view.
    const mine = viewOf(frame);
    if (mine.length) {
      const url = new URL(frame.getAttribute('src'), document.baseURI);
      url.hash = mine.join('&');
      frame.src = url.href;
    }
  }
  // How much of each sized frame lies above and below the part of the
  // window where it can be seen (`visibleBand`: not under the post's fixed
  // header, not clipped by a box that scrolls it), once a frame, each time
  // the post (or a box holding the frame) scrolls or the window resizes.
  const sized = new Set();
  const tellViewport = (frame) => {
    const origin = originOf(frame);
    if (!origin || !frame.contentWindow) return;
    const box = frame.getBoundingClientRect();
    const [top, bottom] = visibleBand(frame);
    const message = { type: 'verbatim:viewport', top: Math.max(0, top - box.top), bottom: Math.max(0, box.bottom - bottom) };
    frame.contentWindow.postMessage(message, origin);
  };
  let pending = false;
  const viewportChanged = () => {
    if (pending || sized.size === 0) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      sized.forEach(tellViewport);
    });
  };
  addEventListener('scroll', viewportChanged, { capture: true, passive: true });
  addEventListener('resize', viewportChanged);
  addEventListener('message', (event) => {
    const frame = frames().find((f) => f.contentWindow === event.source);
    const data = event.data;
    if (!frame || !data || typeof data !== 'object' || event.origin !== originOf(frame)) return;
    if (data.type === 'verbatim:height' && Number.isFinite(data.height)) {
      const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)));
      frame.style.height = height + 'px';
      // The frame answers from its own page now: it can be told where it is.
      sized.add(frame);
      tellViewport(frame);
    } else if (data.type === 'verbatim:ready') {
      greet(frame);
    } else if (data.type === 'verbatim:fragment' && typeof data.fragment === 'string') {
      // Only the widget's own keys reach the host's URL, under the frame's prefix.
      const theirs = pairs(data.fragment).filter((pair) => KEYS.includes(keyOf(pair)));
      const kept = pairs(location.hash).filter((pair) => !ours(frame, pair));
      const all = kept.concat(theirs.map((pair) => prefixOf(frame) + pair));
      history.replaceState(history.state, '', all.length ? '#' + all.join('&') : location.pathname + location.search);
    }
  });
})();
