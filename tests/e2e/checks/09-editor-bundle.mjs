// The code editor module (web/editor/ -> dist/editor.js), on its own test page
// (web/editor/test.html -> dist/editor-test.html): the playground's exact
// Content-Security-Policy, the page's style.css, and the module loaded with a dynamic
// import() as the app does. These checks drive the module's contract (createEditor and
// its handle) directly, so they run whether or not the app uses the editor yet.
// Besides the runner's own watch (console errors, uncaught exceptions), every check
// asserts that the page saw no `securitypolicyviolation` event.
import { assert, assertEqual, short } from '../lib.mjs';

const PAGE = '/editor-test.html';

/** Opens the test page and waits for editor.js to load. */
async function openPage(t, page = t.page) {
  await page.goto(t.origin + PAGE);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 15000 });
  const state = await page.evaluate(() => ({
    ready: document.body.dataset.ready,
    errors: window.editorTest?.errors ?? [],
  }));
  assert(state.ready === 'true', `${PAGE}: editor.js did not load: ${short(state.errors)}`);
  return page;
}

/** Creates an editor in #editor (replacing the last one). window.changes collects onChange. */
async function create(page, doc, completions = undefined, height = null) {
  await page.evaluate(
    ({ doc, completions, height }) => {
      window.ed?.destroy();
      window.changes = [];
      const parent = document.getElementById('editor');
      parent.style.height = height ? `${height}px` : ''; // CSSOM: allowed by the CSP
      window.ed = window.editorTest.createEditor(parent, {
        doc,
        ariaLabel: 'Policy JSON',
        completions,
        onChange: (text) => window.changes.push(text),
      });
    },
    { doc, completions, height },
  );
}

const call = (page, method, ...args) =>
  page.evaluate(({ method, args }) => window.ed[method](...args), { method, args });
const changes = (page) => page.evaluate(() => window.changes);
const selection = (page) =>
  page.evaluate(() => {
    const { from, to, head } = window.ed.view.state.selection.main;
    return { from, to, head };
  });

/** No CSP violation and no uncaught error on the page so far. */
async function assertClean(page) {
  const { violations, errors } = await page.evaluate(() => window.editorTest);
  assertEqual(violations, [], 'Content-Security-Policy violations');
  assertEqual(errors, [], 'uncaught errors');
}

/** The labels shown in the completion popup (waits for it, or for `want` among them). */
async function completionLabels(page, want = null) {
  await page.waitForFunction(
    (want) => {
      const items = [...document.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel')];
      return items.length > 0 && (!want || items.some((li) => li.textContent === want));
    },
    want,
    { timeout: 5000 },
  ).catch(() => {});
  return page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (els) => els.map((e) => e.textContent));
}

/** 18,000 fake actions over 300 services, with s3's real-looking ones among them. */
function fakeActions() {
  const verbs = ['Get', 'Put', 'List', 'Delete', 'Create', 'Update', 'Describe', 'Tag', 'Untag', 'Generate'];
  const nouns = ['Thing', 'Widget', 'Gadget', 'Record', 'Item', 'Policy'];
  const out = ['s3:GetObject', 's3:GetObjectAcl', 's3:GetBucketPolicy', 's3:PutObject', 's3:GenerateReport'];
  for (let s = 0; out.length < 18000; s++) {
    const svc = `svc${s}`;
    for (let i = 0; i < 60 && out.length < 18000; i++) out.push(`${svc}:${verbs[i % 10]}${nouns[Math.floor(i / 10)]}${i}`);
  }
  return out;
}

