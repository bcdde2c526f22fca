// What a newcomer's review asked for: the tour's card never covers what it points at
// (and a phone shows each target); the world tree lists a role's trust policy and the
// inline policies, each opening in the policy editor; the "Add" choices of the forms fit
// their select at desktop and phone widths.
import { assert, short, waitDecided, scenario } from '../lib.mjs';

const STEM = '14-cross-account-role';

/** Walks the tour at one size: each stop's target is shown (not folded away, in the
 * window) and the card does not overlap it. */
async function walkTour(t, width, height) {
  const page = width === 1280 && height === 800 ? t.page : await t.newPage({ width, height });
  await t.open(`#example/${STEM}`, page);
  await waitDecided(page, scenario(STEM).doc.requests.map((r) => r.name));
  await page.click('#tour-open');
  for (let stop = 1; ; stop++) {
    await page.waitForTimeout(250);
    const seen = await page.evaluate(() => {
      const card = document.getElementById('tour');
      const target = document.querySelector('.tour-target');
      if (!card || !target) return { missing: !card ? 'card' : 'target' };
      const c = card.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      return {
        id: target.id,
        title: card.querySelector('h2')?.textContent,
        shown: target.checkVisibility() && r.width > 0 && r.height > 0,
        inWindow: r.top >= 0 && r.bottom <= innerHeight,
        overlap: !(c.bottom <= r.top || c.top >= r.bottom || c.right <= r.left || c.left >= r.right),
        card: [Math.round(c.top), Math.round(c.bottom)],
        target: [Math.round(r.top), Math.round(r.bottom)],
        last: document.getElementById('tour-next')?.textContent === 'Done',
      };
    });
    const where = `${width}x${height}, stop ${stop}`;
    assert(!seen.missing, `${where}: no ${seen.missing}`);
    assert(seen.shown, `${where}: the target #${seen.id} is not shown (folded away?)`);
    assert(seen.inWindow, `${where}: the target #${seen.id} is not in the window: ${short(seen)}`);
    assert(!seen.overlap, `${where}: the card covers its target #${seen.id}: ${short(seen)}`);
    if (seen.last) break;
    await page.click('#tour-next');
  }
  await t.shot(`tour-last-${width}`, page);
}

/** The widest option label of `#build-kind` against the room its select gives text. */
async function kindLabelsFit(page) {
  return page.evaluate(() => {
    const sel = document.getElementById('build-kind');
    const cs = getComputedStyle(sel);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    // The room for text: the select's inner width less its padding and the arrow.
    const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24;
    const cut = [...sel.options]
      .map((o) => ({ label: o.textContent, width: Math.ceil(ctx.measureText(o.textContent).width) }))
      .filter((o) => o.width > room);
    return { room: Math.floor(room), cut, hint: document.getElementById('build-kind-hint')?.textContent };
  });
}

export default [
  { name: 'tour: the card never covers its target, 1280x800', run: (t) => walkTour(t, 1280, 800) },
  { name: 'tour: the card never covers its target and each target is shown, 375x740', run: (t) => walkTour(t, 375, 740) },
  {
    name: "world: a role's trust policy and the inline policies are listed and open in the policy editor",
    async run(t) {
      await t.open(`#example/${STEM}`);
      await t.page.waitForSelector('.world-tree');
      const trust = t.page.locator('.w-role', { hasText: 'UpdateApp' }).first().locator('.w-trust .w-label');
      assert((await trust.count()) === 1, 'role UpdateApp lists no trust policy');
      await trust.click();
      await t.page.waitForFunction(() => /trust policy of role UpdateApp\b/.test(
        document.querySelector('#policy-editor select')?.selectedOptions[0]?.textContent || ''), null, { timeout: 5000 })
        .catch(() => { throw new Error('clicking the trust policy did not open it in the policy editor'); });
      const inline = t.page.locator('.w-group', { hasText: 'Developers' }).first().locator('.w-inline .w-label');
      assert((await inline.count()) >= 1, 'group Developers lists no inline policy');
      await inline.first().click();
      await t.page.waitForFunction(() => /inline policy allow-assume-UpdateApp of group Developers/.test(
        document.querySelector('#policy-editor select')?.selectedOptions[0]?.textContent || ''), null, { timeout: 5000 })
        .catch(() => { throw new Error('clicking the inline policy did not open it in the policy editor'); });
    },
  },
  {
    name: 'forms: every "Add" choice fits its select, at 1280 and 375 px',
    async run(t) {
      for (const width of [1280, 375]) {
        const page = width === 1280 ? t.page : await t.newPage({ width, height: 800 });
        await t.open(`#example/${STEM}`, page);
        await page.waitForSelector('#build-kind');
        const fit = await kindLabelsFit(page);
        assert(fit.cut.length === 0, `${width} px: labels wider than the select's ${fit.room} px: ${short(fit.cut)}`);
        assert(fit.hint && fit.hint.length > 10, `${width} px: no sentence under the select says what the choice adds`);
        await page.selectOption('#build-kind', 'resource-statement');
        const hint = await page.textContent('#build-kind-hint');
        assert(/trust policy/.test(hint), `the hint does not follow the choice: ${short(hint)}`);
      }
    },
  },
];
