// The policy editor: one policy of the scenario in the code editor; an edit there is
// spliced into the scenario document and every request is decided again.
import { assert, scenario, waitDecided, getScenarioText, short } from '../lib.mjs';

// Pastes text over the whole content of the code editor, as a user pasting a policy
// does (the browser's own text insertion into contenteditable would add inline styles,
// which the page's CSP refuses; CodeMirror handles a paste itself).
async function pasteAll(page, text) {
  await page.click('#policy-editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.querySelector('#policy-editor .cm-content')
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

async function editorReady(page) {
  await page.waitForSelector('#policy-editor .cm-content', { timeout: 10000 })
    .catch(() => { throw new Error('the code editor did not load in #policy-editor'); });
}

export default [
  {
    name: 'policy editor: a Deny pasted into the code editor turns the decisions into ExplicitDeny',
    async run(t) {
      const s = scenario('02-allow');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      await editorReady(t.page);
      const before = await t.page.$$eval('[data-request]', (els) => els.map((e) => e.dataset.decision));
      assert(before.includes('Allow'), `example 02 has no Allow to turn: ${short(before)}`);

      // Replace the open policy with one that denies everything.
      await pasteAll(t.page, '{"Version": "2012-10-17", "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}]}');
      await t.page.waitForFunction(
        () => [...document.querySelectorAll('[data-request]')].some((e) => e.dataset.decision === 'ExplicitDeny'),
        null, { timeout: 5000 },
      ).catch(() => { throw new Error('no request became ExplicitDeny after the edit'); });
      const doc = await getScenarioText(t.page);
      assert(doc.includes('"Sid": "DenyAll"'), 'the scenario document does not hold the edited policy');
      JSON.parse(doc);

      // Format pretty-prints it in place; Undo brings the one-line form back.
      await t.page.click('#policy-editor button:has-text("Format")');
      await t.page.waitForFunction(() => document.getElementById('scenario-json').value.includes('"Sid": "DenyAll",\n'), null, { timeout: 5000 })
        .catch(() => { throw new Error('Format did not pretty-print the policy in the document'); });
      await t.page.click('#policy-editor button:has-text("Undo")');
      await t.page.waitForFunction(() => document.getElementById('scenario-json').value.includes('{"Version": "2012-10-17", "Statement": [{"Sid": "DenyAll"'), null, { timeout: 5000 })
        .catch(() => { throw new Error('Undo did not bring the unformatted policy back'); });
    },
  },
  {
    name: 'policy editor: a problem in the policy is underlined at its span',
    async run(t) {
      const s = scenario('02-allow');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      await editorReady(t.page);
      // "Effect": "allow" is an error AWS would refuse (the value is case-sensitive).
      await pasteAll(t.page, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}');
      await t.page.waitForSelector('#policy-editor .cm-lintRange-error', { timeout: 5000 })
        .catch(() => { throw new Error('no error is underlined in the policy editor'); });
      const marked = await t.page.$eval('#policy-editor .cm-lintRange-error', (e) => e.textContent);
      assert(marked.includes('allow'), `the underline is not on the Effect value: ${short(marked)}`);
    },
  },
  {
    name: 'policy editor: a policy cleared and typed anew, key by key, leaves the rest of the document as it was; Undo brings it back',
    async run(t) {
      const s = scenario('02-allow');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      await editorReady(t.page);
      const original = await getScenarioText(t.page);
      await t.page.click('#policy-editor .cm-content');
      await t.page.keyboard.press('Control+A');
      await t.page.keyboard.press('Delete');
      const typed = '{"Version": "2012-10-17", "Statement": [{"Sid": "Typed", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
      // One character at a time (closing brackets and quotes typed over the ones the
      // editor adds): every step but the last leaves the policy, and the document, broken.
      for (const ch of typed) await t.page.keyboard.insertText(ch);
      const doc = await getScenarioText(t.page);
      // Everything outside the policy is as it was.
      const parsed = JSON.parse(doc);
      const was = JSON.parse(original);
      assert(JSON.stringify(parsed.requests) === JSON.stringify(was.requests), 'the requests changed while the policy was typed');
      assert(parsed.name === was.name && parsed.description === was.description, 'the name or description changed');
      assert(doc.includes('"Sid": "Typed"'), `the typed policy is not in the document: ${short(doc, 400)}`);
      const editor = await t.page.$eval('#policy-editor .cm-content', (e) => e.innerText);
      assert(editor.replace(/\s+/g, '') === typed.replace(/\s+/g, ''), `the editor shows ${short(editor)} after typing ${short(typed)}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      // Undo as far as it goes: the original document comes back.
      for (let i = 0; i < 3 && (await getScenarioText(t.page)) !== original; i++) {
        await t.page.click('#policy-editor button:has-text("Undo")');
        await t.page.waitForTimeout(100);
      }
      for (let i = 0; i < 200 && (await getScenarioText(t.page)) !== original; i++) {
        await t.page.click('#policy-editor .cm-content');
        await t.page.keyboard.press('Control+Z');
      }
      assert((await getScenarioText(t.page)) === original, 'Undo did not bring the original document back');
    },
  },
];
