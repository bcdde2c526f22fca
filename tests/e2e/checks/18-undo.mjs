// The policy editor's Undo and Redo never write an empty or broken policy into the
// document for a policy the editor did not itself make so. A policy a form (or the
// document, or another policy picked) changes starts the editor's history anew; a
// policy cleared in the editor is not written (the document keeps loading), and Undo
// brings its text back.
import { assert, waitDecided, waitDecision, getScenarioText, short, addWithForm } from '../lib.mjs';

const ACCT = '111122223333';
const LISTS = 'alice lists her buckets';
const UNDO = '#policy-editor button:has-text("Undo")';
const REDO = '#policy-editor button:has-text("Redo")';

async function editorReady(page, state = 'visible') {
  await page.waitForSelector('#policy-editor .cm-content', { state, timeout: 10000 })
    .catch(() => { throw new Error('the code editor did not load in #policy-editor'); });
}

// The code editor's text, line by line (a short policy: every line is drawn).
const editorText = (page) => page.$eval('#policy-editor .cm-content', (e) => [...e.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
const status = (page) => page.$eval('#policy-editor .policy-status', (e) => e.textContent.trim());
const decisions = (page) => page.$$eval('[data-request]', (els) => els.map((e) => `${e.dataset.request}=${e.dataset.decision}`).sort());

/** The document loads (JSON, no Problems), and the decisions are those given. */
async function stillLoads(page, want, what) {
  const doc = await getScenarioText(page);
  try {
    JSON.parse(doc);
  } catch (e) {
    throw new Error(`${what}: the document is no longer JSON (${e.message}): ${short(doc, 600)}`);
  }
  const problems = await page.$$eval('#problems li', (els) => els.map((e) => e.textContent.trim()));
  assert(problems.length === 0, `${what}: the document has problems: ${short(problems)}`);
  await waitDecided(page, null, 5000);
  const now = await decisions(page);
  assert(JSON.stringify(now) === JSON.stringify(want), `${what}: the decisions went from ${short(want)} to ${short(now)}`);
  return doc;
}

/** The reported steps: `#new`, whose code editor is made (hidden: no policy yet) with
 *  an empty text, then a Permission for alice added with the form (the decision
 *  becomes Allow), which the editor then shows. */
async function permissionByForm(t) {
  await t.open('#new');
  await t.page.waitForSelector('#build-kind');
  await waitDecided(t.page);
  await editorReady(t.page, 'attached');
  await addWithForm(t.page, 'permission', [['b-target', `users|${ACCT}|alice`], ['b-actions', 's3:ListAllMyBuckets'], ['b-resources', '*']]);
  await waitDecision(t.page, LISTS, 'Allow', 'the permission the form added');
  await editorReady(t.page);
}

export default [
  {
    name: 'undo: a permission added with the form, then Undo under Policies: the document still loads and decides',
    async run(t) {
      const { page } = t;
      await permissionByForm(t);
      const decided = await decisions(page);
      const formDoc = await getScenarioText(page);
      await page.waitForFunction(() => document.querySelector('#policy-editor .cm-content')?.innerText.includes('ListAllMyBuckets'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the policy editor does not show the policy the form made'); });
      const formPolicy = await editorText(page);

      // Nothing typed in the editor: nothing of its own to undo (the button, then the
      // key).
      const undoDisabled = await page.$eval(UNDO, (b) => b.disabled);
      await page.click(UNDO, { force: true });
      await page.waitForTimeout(300);
      await stillLoads(page, decided, 'after Undo');
      assert((await getScenarioText(page)) === formDoc, `Undo changed the document the form wrote: ${short(await getScenarioText(page), 600)}`);
      assert(undoDisabled, 'Undo is enabled though nothing was edited in the policy editor');
      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(300);
      await stillLoads(page, decided, 'after Ctrl+Z');
      assert((await getScenarioText(page)) === formDoc, `Ctrl+Z changed the document the form wrote: ${short(await getScenarioText(page), 600)}`);
      assert((await editorText(page)) === formPolicy, `Undo changed the policy in the editor to ${short(await editorText(page))}`);
      assert((await status(page)).startsWith('No problems'), `the editor's status: ${short(await status(page))}`);

      // An edit of its own (a blank line before the closing brace) is undone, back to
      // what the form wrote, and no further.
      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector('#policy-editor button[title^="Undo"]').disabled, null, { timeout: 5000 })
        .catch(() => { throw new Error('Undo is not enabled after an edit in the policy editor'); });
      const edited = await getScenarioText(page);
      assert(edited !== formDoc, 'the edit in the policy editor did not reach the document');
      await page.click(UNDO);
      await page.waitForFunction((d) => document.getElementById('scenario-json').value === d, formDoc, { timeout: 5000 })
        .catch(() => { throw new Error('Undo did not bring back the policy as the form wrote it'); });
      await page.waitForFunction(() => document.querySelector('#policy-editor button[title^="Undo"]').disabled, null, { timeout: 5000 })
        .catch(() => { throw new Error('Undo is still enabled at the policy the form wrote'); });
      await page.click(REDO);
      await page.waitForFunction((d) => document.getElementById('scenario-json').value === d, edited, { timeout: 5000 })
        .catch(() => { throw new Error('Redo did not bring the edit back'); });
      await stillLoads(page, decided, 'after Redo');
    },
  },
  {
    name: 'undo: a role trust policy the form wrote survives Ctrl+Z; a policy picked anew has no history to undo',
    async run(t) {
      const { page } = t;
      await permissionByForm(t);
      await addWithForm(page, 'role', [['b-account', ACCT], ['b-name', 'Deployer'], ['b-trusted', 'service'], ['b-trusted_value', 'ec2.amazonaws.com']]);
      const decided = await decisions(page);
      const trust = await page.$$eval('#policy-pick option', (os) => os.map((o) => o.value).find((v) => v.endsWith('.roles.Deployer.trust')));
      assert(trust, 'the role\'s trust policy is not offered in the policy editor');
      await page.selectOption('#policy-pick', trust);
      await page.waitForFunction(() => document.querySelector('#policy-editor .cm-content')?.innerText.includes('ec2.amazonaws.com'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the policy editor does not show the trust policy'); });
      const formDoc = await getScenarioText(page);
      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(300);
      const doc = await stillLoads(page, decided, 'after Ctrl+Z in the trust policy');
      assert(doc === formDoc, `Ctrl+Z changed the document: ${short(doc, 600)}`);
      assert(!/"trust":\s*[,}]/.test(doc), 'the trust policy was emptied');

      // Typed in the trust policy, then another policy picked: Undo there does nothing
      // (it would write the trust policy's text over the other one).
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText(' ');
      await page.waitForFunction((d) => document.getElementById('scenario-json').value !== d, formDoc, { timeout: 5000 });
      const typed = await getScenarioText(page);
      const other = await page.$$eval('#policy-pick option', (os) => os.map((o) => o.value).find((v) => v.includes('.users.alice.')));
      await page.selectOption('#policy-pick', other);
      await page.waitForFunction(() => document.querySelector('#policy-editor .cm-content')?.innerText.includes('ListAllMyBuckets'), null, { timeout: 5000 });
      assert(await page.$eval(UNDO, (b) => b.disabled), 'Undo is enabled on a policy just picked');
      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(300);
      assert((await getScenarioText(page)) === typed, 'Ctrl+Z on a policy just picked changed the document');
      await stillLoads(page, decided, 'after Ctrl+Z on a policy just picked');
    },
  },
  {
    name: 'undo: a policy cleared in the editor is not written as an empty value; the editor says so; Undo brings it back',
    async run(t) {
      const { page } = t;
      await permissionByForm(t);
      const decided = await decisions(page);
      const formDoc = await getScenarioText(page);
      const formPolicy = await editorText(page);

      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.waitForFunction(() => document.querySelector('#policy-editor .policy-status')?.textContent.includes('The policy is empty'), null, { timeout: 5000 })
        .catch(async () => { throw new Error(`the editor does not say the policy is empty: ${short(await status(page))}`); });
      assert((await editorText(page)) === '', `the editor is not empty: ${short(await editorText(page))}`);
      const doc = await stillLoads(page, decided, 'with the policy cleared in the editor');
      assert(doc === formDoc, `clearing the editor changed the document: ${short(doc, 600)}`);

      await page.click(UNDO);
      await page.waitForFunction(() => document.querySelector('#policy-editor .cm-content')?.innerText.includes('ListAllMyBuckets'), null, { timeout: 5000 })
        .catch(() => { throw new Error('Undo did not bring the cleared policy back'); });
      assert((await editorText(page)) === formPolicy, `Undo brought back ${short(await editorText(page))}`);
      await page.waitForFunction(() => !document.querySelector('#policy-editor .policy-status')?.textContent.includes('The policy is empty'), null, { timeout: 5000 })
        .catch(async () => { throw new Error(`the editor still says: ${short(await status(page))}`); });
      assert((await getScenarioText(page)) === formDoc, 'Undo of the clearing changed the document');
      await stillLoads(page, decided, 'after Undo of the clearing');

      // Half a policy typed is written (the document says where it breaks) and the
      // editor says it is not JSON, never "No problems".
      await page.click('#policy-editor .cm-content');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('{"Version": ');
      await page.waitForFunction(() => document.querySelector('#policy-editor .policy-status')?.textContent.includes('not JSON'), null, { timeout: 5000 })
        .catch(async () => { throw new Error(`the editor does not say the policy is not JSON: ${short(await status(page))}`); });
      for (let i = 0; i < 50 && (await getScenarioText(page)) !== formDoc; i++) await page.keyboard.press('Control+Z');
      assert((await getScenarioText(page)) === formDoc, 'Undo did not bring the form\'s policy back');
      await stillLoads(page, decided, 'after undoing the half-typed policy');
    },
  },
];
