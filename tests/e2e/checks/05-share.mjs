// Share links: #share-link / #copy-link, opening #scenario/<payload>, broken links.
import {
  assert, assertEqual, scenario, waitDecided, getScenarioDoc, setScenarioText, shareLink,
  sharePayload, decodeShare, encodeShare, waitSaved, waitBanner, recentItems, readRequests,
  FORMAT, short, waitReady, getScenarioText,
} from '../lib.mjs';
import { isDeepStrictEqual } from 'node:util';

/** Opens `hash` (fresh visit), edits the scenario's name to `marker`, waits for the autosave. */
async function editAndSave(t, hash, marker) {
  await t.open(hash);
  const doc = await getScenarioDoc(t.page);
  await waitDecided(t.page, (doc.requests ?? []).map((r) => r.name));
  doc.name = marker;
  await setScenarioText(t.page, JSON.stringify(doc, null, 2));
  await waitDecided(t.page, (doc.requests ?? []).map((r) => r.name));
  await waitSaved(t.page, marker);
  return doc;
}

/** Waits until #share-link holds a link whose scenario has `name`; returns the link. */
async function waitShareLinkFor(page, name) {
  let link = null;
  for (let i = 0; i < 50; i++) {
    link = await shareLink(page);
    const payload = sharePayload(link);
    if (payload) {
      try {
        if (JSON.parse(decodeShare(payload)).name === name) return link;
      } catch {
        // not yet
      }
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`#share-link never held the edited scenario: ${short(link, 160)}`);
}

export default [
  {
    name: 'share link round trip (#share-link, #copy-link, open in a new page)',
    async run(t) {
      const marker = `Shared e2e ${Date.now()}`;
      const doc = await editAndSave(t, '#example/14-cross-account-role', marker);
      // #copy-link copies the link of the scenario as it is now, and shows it in #share-link.
      await t.page.click('#copy-link');
      const link = await waitShareLinkFor(t.page, marker);
      const payload = sharePayload(link);
      assert(/^[A-Za-z0-9_-]+$/.test(payload), `the payload is not base64url without padding: ${short(payload, 80)}`);
      const decoded = JSON.parse(decodeShare(payload));
      assertEqual(decoded.format, FORMAT, 'the shared document format');
      let copied = null;
      for (let i = 0; i < 30 && copied !== link; i++) {
        copied = await t.page.evaluate(() => navigator.clipboard.readText()).catch((e) => `(clipboard: ${e.message})`);
        if (copied !== link) await t.page.waitForTimeout(100);
      }
      assertEqual(copied, link, 'clipboard after #copy-link');

      const before = (await readRequests(t.page)).map(({ name, decision, met }) => ({ name, decision, met }));
      const p2 = await t.newPage();
      await p2.goto(new URL(link, t.url()).href);
      await waitReady(p2);
      const opened = await waitDecided(p2, before.map((r) => r.name));
      assertEqual(opened.map(({ name, decision, met }) => ({ name, decision, met })), before, 'requests of the opened link');
      const doc2 = await getScenarioDoc(p2);
      assertEqual(doc2.name, doc.name, 'name of the opened scenario');
      assert(isDeepStrictEqual(doc2, await getScenarioDoc(t.page)), 'the opened scenario differs from the shared one');
      // docs/SHARE-LINK.md: the text travels as it is, formatting included.
      assert((await getScenarioText(p2)) === (await getScenarioText(t.page)), 'the opened scenario text is not byte for byte the shared one');
    },
  },
  {
    name: 'a link made outside the app (node zlib) opens',
    async run(t) {
      const s = scenario('16-third-party-external-id');
      const doc = { ...s.doc, name: 'Made by node: ünïcödé ✓ 🔑' };
      await t.open(`#scenario/${encodeShare(doc)}`);
      const shown = await waitDecided(t.page, doc.requests.map((r) => r.name));
      assertEqual(shown.map((r) => r.decision), doc.requests.map((r) => r.expect), 'decisions');
      assertEqual((await getScenarioDoc(t.page)).name, doc.name, 'name of the opened scenario');
    },
  },
  {
    name: 'broken share links show an error banner and lose no saved work',
    async run(t) {
      const marker = `Saved e2e ${Date.now()}`;
      await editAndSave(t, '', marker);
      const valid = encodeShare(scenario('02-allow').doc);
      const cut = valid.slice(0, Math.max(4, Math.floor(valid.length / 2 / 4) * 4));
      const broken = { 'not base64': '!!!notbase64', truncated: cut };
      for (const [what, payload] of Object.entries(broken)) {
        const p = await t.newPage();
        await t.open(`#scenario/${payload}`, p);
        const message = await waitBanner(p, 'error');
        try {
          await p.waitForFunction((m) => [...document.querySelectorAll('#recent li')].some((li) => li.textContent.includes(m)), marker, { timeout: 5000 });
        } catch {
          throw new Error(`${what} link: the saved work "${marker}" is not in #recent (${short(await recentItems(p))})`);
        }
        t.note(`${what}: ${short(message, 120)}`);
        await p.close();
      }
      // And the saved work still opens as before.
      const p = await t.newPage();
      await t.open('', p);
      await p.waitForFunction((m) => document.querySelector('textarea#scenario-json')?.value.includes(m), marker, { timeout: 5000 })
        .catch(() => { throw new Error('after the broken links, a plain visit no longer restores the saved work'); });
    },
  },
];
