// Import from a real account: the output of `aws iam get-account-authorization-details`
// (two accounts) and `aws organizations describe-policy`, picked as files in the
// "Import from your AWS account" panel, becomes a scenario in this page.
import path from 'node:path';
import { assert, short, getScenarioDoc, REPO } from '../lib.mjs';

const DIR = path.join(REPO, 'engine', 'tests', 'import');

export default [
  {
    name: "import: an account's authorization details, picked as files, open as a scenario",
    async run(t) {
      await t.open('#new');
      await t.page.click('#import-account > summary');
      await t.page.setInputFiles('#import-files', [
        path.join(DIR, 'authorization-details-111122223333.json'),
        path.join(DIR, 'authorization-details-444455556666.json'),
        path.join(DIR, 'describe-policy-RegionLock.json'),
      ]);
      await t.page.waitForFunction(() => /Picked:/.test(document.querySelector('#import-account')?.textContent || ''), null, { timeout: 5000 });
      await t.page.click('#import-go');
      await t.page.waitForFunction(() => /Imported/.test(document.getElementById('banner')?.textContent || ''), null, { timeout: 10000 })
        .catch(async () => { throw new Error(`no import banner: ${short(await t.page.textContent('#import-account'))}`); });
      const banner = await t.page.textContent('#banner');
      assert(/nothing was sent anywhere/.test(banner), `the banner does not say the import stayed in the page: ${short(banner)}`);
      const doc = await getScenarioDoc(t.page);
      assert(doc.format === 'iam-playground/scenario@1', 'the result is not a scenario');
      assert(Object.keys(doc.accounts).includes('111122223333') && Object.keys(doc.accounts).includes('444455556666'), `accounts: ${short(Object.keys(doc.accounts))}`);
      const problems = await t.page.$$eval('#problems li', (els) => els.length);
      assert(problems === 0, `the imported scenario has ${problems} problems`);
    },
  },
  {
    name: 'import: text that is not AWS output is refused with the reason, and nothing changes',
    async run(t) {
      await t.open('#new');
      const before = await t.page.inputValue('#scenario-json');
      await t.page.click('#import-account > summary');
      await t.page.fill('#import-paste', '{"hello": "world"}');
      await t.page.click('#import-go');
      await t.page.waitForSelector('#import-error', { timeout: 5000 });
      assert((await t.page.inputValue('#scenario-json')) === before, 'the document changed');
    },
  },
];
