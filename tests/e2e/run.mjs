#!/usr/bin/env node
// End-to-end tests of the built playground (dist/) in headless Chromium.
//
//   node tests/e2e/run.mjs [--dist DIR] [--list] [--headed] [--verbose] [NAME-FILTER...]
//
// Starts its own static server (server.mjs) on a free port of 127.0.0.1, then runs every
// check of tests/e2e/checks/*.mjs, each in a fresh page of one Chromium profile (a new
// temporary folder per run; the origin's storage is cleared before every check). Prints
// "ok  NAME" or "FAIL NAME: REASON" per check and ends with "N passed, M failed"
// (exit status 1 if any failed). Besides its own assertions, a check fails if any page
// logged a console error or an uncaught exception, or asked for anything from an origin
// other than the test server (such requests are also blocked).
// Screenshots and failure details go to tests/e2e/out/.
//
// Adding a check: in a file of tests/e2e/checks/, add to its default export (an array of
// { name, run: async (t) => {...} }, or an async function returning one). `t` has:
//   t.page          a fresh page, 1280x800, nothing loaded yet
//   t.newPage(opts) another monitored page (opts: { width, height })
//   t.url(hash)     the server's URL + hash ("#example/02-allow"); t.origin
//   t.open(hash, page = t.page)  goto + wait until the app is ready
//   t.shot(name, page = t.page, { fullPage })  screenshot into tests/e2e/out/NAME.png
//   t.note(text)    a line shown under the check's result (on failure, or with --verbose)
// and helpers for the app's DOM contract are in lib.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, waitReady } from './lib.mjs';
import { startServer } from './server.mjs';

const HERE = path.join(REPO, 'tests', 'e2e');
const OUT = path.join(HERE, 'out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHECK_TIMEOUT_MS = Number(process.env.E2E_CHECK_TIMEOUT_MS || 90000);
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

function usage(code) {
  console.error('usage: node tests/e2e/run.mjs [--dist DIR] [--list] [--headed] [--verbose] [NAME-FILTER...]');
  process.exit(code);
}

const opts = {
  dist: process.env.E2E_DIST || path.join(REPO, 'dist'),
  list: false,
  headed: false,
  verbose: !!process.env.E2E_VERBOSE,
  filters: [],
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dist') opts.dist = argv[++i] ?? usage(2);
    else if (a.startsWith('--dist=')) opts.dist = a.slice('--dist='.length);
    else if (a === '--list') opts.list = true;
    else if (a === '--headed') opts.headed = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '-h' || a === '--help') usage(0);
    else if (a.startsWith('-')) usage(2);
    else opts.filters.push(a);
  }
}

let passed = 0;
let failed = 0;
const details = [];

function oneLine(s) {
  const line = String(s).replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim();
  return line.length > 500 ? line.slice(0, 500) + '…' : line;
}

function slug(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

function fail(name, reason, extra = []) {
  failed++;
  console.log(`FAIL ${name}: ${oneLine(reason)}`);
  details.push(`FAIL ${name}\n  ${String(reason).split('\n').join('\n  ')}\n${extra.map((l) => '  ' + l).join('\n')}`);
}

async function loadChecks() {
  const dir = path.join(HERE, 'checks');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const checks = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    let list = mod.default;
    if (typeof list === 'function') list = await list();
    if (!Array.isArray(list)) throw new Error(`checks/${f}: the default export is not an array of checks`);
    for (const c of list) {
      if (!c || typeof c.name !== 'string' || typeof c.run !== 'function') {
        throw new Error(`checks/${f}: a check needs a name and an async run(t)`);
      }
      checks.push({ ...c, file: f });
    }
  }
  const names = new Set();
  for (const c of checks) {
    if (names.has(c.name)) throw new Error(`two checks are named ${JSON.stringify(c.name)}`);
    names.add(c.name);
  }
  return checks;
}

