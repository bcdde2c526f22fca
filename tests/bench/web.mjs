// The playground's speed and size, measured in headless Chromium against dist/:
//
//   node tests/bench/web.mjs [--json] [--runs N]
//
// - first load: every file fetched before the first decision is shown, and its size
//   after gzip -9 (what a static host serving gzip sends); target 350 KB;
// - first decision: from navigation start to the first request with a decision
//   (performance.now() in the page, by a MutationObserver); target 1 s on localhost.
//   The first paint (web/preview) draws it; "app ready" is when the app has taken
//   its place (body[data-ready]) and every control works;
// - edit: for the largest bundled scenario, one edit of the document through the
//   text area, re-running every request and redrawing, to the end of the forced
//   layout that follows (performance.now() in the page); target 16 ms.
// Figures only: this is a benchmark, not a test. It never fails on a slow run.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.DIST ? path.resolve(process.env.DIST) : path.join(REPO, 'dist');
const args = process.argv.slice(2);
const json = args.includes('--json');
const runs = Number(args[args.indexOf('--runs') + 1]) || 40;

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('bench: dist/ is not built: run scripts/build-web first');
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const server = await startServer(DIST);
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
await ctx.addInitScript(() => {
  const seen = () => document.querySelector('[data-request][data-decision]:not([data-decision=""])');
  const obs = new MutationObserver(() => {
    if (window.__firstDecision === undefined && seen()) {
      window.__firstDecision = performance.now();
    }
    if (window.__appReady === undefined && document.body && document.body.dataset.ready === 'true') {
      window.__appReady = performance.now();
    }
    if (window.__firstDecision !== undefined && window.__appReady !== undefined) obs.disconnect();
  });
  obs.observe(document, { subtree: true, childList: true, attributes: true });
});

// 1. First load and first decision, three cold loads (fresh storage each time).
const firsts = [];
const readies = [];
let files = [];
for (let i = 0; i < 3; i++) {
  const page = await ctx.newPage();
  await page.goto(server.origin + '/');
  await page.waitForFunction(() => window.__firstDecision !== undefined && window.__appReady !== undefined,
    null, { timeout: 15000 });
  const r = await page.evaluate(() => ({
    first: window.__firstDecision,
    ready: window.__appReady,
    files: performance.getEntriesByType('resource')
      .filter((e) => e.startTime < window.__firstDecision)
      .map((e) => new URL(e.name).pathname),
  }));
  firsts.push(r.first);
  readies.push(r.ready);
  files = ['/index.html', ...r.files.filter((f) => f !== '/')];
  await page.evaluate(() => localStorage.clear());
  await page.close();
}
const sizes = [...new Set(files)].map((f) => {
  const body = fs.readFileSync(path.join(DIST, f === '/index.html' ? 'index.html' : f.slice(1)));
  return { file: f, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
});
const firstLoadGzip = sizes.reduce((s, x) => s + x.gzip, 0);

// 2. Edits to the largest bundled scenario.
const largest = fs.readdirSync(path.join(REPO, 'scenarios'))
  .map((f) => ({ f, n: fs.statSync(path.join(REPO, 'scenarios', f)).size }))
  .sort((a, b) => b.n - a.n)[0];
const stem = largest.f.replace(/\.json$/, '');
const page = await ctx.newPage();
await page.goto(`${server.origin}/#example/${stem}`);
await page.waitForFunction(() => document.body.dataset.ready === 'true');
const edits = await page.evaluate(async (n) => {
  const area = document.getElementById('scenario-json');
  const base = area.value;
  const times = [];
  for (let i = 0; i < n; i++) {
    // A change that keeps the document valid: the description gains a character.
    const text = base.replace('"description": "', `"description": "${i % 2 ? 'x' : 'y'}`);
    const t0 = performance.now();
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    document.body.getBoundingClientRect(); // force the style and layout of the redraw
    times.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return { times, requests: document.querySelectorAll('[data-request]').length };
}, runs);
await page.close();
await ctx.close();
await server.close();

const result = {
  first_load_files: sizes,
  first_load_gzip_bytes: firstLoadGzip,
  first_decision_ms: { runs: firsts.map((x) => Math.round(x)), median: Math.round(median(firsts)) },
  app_ready_ms: { runs: readies.map((x) => Math.round(x)), median: Math.round(median(readies)) },
  edit: {
    scenario: stem,
    bytes: largest.n,
    requests: edits.requests,
    runs,
    median_ms: +median(edits.times).toFixed(2),
    p95_ms: +pct(edits.times, 0.95).toFixed(2),
    max_ms: +Math.max(...edits.times).toFixed(2),
  },
};
if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  for (const s of sizes) console.log(`  ${s.file.padEnd(22)} ${String(s.raw).padStart(9)} B raw  ${String(s.gzip).padStart(8)} B gzip -9`);
  console.log(`first load before the first decision: ${(firstLoadGzip / 1024).toFixed(1)} KB gzip (target 350 KB)`);
  console.log(`first decision after navigation: median ${result.first_decision_ms.median} ms of ${firsts.length} cold loads (target 1000 ms)`);
  console.log(`app ready (the editors and forms work): median ${result.app_ready_ms.median} ms`);
  console.log(`edit of ${stem} (${largest.n} B, ${edits.requests} requests), re-run and redraw: median ${result.edit.median_ms} ms, p95 ${result.edit.p95_ms} ms, max ${result.edit.max_ms} ms over ${runs} edits (target 16 ms)`);
}
