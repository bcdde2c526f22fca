// First visit and the gallery.
import {
  assert, assertEqual, scenarios, waitDecided, checkAgainstExpectations, readRequests, short,
} from '../lib.mjs';

export default [
  {
    name: 'first visit opens a gallery scenario with its decisions shown',
    async run(t) {
      await t.open('');
      const shown = await waitDecided(t.page);
      const names = shown.map((r) => r.name);
      const match = scenarios().find((s) => JSON.stringify((s.doc.requests ?? []).map((r) => r.name)) === JSON.stringify(names));
      assert(match, `the first visit shows requests ${short(names)}, which are no gallery scenario's`);
      checkAgainstExpectations(match.doc, shown, `${match.stem}: `);
      t.note(`first visit opened ${match.stem}`);
      await t.shot('first-visit-1280');
    },
  },
  {
    name: 'gallery links every bundled scenario, and each link opens it',
    async run(t) {
      await t.open('');
      await waitDecided(t.page);
      for (const s of scenarios()) {
        const link = t.page.locator(`a[data-example="${s.stem}"]`);
        assert((await link.count()) === 1, `gallery: ${await link.count()} links a[data-example="${s.stem}"] (want 1)`);
        const href = await link.getAttribute('href');
        assert(
          href === `#example/${s.stem}` || String(href).endsWith(`/#example/${s.stem}`),
          `gallery: a[data-example="${s.stem}"] has href ${short(href)}, not #example/${s.stem}`,
        );
        const text = (await link.textContent()).trim();
        assert(text.length > 0, `gallery: a[data-example="${s.stem}"] has no text`);
      }
      // Open each by its link, in one page, as a learner browsing the gallery would.
      for (const s of scenarios()) {
        const link = t.page.locator(`a[data-example="${s.stem}"]`);
        if (await link.isVisible()) {
          await link.click();
        } else {
          await t.page.goto(t.url(`#example/${s.stem}`));
        }
        const names = (s.doc.requests ?? []).map((r) => r.name);
        const shown = await waitDecided(t.page, names);
        checkAgainstExpectations(s.doc, shown, `${s.stem} (from the gallery): `);
      }
      const left = await readRequests(t.page);
      assertEqual(left.length, (scenarios().at(-1).doc.requests ?? []).length, 'requests after the last link');
    },
  },
];
