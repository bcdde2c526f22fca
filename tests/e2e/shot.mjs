// Screenshots for a person to look at (not a test): node tests/e2e/shot.mjs OUT_DIR [steps.json]
// Opens the built playground (dist/) at 1280 px and 375 px and saves PNGs of the page
// after each step: { "name": "...", "hash": "#example/...", "width": 1280,
// "select": [["#build-kind", "org"]], "fill": [["#b-name", "Prod"]], "click": ["#build-add"],
// "shoot": "#build", "scroll": "#requests-title" (scrolled to the window's top first) }.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { startServer } from './server.mjs';

const [out = 'tests/e2e/out/shots', stepsFile] = process.argv.slice(2);
const steps = stepsFile
  ? JSON.parse(fs.readFileSync(stepsFile, 'utf8'))
  : [
      { name: 'home-1280', hash: '', width: 1280 },
      { name: 'home-375', hash: '', width: 375 },
    ];
const { chromium } = await import('playwright-core');
const server = await startServer('dist');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-shot-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
fs.mkdirSync(out, { recursive: true });
const page = context.pages()[0] || (await context.newPage());
page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
for (const s of steps) {
  await page.setViewportSize({ width: s.width || 1280, height: s.height || 900 });
  if (s.hash !== undefined) {
    await page.goto(`${server.origin}/${s.hash}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
  }
  for (const [sel, v] of s.select || []) await page.selectOption(sel, v);
  for (const [sel, v] of s.fill || []) await page.fill(sel, v);
  for (const [sel] of s.check || []) await page.check(sel);
  for (const sel of s.click || []) await page.click(sel);
  if (s.scroll) await page.locator(s.scroll).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(s.wait ?? 400);
  const file = path.join(out, `${s.name}.png`);
  if (s.shoot) await page.locator(s.shoot).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: !!s.full });
  console.log(file);
}
await context.close();
await server.close();
