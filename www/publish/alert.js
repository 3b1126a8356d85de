// Says in the widget's place why it could not start: an alert box, framed
// as the widget frames its own (`.vb-root .vb-alert`), instead of `mount`'s
// children.
function showAlert(mount, message) {
  const box = document.createElement('div');
  box.className = 'vb-alert';
  box.setAttribute('role', 'alert');
  box.textContent = message;
  const frame = document.createElement('div');
  frame.className = 'vb-root';
  frame.append(box);
  mount.replaceChildren(frame);
}
