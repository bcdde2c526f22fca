// The forms never leave a document that does not load, and always give a way back:
// a request's resource must be an ARN, requests are deleted (and what needs them goes
// too), deleting an account takes its requests, messages that no longer apply go, a
// misspelt action is warned about, the same statement is not added twice. Each starts
// from an empty playground (#new: alice and "alice lists her buckets").
import { assert, getScenarioText, getScenarioDoc, short, addWithForm as add, waitDecision } from '../lib.mjs';

const ACCT = '111122223333';

/** Fills a form and presses Add, expecting a refusal; returns what it said. */
async function refused(page, kind, fill) {
  await page.selectOption('#build-kind', kind);
  for (const [id, value] of fill) {
    const el = page.locator(`#${id}`);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
  await page.click('#build-add');
  await page.waitForFunction(() => document.getElementById('build-msg')?.classList.contains('bad'), null, { timeout: 5000 })
    .catch(() => { throw new Error(`adding ${kind} was not refused`); });
  return page.textContent('#build-msg');
}

/** Waits until the form's message is gone. */
async function messageGone(page, what) {
  await page.waitForFunction(() => document.getElementById('build-msg')?.textContent.trim() === '', null, { timeout: 5000 })
    .catch(async () => { throw new Error(`the form still says "${short(await page.textContent('#build-msg'))}" after ${what}`); });
}

export default [
  {
    name: 'forms recovery: a request on a resource that is not an ARN is refused and nothing is written',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      await waitDecision(t.page, 'alice lists her buckets', 'ImplicitDeny', 'the new scenario');
      const before = await getScenarioText(t.page);
      const msg = await refused(t.page, 'request', [['b-rname', 'alice reads'], ['b-who', `user|${ACCT}|alice`], ['b-action', 's3:GetObject'], ['b-resource', 'productionapp/a']]);
      assert(/a resource is an ARN/.test(msg), `the refusal does not say why: ${short(msg)}`);
      assert(before === (await getScenarioText(t.page)), 'the document changed after a refused request');
      await waitDecision(t.page, 'alice lists her buckets', 'ImplicitDeny', 'the document still loads');
    },
  },
  {
    name: 'forms recovery: a request is deleted from the world tree, with the requests that use its session',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      await add(t.page, 'request', [['b-rname', 'alice gets a session'], ['b-who', `user|${ACCT}|alice`], ['b-action', 'sts:GetSessionToken'], ['b-resource', '*']]);
      await add(t.page, 'request', [['b-rname', 'with the session'], ['b-who', 'session|alice gets a session'], ['b-action', 's3:ListAllMyBuckets'], ['b-resource', '*']]);
      await t.page.click('button[aria-label="Delete request alice gets a session"]');
      await t.page.waitForSelector('#delete-confirm', { timeout: 5000 });
      const text = await t.page.textContent('#delete-confirm');
      assert(/go with it/.test(text) && /with the session/.test(text), `the confirmation does not say which requests go with it: ${short(text)}`);
      await t.page.click('#delete-anyway');
      await t.page.waitForFunction(() => !document.getElementById('scenario-json').value.includes('alice gets a session'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the request is still in the document'); });
      const doc = await getScenarioDoc(t.page);
      assert(doc.requests.map((r) => r.name).join() === 'alice lists her buckets', `the requests left are ${short(doc.requests)}`);
      await waitDecision(t.page, 'alice lists her buckets', 'ImplicitDeny', 'the document loads after the delete');
      // A request with nothing that needs it goes at once.
      await t.page.click('button[aria-label="Delete request alice lists her buckets"]');
      await t.page.waitForFunction(() => !document.getElementById('scenario-json').value.includes('alice lists'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the last request was not deleted'); });
    },
  },
  {
    name: 'forms recovery: deleting an account lists its requests, and after "Delete anyway" the document loads',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('.world-tree');
      const msg = await add(t.page, 'account', [['b-id', '444455556666']]);
      assert(/add a user or a role/.test(msg), `the next step after an account is not a user or role: ${short(msg)}`);
      await t.page.click(`button[aria-label="Delete account ${ACCT}"]`);
      await t.page.waitForSelector('#delete-confirm', { timeout: 5000 });
      const text = await t.page.textContent('#delete-confirm');
      assert(/alice lists her buckets/.test(text), `the confirmation does not name the request made from the account: ${short(text)}`);
      await t.page.click('#delete-anyway');
      await t.page.waitForFunction((a) => !document.getElementById('scenario-json').value.includes(a), ACCT, { timeout: 5000 })
        .catch(() => { throw new Error('the account is still in the document'); });
      // The world panel's delete is a change made elsewhere: the form's message goes.
      await messageGone(t.page, 'a delete in the world panel');
      const doc = await getScenarioDoc(t.page);
      assert((doc.requests || []).length === 0, `requests made from the deleted account are left: ${short(doc.requests)}`);
      // The forms still work on it, and it decides.
      await add(t.page, 'user', [['b-account', '444455556666'], ['b-name', 'bob']]);
      await add(t.page, 'request', [['b-rname', 'bob lists'], ['b-who', 'user|444455556666|bob'], ['b-action', 's3:ListAllMyBuckets'], ['b-resource', '*']]);
      await waitDecision(t.page, 'bob lists', 'ImplicitDeny', 'the document loads after the delete');
    },
  },
  {
    name: 'forms recovery: a misspelt action is written with a did-you-mean, the same statement twice is not, and each next step fits',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      // The warning needs the action catalog, fetched after the first decision.
      await t.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('data/catalog.txt') && e.responseEnd > 0), null, { timeout: 10000 });
      await t.page.waitForTimeout(300);
      let msg = await add(t.page, 'user', [['b-account', ACCT], ['b-name', 'bob']]);
      assert(/give it a permission/.test(msg), `the next step after a user: ${short(msg)}`);
      const fill = [['b-target', `users|${ACCT}|alice`], ['b-policy', 'write'], ['b-effect', 'Allow'], ['b-actions', 's3:PutObjekt'], ['b-resources', '*']];
      msg = await add(t.page, 'permission', fill);
      assert(/did you mean s3:PutObject/.test(msg), `no did-you-mean for s3:PutObjekt: ${short(msg)}`);
      assert(/add a request/.test(msg), `the next step after a permission: ${short(msg)}`);
      const once = await getScenarioText(t.page);
      await t.page.click('#build-add');
      await t.page.waitForFunction(() => /already has this statement/.test(document.getElementById('build-msg')?.textContent), null, { timeout: 5000 })
        .catch(async () => { throw new Error(`Add pressed twice: ${short(await t.page.textContent('#build-msg'))}`); });
      assert(once === (await getScenarioText(t.page)), 'the same statement was written twice');
      // The role caller says the trust policy is not checked, and the card does not
      // read "session session".
      msg = await add(t.page, 'role', [['b-account', ACCT], ['b-name', 'App'], ['b-trusted_value', ACCT]]);
      assert(/give it a permission/.test(msg), `the next step after a role: ${short(msg)}`);
      await t.page.selectOption('#build-kind', 'request');
      const label = await t.page.$eval(`#b-who option[value="role|${ACCT}|App"]`, (o) => o.textContent);
      assert(/trust not checked/.test(label), `the role caller's option is "${label}"`);
      await add(t.page, 'request', [['b-rname', 'as App'], ['b-who', `role|${ACCT}|App`], ['b-action', 's3:ListAllMyBuckets'], ['b-resource', '*']]);
      const who = await t.page.$eval('[data-request="as App"] .req-who', (e) => e.textContent);
      assert(!/session session/.test(who), `the card reads "${who}"`);
      // The scenario's own name and description.
      await t.page.selectOption('#build-kind', 'about');
      assert((await t.page.inputValue('#b-title')) === 'New scenario', 'the name field does not start as the document has it');
      await add(t.page, 'about', [['b-title', 'My first world'], ['b-description', 'Alice and bob.']]);
      const doc = await getScenarioDoc(t.page);
      assert(doc.name === 'My first world' && doc.description === 'Alice and bob.', `the scenario is ${short([doc.name, doc.description])}`);
    },
  },
  {
    name: 'forms recovery: an old error goes once the document changes elsewhere',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('.world-tree');
      const msg = await refused(t.page, 'user', [['b-account', ACCT], ['b-name', 'not ok']]);
      assert(/may hold letters/.test(msg), `no reason for a refused name: ${short(msg)}`);
      await t.page.click('button[aria-label="Delete request alice lists her buckets"]');
      await messageGone(t.page, 'a delete in the world panel');
    },
  },
];
