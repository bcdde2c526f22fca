// Script and markup in every learner-visible string of a shared scenario: nothing runs,
// everything shows as text.
import {
  assert, assertEqual, waitDecided, checkAgainstExpectations, encodeShare, selectRequest, short,
} from '../lib.mjs';
import { xssScenario, IMG, SCRIPT, JSURL } from '../xss-scenario.mjs';

/** Fails if any payload ran or became live markup. */
async function assertInert(page, where) {
  await page.waitForTimeout(300); // let an injected img's onerror fire, if there were one
  const found = await page.evaluate(() => {
    const out = [];
    if (window.__xss !== undefined) out.push(`window.__xss = ${window.__xss}`);
    for (const img of document.querySelectorAll('img')) {
      if (/\/x$/.test(img.src) || img.getAttribute('src') === 'x') out.push('an <img src=x> element exists');
    }
    for (const s of document.querySelectorAll('script')) {
      if (s.textContent.includes('__xss')) out.push('a <script> element holds the payload');
    }
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) && a.value.includes('__xss')) out.push(`<${el.tagName.toLowerCase()} ${a.name}=…> holds the payload`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) {
          out.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
        }
      }
    }
    return out;
  });
  assert(found.length === 0, `${where}: ${found.join('; ')}`);
}

export default [
  {
    name: 'XSS: script and markup payloads in a shared scenario show as plain text',
    async run(t) {
      const doc = xssScenario;
      const names = doc.requests.map((r) => r.name);
      await t.open(`#scenario/${encodeShare(doc)}`);
      const shown = await waitDecided(t.page, names);
      checkAgainstExpectations(doc, shown);
      await assertInert(t.page, 'after opening the link');

      // Request names are shown as text inside their requests-list entries.
      for (const r of shown) {
        assert(r.text.includes(r.name), `the entry of request ${short(r.name)} does not show its name as text (${short(r.text, 160)})`);
      }
      const text = await t.page.evaluate(() => document.body.innerText);
      for (const p of [IMG, SCRIPT, JSURL]) {
        assert(text.includes(p), `the page text does not show ${short(p)} literally`);
      }

      // Select each request (the trace draws policies, statements and their strings) and step.
      for (const name of names) {
        await selectRequest(t.page, name);
        for (const id of ['#step-next', '#step-next', '#step-prev']) {
          const b = t.page.locator(id);
          if ((await b.count()) && (await b.isEnabled()) && (await b.isVisible())) await b.click();
        }
        await assertInert(t.page, `after selecting ${short(name)}`);
      }
      await t.shot('xss-1280', t.page, { fullPage: true });

      // The scenario as restored from storage, and in the recent list.
      await t.page.reload();
      await t.page.waitForFunction(() => document.body?.dataset.ready === 'true');
      await waitDecided(t.page, names);
      await assertInert(t.page, 'after a reload');
      const p = await t.newPage();
      await t.open('', p);
      await waitDecided(p);
      await assertInert(p, 'on a plain visit afterwards');
      assertEqual(await p.evaluate(() => window.__xss), undefined, 'window.__xss');
    },
  },
];
