// Saved work and links a tester broke: a duplicated tab, an unreadable slot, a link with
// two fragments, a managed policy name in the wrong case.
import { assert, assertEqual, encodeShare, scenario, setScenarioText, getScenarioText, waitBanner, waitSaved } from '../lib.mjs';

const SLOT = 'iam-playground/slot@1/';
const TAB = 'iam-playground/tab-slot';

/** Every saved slot's text: { id: text } (unreadable slots as they are). */
async function slots(page) {
  return page.evaluate((prefix) => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k.startsWith(prefix)) continue;
      const raw = localStorage.getItem(k);
      try {
        out[k.slice(prefix.length)] = JSON.parse(raw).text ?? raw;
      } catch {
        out[k.slice(prefix.length)] = raw;
      }
    }
    return out;
  }, SLOT);
}

/** Renames the scenario in the document textarea (an edit as a user makes it). */
async function rename(page, name) {
  const doc = JSON.parse(await getScenarioText(page));
  doc.name = name;
  await setScenarioText(page, JSON.stringify(doc, null, 2));
}

export default [
  {
    name: 'a duplicated tab saves into a slot of its own: both tabs keep their work',
    async run(t) {
      const a = t.page;
      await t.open('#example/02-allow');
      await rename(a, 'WORK OF TAB A');
      await waitSaved(a, 'WORK OF TAB A');
      // window.open copies the opener's sessionStorage, as "Duplicate tab" does.
      const [b] = await Promise.all([
        a.context().waitForEvent('page'),
        a.evaluate((u) => window.open(u), t.url('')),
      ]);
      await b.waitForFunction(() => document.body?.dataset.ready === 'true');
      await rename(b, 'WORK OF TAB B');
      await waitSaved(b, 'WORK OF TAB B');
      // Tab A hears that its slot was written and moves; then both are kept.
      await a.waitForFunction(
        (prefix) => Object.keys(localStorage).some((k) => k.startsWith(prefix) && localStorage.getItem(k).includes('WORK OF TAB A')),
        SLOT,
        { timeout: 5000 },
      ).catch(() => {});
      const texts = Object.values(await slots(a));
      assert(texts.some((x) => x.includes('WORK OF TAB A')), `tab A's work is in no slot: ${JSON.stringify(texts.map((x) => x.slice(0, 80)))}`);
      assert(texts.some((x) => x.includes('WORK OF TAB B')), `tab B's work is in no slot`);
      const [sa, sb] = [await a.evaluate((k) => sessionStorage.getItem(k), TAB), await b.evaluate((k) => sessionStorage.getItem(k), TAB)];
      assert(sa && sb && sa !== sb, `the two tabs save into different slots (A ${sa}, B ${sb})`);
      // A's next edit goes to its own slot, not over B's work.
      await rename(a, 'WORK OF TAB A, LATER');
      await waitSaved(a, 'WORK OF TAB A, LATER');
      const after = Object.values(await slots(a));
      assert(after.some((x) => x.includes('WORK OF TAB B')), "tab A's later edit overwrote tab B's work");
    },
  },
  {
    name: 'saved work that cannot be read is kept as it is when the tab edits something else',
    async run(t) {
      const page = t.page;
      await page.goto(t.url(''));
      const good = JSON.stringify({ name: 'GOOD', updated: Date.now(), text: scenario('02-allow').text });
      await page.evaluate(
        ([slot, tab, good]) => {
          localStorage.setItem(`${slot}bad1`, 'CORRUPT-DATA-KEEP-ME');
          localStorage.setItem(`${slot}good`, good);
          sessionStorage.setItem(tab, 'bad1');
        },
        [SLOT, TAB, good],
      );
      await t.open('');
      await waitBanner(page, 'error');
      await rename(page, 'EDITED AFTER THE BANNER');
      await waitSaved(page, 'EDITED AFTER THE BANNER');
      const all = await page.evaluate((k) => localStorage.getItem(k), `${SLOT}bad1`);
      assertEqual(all, 'CORRUPT-DATA-KEEP-ME', 'the unreadable slot after an edit');
    },
  },
  {
    name: 'a share link with a second fragment is refused, and says where',
    async run(t) {
      const a = encodeShare(scenario('02-allow').text);
      const b = encodeShare(scenario('17-kms-key-policy').text);
      await t.open(`#scenario/${a}#scenario/${b}`);
      const text = await waitBanner(t.page, 'error');
      assert(/cannot be opened/.test(text) && text.includes('#'), `banner: ${text}`);
      const doc = JSON.parse(await getScenarioText(t.page));
      assert(doc.name !== scenario('17-kms-key-policy').doc.name, 'the second link was opened');
    },
  },
  {
    name: 'a managed policy named in the wrong case is not fetched, and the name AWS has is offered',
    async run(t) {
      const asked = [];
      t.page.on('request', (r) => {
        // index.json (the list the policy picker offers) is not a policy's document.
        if (r.url().includes('/data/managed/') && !r.url().endsWith('/index.json')) asked.push(r.url());
      });
      const doc = {
        format: 'iam-playground/scenario@1',
        name: 'Wrong case',
        accounts: { 111122223333: { users: { alice: { policies: ['amazonroute53readonlyaccess'] } } } },
        requests: [{ name: 'r', who: { user: 'alice' }, action: 'route53:ListHostedZones', resource: '*' }],
      };
      await t.open(`#scenario/${encodeShare(doc)}`);
      await t.page.waitForFunction(
        () => [...document.querySelectorAll('#problems li')].some((e) => /did you mean/.test(e.textContent)),
        null,
        { timeout: 10000 },
      );
      const items = await t.page.$$eval('#problems li', (els) => els.map((e) => e.textContent));
      assert(items.some((x) => x.includes('AmazonRoute53ReadOnlyAccess')), `problems: ${JSON.stringify(items)}`);
      assertEqual(asked, [], 'managed policy files asked for');
    },
  },
];
