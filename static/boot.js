// Loads the playground's WebAssembly. No inline script: the page's
// Content-Security-Policy allows only scripts from this origin.
import init from './web.js';

init().catch((err) => {
  const status = document.getElementById('boot-status');
  if (status) {
    status.textContent =
      'The playground could not start: ' + String(err && err.message ? err.message : err) +
      '. It needs a browser with WebAssembly (any current Chrome, Edge, Firefox or Safari).';
  }
});
