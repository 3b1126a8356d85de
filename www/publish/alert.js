// Says in the widget's place why it could not start: an alert box (the
// widget's own `.vb-alert` style) instead of `mount`'s children.
function showAlert(mount, message) {
  const box = document.createElement('div');
  box.className = 'vb-alert';
  box.setAttribute('role', 'alert');
  box.textContent = message;
  mount.replaceChildren(box);
}
