// The script of web/editor/test.html (dist/editor-test.html): loads dist/editor.js the
// way the app does, with a dynamic import(), and hands the check
// (tests/e2e/checks/09-editor-bundle.mjs) window.editorTest:
//   { createEditor, violations: [..], errors: [..] }
// violations are the page's Content-Security-Policy violations, errors its uncaught ones.
const violations = [];
const errors = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile || '?'}:${e.lineNumber || 0})`);
});
window.addEventListener('error', (e) => errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));

try {
  const { createEditor } = await import('./editor.js');
  window.editorTest = { createEditor, violations, errors };
  document.body.dataset.ready = 'true';
} catch (e) {
  errors.push(String(e));
  document.body.dataset.ready = 'error';
  throw e;
}
