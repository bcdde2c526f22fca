// The world panel: a delete that would leave a dangling reference says so first, and what cannot run without it goes with it.
import { assert, getScenarioText, short } from '../lib.mjs';

export default [
  {
    name: 'world: deleting a user that a request names asks first, and "Keep it" changes nothing',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('.world-tree');
      const before = await getScenarioText(t.page);
      await t.page.click('.w-user .w-del');
      await t.page.waitForSelector('#delete-confirm', { timeout: 5000 })
        .catch(() => { throw new Error('no confirmation before deleting a user a request names'); });
      const text = await t.page.textContent('#delete-confirm');
      assert(/alice lists her buckets/.test(text), `the confirmation does not name the request: ${short(text)}`);
      await t.page.click('#delete-confirm button:has-text("Keep it")');
      assert(before === (await getScenarioText(t.page)), 'the document changed after "Keep it"');

      // Delete anyway: the user goes, and so does the request that cannot run without
      // it (the confirmation said so): the document still loads.
      await t.page.click('.w-user .w-del');
      const gone = await t.page.textContent('#delete-confirm-gone');
      assert(/alice lists her buckets/.test(gone), `the confirmation does not say the request goes: ${short(gone)}`);
      await t.page.click('#delete-anyway');
      await t.page.waitForFunction(() => !document.getElementById('scenario-json').value.includes('"alice": {}'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the user is still in the document'); });
      const doc = JSON.parse(await getScenarioText(t.page));
      assert(!(doc.requests ?? []).some((r) => r.name === 'alice lists her buckets'), 'the request that named alice is still there');
      const problems = await t.page.$$eval('#problems li', (els) => els.map((e) => e.textContent));
      assert(problems.length === 0, `the document does not load after the delete: ${short(problems)}`);
    },
  },
  {
    name: 'world: renaming a user updates the requests that name it, and the decisions follow',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('.world-tree');
      await t.page.click('.w-user .w-ren');
      await t.page.fill('#rename-to', 'alicia');
      await t.page.click('#rename-save');
      await t.page.waitForFunction(() => document.getElementById('scenario-json').value.includes('"alicia"'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the user was not renamed in the document'); });
      const doc = JSON.parse(await getScenarioText(t.page));
      assert(doc.requests[0].who.user === 'alicia', `the request still names ${short(doc.requests[0].who)}`);
      await t.page.waitForFunction(() => document.querySelector('[data-request]')?.dataset.decision === 'ImplicitDeny', null, { timeout: 5000 })
        .catch(() => { throw new Error('the request is not decided after the rename'); });
      // A name IAM would refuse is refused with the reason.
      await t.page.click('.w-user .w-ren');
      await t.page.fill('#rename-to', 'not ok');
      await t.page.click('#rename-save');
      const note = await t.page.textContent('#rename-note');
      assert(/may hold letters/.test(note), `no reason for a refused name: ${short(note)}`);
    },
  },
];
