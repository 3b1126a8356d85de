// Where a reader can see `element` in the host page: [top, bottom] in
// viewport pixels. Inside every box that clips it (a scrolling container,
// an app shell), below the bars the page fixes over the top of that area
// (a site header, a sticky navigation) and above those over its bottom (a
// cookie banner, an audio dock). The widget keeps its search bar and player
// inside this band. Shared by the iframe embed's host script and the
// script embed's loader (pasted in where they say `@band`).
function visibleBand(element) {
  let top = 0;
  let bottom = innerHeight;
  for (const [edge, end] of clippingBoxes(element)) {
    top = Math.max(top, edge);
    bottom = Math.min(bottom, end);
  }
  const own = element.getBoundingClientRect();
  const x = Math.min(innerWidth - 1, Math.max(0, (Math.max(own.left, 0) + Math.min(own.right, innerWidth)) / 2));
  // The page's fixed or sticky box over the point, if the topmost thing
  // there is not the element itself (nor one of its own ancestors).
  const barAt = (y) => {
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit === element || element.contains(hit)) return null;
    for (let box = hit; box && box !== document.documentElement; box = box.parentElement) {
      if (box.contains(element)) return null;
      const position = getComputedStyle(box).position;
      if (position === 'fixed' || position === 'sticky') return box.getBoundingClientRect();
    }
    return null;
  };
  // Bars may stack (an announcement above a header): a few at most.
  for (let i = 0; i < 3 && bottom - top > 1; i++) {
    const bar = barAt(top + 1);
    if (!bar || bar.bottom <= top) break;
    top = Math.min(bottom, bar.bottom);
  }
  for (let i = 0; i < 3 && bottom - top > 1; i++) {
    const bar = barAt(bottom - 1);
    if (!bar || bar.top >= bottom) break;
    bottom = Math.max(top, bar.top);
  }
  return [top, bottom];
}

// The [top, bottom] of the client box of each element around `element`
// that clips it (overflow other than visible: a scrolling box), nearest
// first, in viewport pixels.
function clippingBoxes(element) {
  const boxes = [];
  for (let box = element.parentElement; box && box !== document.body && box !== document.documentElement; box = box.parentElement) {
    if (getComputedStyle(box).overflowY === 'visible') continue;
    const edge = box.getBoundingClientRect().top + box.clientTop;
    boxes.push([edge, edge + box.clientHeight]);
  }
  return boxes;
}
