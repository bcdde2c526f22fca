// Starts the playground. No inline script: the page's Content-Security-Policy allows
// only scripts from this origin.
//
// Two steps, so that a learner sees a decision early: first the small first-paint
// module (the engine and plain DOM, web/preview) opens the scenario and draws its
// decisions; then the app (Yew, the editors and forms) loads, draws itself hidden and
// takes the first paint's place once its own decisions are ready.
const status = () => document.getElementById('boot-status');

async function firstPaint() {
  try {
    const preview = await import('./preview.js');
    await preview.default();
    await preview.first_paint();
  } catch (err) {
    // The app draws everything itself; the console says why the first paint did not.
    console.warn('first paint skipped:', err);
  }
}

await firstPaint();
try {
  const app = await import('./web.js');
  await app.default();
} catch (err) {
  const note = status();
  const message =
    'The playground could not start: ' + String(err && err.message ? err.message : err) +
    '. It needs a browser with WebAssembly (any current Chrome, Edge, Firefox or Safari).';
  const p = document.createElement('p');
  p.className = 'boot';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  if (note) note.replaceWith(p); else document.body.prepend(p);
}