async function main() {
  const started = Date.now();
  let checks = await loadChecks();
  if (opts.filters.length) checks = checks.filter((c) => opts.filters.some((f) => c.name.includes(f)));
  if (opts.list) {
    for (const c of checks) console.log(`${c.name}    (${c.file})`);
    return;
  }
  if (!fs.existsSync(path.join(opts.dist, 'index.html'))) {
    throw new Error(`${path.relative(process.cwd(), path.join(opts.dist, 'index.html')) || 'index.html'} is missing: run scripts/build-web first`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.startsWith('FAIL-')) fs.rmSync(path.join(OUT, f)); // of an earlier run

  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('playwright-core is not installed: run scripts/setup');
  }

  const server = await startServer(opts.dist);
  const origin = server.origin;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: !opts.headed,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    context.setDefaultTimeout(15000);
    context.setDefaultNavigationTimeout(20000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

    // Everything that happens during the current check.
    let current = null;
    const isForeign = (url) => {
      try {
        const u = new URL(url);
        if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
        return u.origin !== origin;
      } catch {
        return true;
      }
    };
    // Block (and record) anything that leaves the test server's origin.
    await context.route(
      (url) => isForeign(url.href),
      (route) => {
        current?.foreign.push(`${route.request().method()} ${route.request().url()}`);
        return route.abort('blockedbyclient');
      },
    );
    await context.routeWebSocket(
      (url) => isForeign(url.href.replace(/^ws/, 'http')),
      (ws) => {
        current?.foreign.push(`WebSocket ${ws.url()}`);
        return ws.close();
      },
    );
    context.on('request', (req) => {
      if (isForeign(req.url()) && current && !current.foreign.some((f) => f.endsWith(' ' + req.url()))) {
        current.foreign.push(`${req.method()} ${req.url()}`);
      }
    });
    const watch = (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error' && current) {
          const loc = msg.location();
          current.errors.push(`console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
        }
      });
      page.on('pageerror', (err) => current?.errors.push(`uncaught exception: ${err.message}`));
      page.on('crash', () => current?.errors.push('the page crashed'));
    };
    context.on('page', watch);
    context.pages().forEach(watch);

    // A blank page keeps the persistent context open and clears storage between checks.
    const anchor = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(anchor);

    for (const check of checks) {
      for (const p of context.pages()) if (p !== anchor) await p.close().catch(() => {});
      await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      await cdp.send('Network.clearBrowserCache').catch(() => {});
      current = { errors: [], foreign: [], notes: [] };
      const state = current;
      let lastPage = null;
      const newPage = async ({ width = 1280, height = 800 } = {}) => {
        const p = await context.newPage();
        await p.setViewportSize({ width, height });
        lastPage = p;
        return p;
      };
      const t = {
        origin,
        server,
        name: check.name,
        out: OUT,
        page: await newPage(),
        newPage,
        url: (hash = '') => server.url + hash,
        async open(hash = '', page = t.page) {
          lastPage = page;
          await page.goto(server.url + hash);
          await waitReady(page);
          return page;
        },
        async shot(name, page = t.page, { fullPage = false } = {}) {
          const file = path.join(OUT, `${slug(name)}.png`);
          await page.screenshot({ path: file, fullPage });
          return file;
        },
        note: (text) => state.notes.push(text),
      };
      const t0 = Date.now();
      let error = null;
      let timer;
      try {
        await Promise.race([
          check.run(t),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
          }),
        ]);
      } catch (e) {
        error = e;
      } finally {
        clearTimeout(timer);
      }
      // Late console errors (an img onerror, a rejected promise) still count.
      for (const p of context.pages()) if (p !== anchor) await p.waitForTimeout(50).catch(() => {});
      current = null;
      const ms = Date.now() - t0;
      const problems = [];
      if (error) problems.push(error.message || String(error));
      if (state.errors.length) problems.push(`${state.errors.length} console error(s): ${state.errors.join(' | ')}`);
      if (state.foreign.length) problems.push(`request(s) to another origin: ${[...new Set(state.foreign)].join(' | ')}`);
      if (problems.length) {
        let shot = '';
        const p = lastPage && !lastPage.isClosed() ? lastPage : null;
        if (p) {
          const file = path.join(OUT, `FAIL-${slug(check.name)}.png`);
          if (await p.screenshot({ path: file }).then(() => true, () => false)) shot = `screenshot: ${path.relative(REPO, file)}`;
        }
        fail(check.name, problems.join('; '), [
          ...(error?.stack ? [error.stack.split('\n').slice(1, 4).join(' / ')] : []),
          ...state.notes,
          ...(shot ? [shot] : []),
          `(${ms} ms)`,
        ]);
      } else {
        passed++;
        console.log(`ok  ${check.name}`);
        if (opts.verbose) for (const n of [...state.notes, `(${ms} ms)`]) console.log(`    ${n}`);
      }
    }
  } finally {
    await context?.close().catch(() => {});
    await server.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'failures.txt'), details.join('\n\n') + (details.length ? '\n' : ''));
    console.log(`e2e: ${passed + failed} checks in ${((Date.now() - started) / 1000).toFixed(1)} s against ${path.relative(REPO, opts.dist) || '.'}${failed ? '; details in tests/e2e/out/failures.txt' : ''}`);
  }
}

try {
  await main();
} catch (e) {
  fail('harness', e.message || String(e));
}
if (!opts.list) console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
