// The first paint (web/preview): the opening scenario's decisions drawn by the small
// module before the app has loaded, then the app in its place with the same decisions,
// and never two copies of a request on the page.
import {
  assert, assertEqual, checkAgainstExpectations, encodeShare, readRequests, scenario, short,
  waitDecided, waitReady,
} from '../lib.mjs';

/**
 * Opens `hash` with the app's module held back until `release()`, so that what shows
 * first is the first paint's alone. Records, at every DOM change, how many elements
 * carry each request name (window.__mostCopies).
 */
async function openHeld(t, hash) {
  const page = t.page;
  await page.addInitScript(() => {
    window.__mostCopies = 0;
    new MutationObserver(() => {
      const seen = new Map();
      for (const e of document.querySelectorAll('[data-request]')) {
        seen.set(e.dataset.request, (seen.get(e.dataset.request) ?? 0) + 1);
      }
      window.__mostCopies = Math.max(window.__mostCopies, ...seen.values(), 0);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/web.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(t.url(hash));
  return release;
}

async function firstPaintThenApp(t, hash, s) {
  const release = await openHeld(t, hash);
  const names = (s.doc.requests ?? []).map((r) => r.name);
  const early = await waitDecided(t.page, names);
  checkAgainstExpectations(s.doc, early, `${s.stem}, first paint: `);
  const state = await t.page.evaluate(() => ({
    ready: document.body.dataset.ready ?? null,
    firstPaint: document.querySelectorAll('.first-paint').length,
    decision: document.querySelector('.first-paint [data-decision].decision')?.dataset.decision ?? null,
  }));
  assertEqual(state.ready, null, `${s.stem}: body[data-ready] before the app loaded`);
  assertEqual(state.firstPaint, 1, `${s.stem}: .first-paint elements before the app loaded`);
  assertEqual(state.decision, early[0].decision, `${s.stem}: the first paint's decision card`);
  release();
  await waitReady(t.page);
  const late = await readRequests(t.page);
  assertEqual(
    late.map((r) => [r.name, r.decision]),
    early.map((r) => [r.name, r.decision]),
    `${s.stem}: the app's requests and decisions against the first paint's`,
  );
  const after = await t.page.evaluate(() => ({
    firstPaint: document.querySelectorAll('.first-paint').length,
    most: window.__mostCopies,
    hidden: !!document.querySelector('#app > [hidden]'),
  }));
  assertEqual(after.firstPaint, 0, `${s.stem}: .first-paint elements once the app is ready`);
  assertEqual(after.hidden, false, `${s.stem}: a hidden element left in #app once the app is ready`);
  assert(after.most === 1, `${s.stem}: at some moment a request was on the page ${after.most} times (want once)`);
}

export default [
  {
    name: 'first paint: the first visit is decided before the app loads; the app takes its place with the same decisions',
    async run(t) {
      await firstPaintThenApp(t, '', scenario('02-allow'));
      await t.shot('first-paint-app-1280');
    },
  },
  {
    name: 'first paint: an example that attaches AWS managed policies waits for just those, then decides',
    async run(t) {
      await firstPaintThenApp(t, '#example/12-organization-scps-rcps', scenario('12-organization-scps-rcps'));
    },
  },
  {
    name: 'first paint: a share link is decided before the app loads',
    async run(t) {
      const s = scenario('14-cross-account-role');
      await firstPaintThenApp(t, `#scenario/${encodeShare(s.text)}`, s);
    },
  },
  {
    name: 'first paint: a broken share link is left to the app, which says what is wrong',
    async run(t) {
      const release = await openHeld(t, '#scenario/AAAA!!');
      // Give the first paint time to have drawn, were it to.
      await t.page.waitForFunction(() => window.__mostCopies !== undefined);
      await t.page.waitForTimeout(400);
      const early = await t.page.evaluate(() => document.querySelectorAll('.first-paint').length);
      assertEqual(early, 0, 'first paint elements for a broken link');
      release();
      await waitReady(t.page);
      const banner = await t.page.locator('#banner').textContent();
      assert(/share link cannot be opened/i.test(banner ?? ''), `banner: ${short(banner)}`);
    },
  },
];
