// Screenshots of the cross-account walkthrough at desktop and phone widths; no sideways
// scrolling at 375 px.
import { assert, scenario, waitDecided, selectRequest, horizontalOverflow, short } from '../lib.mjs';

const STEM = '14-cross-account-role';

async function openAndShoot(t, width) {
  const s = scenario(STEM);
  const page = width === 1280 ? t.page : await t.newPage({ width, height: 800 });
  await t.open(`#example/${STEM}`, page);
  const names = s.doc.requests.map((r) => r.name);
  await waitDecided(page, names);
  const check = async (when) => {
    const o = await horizontalOverflow(page);
    assert(
      o.scrollWidth <= width,
      `${width} px wide, ${when}: document scrollWidth is ${o.scrollWidth} (widest: ${short(o.culprits, 240)})`,
    );
  };
  if (width <= 375) await check('on load');
  await t.shot(`example-14-${width}`, page);
  // With a request selected, so the trace is drawn.
  await selectRequest(page, names[1]);
  await page.waitForTimeout(100);
  if (width <= 375) await check('with a request selected');
  await t.shot(`example-14-${width}-trace`, page);
  await t.shot(`example-14-${width}-full`, page, { fullPage: true });
}

export default [
  { name: 'screenshots of example 14 at 1280x800', run: (t) => openAndShoot(t, 1280) },
  { name: 'screenshots of example 14 at 375x800, no horizontal scroll', run: (t) => openAndShoot(t, 375) },
];
