// Verbatim iframe embed (written by `verbatim embed`).
// In the host page: <iframe data-verbatim-frame="f-" src=".../frame.html" allow="clipboard-write"></iframe>
// (the attribute's value, optional, namespaces the frame's keys in the host's URL).
(() => {
  const KEYS = [/* @keys */];
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
      frame.contentWindow.postMessage({ type: 'verbatim:host', url: shareBase(frame), prefix: prefixOf(frame) }, '*');
    } else if (data.type === 'verbatim:fragment' && typeof data.fragment === 'string') {
      const kept = pairs(location.hash).filter((pair) => !ours(frame, pair));
      const all = kept.concat(pairs(data.fragment).map((pair) => prefixOf(frame) + pair));
      history.replaceState(history.state, '', all.length ? '#' + all.join('&') : location.pathname + location.search);
    }
  });
})();