const STATEMENT_DOC = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      @
    }
  ]
}
`;

export default [
  {
    name: 'editor bundle: loads under the page CSP; typing calls onChange, setDoc does not',
    async run(t) {
      const page = await openPage(t);
      const doc = '{\n  "Version": "2012-10-17"\n}\n';
      await create(page, doc);
      const dom = await page.evaluate(() => {
        const cs = (sel) => getComputedStyle(document.querySelector(sel));
        const root = getComputedStyle(document.documentElement);
        return {
          editor: !!document.querySelector('#editor .cm-editor'),
          lineNumbers: !!document.querySelector('.cm-lineNumbers'),
          foldGutter: !!document.querySelector('.cm-foldGutter'),
          lintGutter: !!document.querySelector('.cm-gutter-lint'),
          ariaLabel: document.querySelector('.cm-content').getAttribute('aria-label'),
          fontSize: cs('.cm-scroller').fontSize,
          lineHeight: cs('.cm-scroller').lineHeight,
          background: cs('.cm-editor').backgroundColor,
          codeBg: root.getPropertyValue('--code-bg').trim(),
          adopted: document.adoptedStyleSheets.length,
          styleElements: document.querySelectorAll('style').length,
          propertyColor: cs('.cm-line span').color,
        };
      });
      assert(dom.editor && dom.lineNumbers && dom.foldGutter && dom.lintGutter, `editor parts: ${short(dom)}`);
      assertEqual(dom.ariaLabel, 'Policy JSON', 'aria-label of .cm-content');
      assertEqual([dom.fontSize, dom.lineHeight], ['13px', '20px'], 'font size and line height');
      assert(dom.adopted > 0 && dom.styleElements === 0, `styles: ${dom.adopted} adopted stylesheets, ${dom.styleElements} <style> elements`);
      const bg = await page.evaluate((v) => {
        const e = document.createElement('div');
        e.style.color = v;
        document.body.append(e);
        const c = getComputedStyle(e).color;
        e.remove();
        return c;
      }, dom.codeBg);
      assertEqual(dom.background, bg, 'editor background (var(--code-bg))');

      // Type at the end of line 2.
      await call(page, 'select', doc.indexOf('"\n}'), doc.indexOf('"\n}'));
      await page.keyboard.press('End');
      await page.keyboard.type(',\n"Id": "x');
      const text = await call(page, 'getDoc');
      assert(text.includes('"Id": "x"'), `after typing: ${short(text)}`);
      const seen = await changes(page);
      assert(seen.length > 0, 'onChange was not called while typing');
      assertEqual(seen.at(-1), text, 'the last onChange text');

      // setDoc: no onChange; same text: nothing happens.
      const n = seen.length;
      await call(page, 'setDoc', '{\n  "Version": "2008-10-17"\n}\n');
      await call(page, 'setDoc', '{\n  "Version": "2008-10-17"\n}\n');
      assertEqual(await call(page, 'getDoc'), '{\n  "Version": "2008-10-17"\n}\n', 'getDoc after setDoc');
      assertEqual((await changes(page)).length, n, 'onChange calls after setDoc');
      await assertClean(page);
      await t.shot('editor-bundle-1280');
    },
  },
  {
    name: 'editor bundle: setDoc changes only what differs, so the cursor stays on its text',
    async run(t) {
      const page = await openPage(t);
      const doc = '{\n  "Sid": "one",\n  "Effect": "Allow"\n}\n';
      await create(page, doc);
      const at = doc.indexOf('Allow') + 2;
      await call(page, 'select', at, at);
      // Insert before the cursor: it moves with its text.
      const next = doc.replace('"one"', '"one and two"');
      await call(page, 'setDoc', next);
      assertEqual((await selection(page)).head, at + ' and two'.length, 'cursor after setDoc');
      assertEqual(await call(page, 'getDoc'), next, 'getDoc');
      // Undo of a setDoc is the user's edit: it reverts and calls onChange.
      assertEqual(await call(page, 'undo'), true, 'undo()');
      assertEqual(await call(page, 'getDoc'), doc, 'getDoc after undo');
      assertEqual(await changes(page), [doc], 'onChange calls (only the undo)');
      assertEqual(await call(page, 'redo'), true, 'redo()');
      assertEqual(await call(page, 'getDoc'), next, 'getDoc after redo');
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: setDiagnostics underlines, marks the gutter, shows tooltips, clamps',
    async run(t) {
      const page = await openPage(t);
      const doc = '{\n  "Effect": "Allow",\n  "Action": "s3:GetObjekt"\n}\n';
      await create(page, doc);
      const from = doc.indexOf('s3:GetObjekt');
      await call(page, 'setDiagnostics', [
        { from, to: from + 12, severity: 'error', message: 'No such action: s3:GetObjekt' },
        { from: doc.indexOf('Allow'), to: doc.indexOf('Allow') + 5, severity: 'warning', message: 'A warning' },
        { from: -10, to: 1e9, severity: 'info', message: 'The whole text, clamped' },
      ]);
      await page.locator('.cm-lintRange-error').first().waitFor();
      const err = await page.$$eval('.cm-lintRange-error', (els) => els.map((e) => e.textContent).join(''));
      assertEqual(err, 's3:GetObjekt', 'text underlined as an error');
      const look = await page.$eval('.cm-lintRange-error', (e) => {
        const s = getComputedStyle(e);
        return { line: s.textDecorationLine, style: s.textDecorationStyle };
      });
      assertEqual(look, { line: 'underline', style: 'wavy' }, 'error underline');
      assert(await page.locator('.cm-lintRange-warning').count() > 0, 'no .cm-lintRange-warning');
      assert(await page.locator('.cm-lintRange-info').count() > 0, 'no .cm-lintRange-info (the clamped span)');
      assert(await page.locator('.cm-gutter-lint .cm-lint-marker-error').count() === 1, 'no error marker in the lint gutter');
      // Hovering the underline shows the message.
      await page.locator('.cm-lintRange-error').first().hover();
      await page.locator('.cm-tooltip-lint').waitFor();
      const tip = await page.locator('.cm-tooltip-lint').textContent();
      assert(tip.includes('No such action: s3:GetObjekt'), `tooltip: ${short(tip)}`);
      assertEqual(await changes(page), [], 'onChange calls');
      await t.shot('editor-bundle-diagnostics');
      await call(page, 'setDiagnostics', []);
      await page.waitForFunction(() => !document.querySelector('.cm-lintRange'));
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: select(from, to) counts UTF-16 units past é and 🔑, centres and focuses',
    async run(t) {
      const page = await openPage(t);
      // Line 62 of 123, in a 300 px editor: far enough from both ends to be centred.
      const lines = ['{', '  "Statement": ['];
      const filler = (i) => `    { "Sid": "café 🔑 ${i}", "Effect": "Allow", "Action": "s3:List${i}", "Resource": "*" },`;
      for (let i = 0; i < 59; i++) lines.push(filler(i));
      lines.push('    { "Sid": "é🔑é", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" },');
      for (let i = 59; i < 118; i++) lines.push(filler(i));
      lines.push('    { "Sid": "last" }', '  ]', '}', '');
      const doc = lines.join('\n');
      await create(page, doc, undefined, 300);
      const from = doc.indexOf('s3:GetObject');
      await call(page, 'select', from, from + 's3:GetObject'.length);
      await page.waitForTimeout(100);
      const got = await page.evaluate(() => {
        const sel = window.ed.view.state.selection.main;
        const scroller = document.querySelector('.cm-scroller').getBoundingClientRect();
        const coords = window.ed.view.coordsAtPos(sel.from);
        return {
          text: window.ed.view.state.sliceDoc(sel.from, sel.to),
          domText: String(window.getSelection()),
          focused: document.activeElement === document.querySelector('.cm-content'),
          offset: coords ? (coords.top + coords.bottom) / 2 - (scroller.top + scroller.bottom) / 2 : null,
          height: scroller.height,
        };
      });
      assertEqual(got.text, 's3:GetObject', 'selected text');
      assertEqual(got.domText, 's3:GetObject', 'the DOM selection');
      assert(got.focused, 'the editor is not focused after select()');
      assert(got.offset !== null && Math.abs(got.offset) < 40, `the selection is ${got.offset} px from the middle of the ${got.height} px editor`);
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: format() pretty-prints as one undoable change; false on bad JSON',
    async run(t) {
      const page = await openPage(t);
      const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*","Condition":{},"NotAction":[]}]}';
      await create(page, doc);
      assertEqual(await call(page, 'format'), true, 'format()');
      const pretty = JSON.stringify(JSON.parse(doc), null, 2);
      assertEqual(await call(page, 'getDoc'), pretty, 'formatted text');
      assertEqual(await changes(page), [pretty], 'onChange after format()');
      assertEqual(await call(page, 'undo'), true, 'undo()');
      assertEqual(await call(page, 'getDoc'), doc, 'text after one undo');
      assertEqual(await call(page, 'redo'), true, 'redo()');
      assertEqual(await call(page, 'getDoc'), pretty, 'text after redo');
      assertEqual(await call(page, 'format'), true, 'format() of formatted text');
      assertEqual((await changes(page)).length, 3, 'onChange calls (format, undo, redo; none for a no-op format)');
      // Tokens stay as written: escapes, number spelling, key order, duplicate keys.
      const odd = '{"b":1,"10":2.50,"s":"\\u00e9\\n","b":[ ],"e":{ }}\n';
      await call(page, 'setDoc', odd);
      assertEqual(await call(page, 'format'), true, 'format() of odd JSON');
      assertEqual(
        await call(page, 'getDoc'),
        '{\n  "b": 1,\n  "10": 2.50,\n  "s": "\\u00e9\\n",\n  "b": [],\n  "e": {}\n}\n',
        'formatted odd JSON',
      );
      // Not JSON: false, nothing changes.
      const bad = '{"Version": "2012-10-17",';
      await call(page, 'setDoc', bad);
      const n = (await changes(page)).length;
      assertEqual(await call(page, 'format'), false, 'format() of bad JSON');
      assertEqual(await call(page, 'getDoc'), bad, 'bad JSON after format()');
      assertEqual((await changes(page)).length, n, 'onChange calls after a failed format()');
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: completes actions from 18,000 within ~100 ms, and IAM keys and values',
    async run(t) {
      const page = await openPage(t);
      const completions = {
        actions: fakeActions(),
        resources: ['arn:aws:s3:::team-reports', 'arn:aws:s3:::team-reports/*'],
        conditionKeys: ['aws:SourceIp', 'aws:PrincipalTag/team', 's3:prefix'],
      };
      const doc = STATEMENT_DOC.replace('@', '');
      const at = STATEMENT_DOC.indexOf('@');
      await create(page, doc, completions);
      await call(page, 'select', at, at);

      // Type up to the last character, then time the last one to the popup's update.
      await page.keyboard.type('"Action": "s3:Ge', { delay: 20 });
      await completionLabels(page, 's3:GenerateReport');
      await page.evaluate(() => {
        window.timing = { t0: 0, t1: 0 };
        document.addEventListener('keydown', () => (window.timing.t0 = performance.now()), { capture: true, once: true });
        const done = () => {
          const labels = [...document.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel')].map((e) => e.textContent);
          return labels.includes('s3:GetObject') && !labels.includes('s3:GenerateReport');
        };
        const mo = new MutationObserver(() => {
          if (window.timing.t0 && !window.timing.t1 && done()) {
            window.timing.t1 = performance.now();
            mo.disconnect();
          }
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      await page.keyboard.press('t');
      await page.waitForFunction(() => window.timing.t1 > 0, null, { timeout: 5000 });
      const ms = await page.evaluate(() => window.timing.t1 - window.timing.t0);
      t.note(`completion popup updated ${ms.toFixed(1)} ms after the key press (18,000 actions)`);
      assert(ms < 250, `the completion popup took ${ms.toFixed(0)} ms to show s3:GetObject`);
      const labels = await completionLabels(page, 's3:GetObject');
      assert(labels.length <= 100, `${labels.length} options shown (cap: 100)`);
      assert(labels.every((l) => l.toLowerCase().includes('s3:get')), `options: ${short(labels)}`);
      await t.shot('editor-bundle-completion');

      // Narrow down and accept: the string is completed in place, quotes untouched.
      await page.keyboard.type('Object');
      await page.waitForFunction(
        () => document.querySelector('.cm-tooltip-autocomplete li .cm-completionLabel')?.textContent === 's3:GetObject',
        null,
        { timeout: 5000 },
      ).catch(() => {});
      assertEqual((await completionLabels(page))[0], 's3:GetObject', 'first option after typing s3:GetObject');
      await page.keyboard.press('Enter');
      let text = await call(page, 'getDoc');
      assert(text.includes('"Action": "s3:GetObject"\n') || text.includes('"Action": "s3:GetObject"'), `after accepting: ${short(text)}`);
      assertEqual((await changes(page)).at(-1), text, 'onChange after accepting a completion');

      // An array of actions; a word inside the name ("listwidget") finds it too.
      await page.keyboard.type(',\n"NotAction": ["listwidget1');
      text = await call(page, 'getDoc');
      assert(text.includes('"Action": "s3:GetObject",\n'), `the cursor was not after the accepted string: ${short(text)}`);
      const inArray = await completionLabels(page, 'svc0:ListWidget12');
      assert(inArray.includes('svc0:ListWidget12'), `NotAction array options: ${short(inArray)}`);
      await page.keyboard.press('Escape');

      // Statement keys, Effect values, Resource values, condition operators and keys.
      const cases = [
        { doc: STATEMENT_DOC, type: '"Not', want: ['NotAction', 'NotPrincipal', 'NotResource'] },
        { doc: STATEMENT_DOC, type: '"Resource": "arn', want: ['arn:aws:s3:::team-reports', 'arn:aws:s3:::team-reports/*'] },
        { doc: STATEMENT_DOC.replace('"Effect": "Allow",', '"Effect": "@",').replace('@\n', '\n'), type: '', want: ['Allow', 'Deny'], explicit: true },
        { doc: STATEMENT_DOC, type: '"Condition": {"StringEq', want: ['StringEquals', 'StringEqualsIfExists', 'ForAllValues:StringEquals', 'ForAnyValue:StringEqualsIgnoreCase'] },
        { doc: STATEMENT_DOC, type: '"Condition": {"IpAddress": {"aws:So', want: ['aws:SourceIp'] },
        { doc: '{\n  @\n}\n', type: '"Ver', want: ['Version'] },
      ];
      for (const c of cases) {
        const d = c.doc.replace('@', '');
        await create(page, d, completions);
        await call(page, 'select', c.doc.indexOf('@'), c.doc.indexOf('@'));
        if (c.type) await page.keyboard.type(c.type, { delay: 10 });
        if (c.explicit) await page.keyboard.press('Control+Space');
        const got = await completionLabels(page, c.want[0]);
        for (const w of c.want) assert(got.includes(w), `after typing ${short(c.type)}: no ${w} among ${short(got)}`);
      }
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: auto-close, bracket matching, Ctrl-Z, folding, search and lint panels',
    async run(t) {
      const page = await openPage(t);
      const doc = '{\n  "Statement": [\n    { "Effect": "Allow" }\n  ],\n  "Id": "x"\n}\n';
      await create(page, doc);
      // Auto-close: "[" gives "[]"; Ctrl-Z takes it back and calls onChange.
      const at = doc.indexOf('"x"') + 3;
      await call(page, 'select', at, at);
      await page.keyboard.type(', "L": [');
      assert((await call(page, 'getDoc')).includes('"Id": "x", "L": []'), `auto-close: ${short(await call(page, 'getDoc'))}`);
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      assertEqual(await call(page, 'getDoc'), doc, 'text after Ctrl-Z');
      assertEqual((await changes(page)).at(-1), doc, 'onChange after Ctrl-Z');
      // Bracket matching next to the first "{".
      await call(page, 'select', 1, 1);
      await page.locator('.cm-matchingBracket').first().waitFor();
      assertEqual(await page.locator('.cm-matchingBracket').count(), 2, 'matching brackets marked');
      // Folding the Statement array from the fold gutter, then unfolding.
      await page.locator('.cm-foldGutter .cm-gutterElement').nth(1).click();
      await page.locator('.cm-foldPlaceholder').waitFor();
      await page.locator('.cm-foldPlaceholder').click();
      await page.waitForFunction(() => !document.querySelector('.cm-foldPlaceholder'));
      // Search panel (Ctrl-F): finds and highlights.
      await call(page, 'select', 0, 0);
      await page.keyboard.press('Control+f');
      await page.locator('.cm-search input[name=search]').waitFor();
      await page.keyboard.type('Allow');
      await page.keyboard.press('Enter');
      await page.locator('.cm-searchMatch').first().waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('.cm-search'));
      // The lint panel (Ctrl-Shift-M) lists the diagnostics.
      await call(page, 'setDiagnostics', [{ from: 2, to: 13, severity: 'warning', message: 'A panel entry' }]);
      await call(page, 'select', 0, 0);
      await page.keyboard.press('Control+Shift+KeyM');
      await page.locator('.cm-panel-lint li').first().waitFor();
      const entry = await page.locator('.cm-panel-lint li').first().textContent();
      assert(entry.includes('A panel entry'), `lint panel: ${short(entry)}`);
      await page.locator('.cm-lint-marker-warning').first().waitFor();
      await t.shot('editor-bundle-panels');
      await page.keyboard.press('Escape');
      assertEqual(await call(page, 'getDoc'), doc, 'text after the panels');
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: Tab indents; Escape then Tab leaves the editor',
    async run(t) {
      const page = await openPage(t);
      const doc = '{\n"Version": "2012-10-17"\n}\n';
      await create(page, doc);
      await call(page, 'select', 2, 2);
      await page.keyboard.press('Tab');
      assertEqual(await call(page, 'getDoc'), '{\n  "Version": "2012-10-17"\n}\n', 'text after Tab');
      assert(await page.evaluate(() => document.activeElement?.classList.contains('cm-content')), 'Tab moved the focus out');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assertEqual(await page.evaluate(() => document.activeElement?.id), 'after', 'focus after Escape, Tab');
      assertEqual(await call(page, 'getDoc'), '{\n  "Version": "2012-10-17"\n}\n', 'text after Escape, Tab');
      await assertClean(page);
    },
  },
  {
    name: 'editor bundle: dark theme colours; at phone width a long line wraps inside the editor and the page never scrolls sideways',
    async run(t) {
      const page = await t.newPage({ width: 375, height: 740 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await openPage(t, page);
      const long = `{\n  "Resource": "arn:aws:s3:::${'a-very-long-bucket-name-'.repeat(12)}/*"\n}\n`;
      await create(page, long);
      const got = await page.evaluate(() => {
        const probe = (v) => {
          const e = document.createElement('div');
          e.style.color = `var(${v})`;
          document.body.append(e);
          const c = getComputedStyle(e).color;
          e.remove();
          return c;
        };
        const scroller = document.querySelector('.cm-scroller');
        return {
          background: getComputedStyle(document.querySelector('.cm-editor')).backgroundColor,
          codeBg: probe('--code-bg'),
          ink: getComputedStyle(document.querySelector('.cm-content')).color,
          inkVar: probe('--ink'),
          pageWidth: document.documentElement.scrollWidth,
          scrolls: scroller.scrollWidth > scroller.clientWidth + 1,
          lines: [...document.querySelectorAll('.cm-line')].map((l) => Math.round(l.getBoundingClientRect().height)),
          lineHeight: parseFloat(getComputedStyle(document.querySelector('.cm-line')).lineHeight),
          editorWidth: document.querySelector('.cm-editor').getBoundingClientRect().width,
        };
      });
      assertEqual(got.background, got.codeBg, 'dark: editor background is var(--code-bg)');
      assertEqual(got.ink, got.inkVar, 'dark: text colour is var(--ink)');
      assert(got.codeBg !== 'rgb(240, 242, 245)', `dark: --code-bg is still the light one (${got.codeBg})`);
      assert(got.pageWidth <= 375, `the page is ${got.pageWidth} px wide at 375 px`);
      assert(!got.scrolls, 'a long line scrolls sideways inside the editor (it should wrap)');
      assert(Math.max(...got.lines) > 2 * got.lineHeight, `the long line does not wrap (line heights ${got.lines}, line height ${got.lineHeight})`);
      await t.shot('editor-bundle-375-dark', page);
      await assertClean(page);
    },
  },
];
