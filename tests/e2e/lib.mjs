// Helpers for the end-to-end checks. They follow the app's DOM contract:
//   #app; document.body.dataset.ready === "true" once the app is ready;
//   gallery links a[data-example="<stem>"] (href "#example/<stem>");
//   requests [data-request="<name>"] with data-decision (empty while pending),
//     data-met ("true"/"false" when the request has an `expect`), aria-selected;
//   #trace [data-layer][data-verdict]; #decision[data-decision];
//   #step-prev, #step-next, #narration; textarea#scenario-json; #problems li;
//   #copy-link, #share-link (input); #banner[data-kind]; #recent li.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, inspect } from 'node:util';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FORMAT = 'iam-playground/scenario@1';
export const DECISIONS = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'AuthenticationFailed', 'Invalid'];
export const VERDICTS = ['Allow', 'Deny', 'NoMatch', 'NotApplicable', 'Implicit'];

/** The bundled scenarios: [{ stem, file, text, doc }], in file name order. */
export function scenarios() {
  const dir = path.join(REPO, 'scenarios');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return { stem: f.slice(0, -'.json'.length), file: `scenarios/${f}`, text, doc: JSON.parse(text) };
    });
}

export function scenario(stem) {
  const s = scenarios().find((x) => x.stem === stem);
  if (!s) throw new Error(`no scenarios/${stem}.json`);
  return s;
}

// ---- share links (the public contract: base64url, no padding, of raw DEFLATE of UTF-8 JSON)

export function encodeShare(docOrText) {
  const text = typeof docOrText === 'string' ? docOrText : JSON.stringify(docOrText);
  return zlib.deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');
}

export function decodeShare(payload) {
  return zlib.inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8');
}

/** The payload of a share link ("…#scenario/<payload>"), or null. */
export function sharePayload(link) {
  const m = /#scenario\/([^#?&\s]*)$/.exec(String(link));
  return m ? m[1] : null;
}

// ---- assertions

export class CheckError extends Error {}

export function assert(cond, message) {
  if (!cond) throw new CheckError(message);
}

export function assertEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CheckError(`${what}: expected ${short(expected)}, got ${short(actual)}`);
  }
}

export function short(v, n = 300) {
  const s = typeof v === 'string' ? JSON.stringify(v) : inspect(v, { depth: 4, breakLength: Infinity });
  return s.length > n ? s.slice(0, n) + '…' : s;
}

// ---- the page

const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15000);

/** Waits for #app and body[data-ready="true"]. */
export async function waitReady(page, timeout = TIMEOUT) {
  try {
    await page.waitForFunction(
      () => document.body?.dataset.ready === 'true' && document.querySelector('#app') !== null,
      null,
      { timeout },
    );
  } catch (e) {
    const state = await page
      .evaluate(() => ({ ready: document.body?.dataset.ready ?? null, app: !!document.querySelector('#app') }))
      .catch(() => null);
    throw new CheckError(`the app never became ready within ${timeout} ms (${short(state)})`);
  }
}

/** The requests list: [{ name, decision, met, selected, text }] in page order. */
export async function readRequests(page) {
  return page.$$eval('[data-request]', (els) =>
    els.map((e) => ({
      name: e.dataset.request,
      decision: e.dataset.decision ?? null,
      met: e.dataset.met ?? null,
      selected: e.getAttribute('aria-selected'),
      text: e.textContent,
    })),
  );
}

/**
 * Waits until the requests list shows the given request names (in order) or, with no
 * names, at least one request, and every request has a decision. Returns readRequests().
 */
export async function waitDecided(page, names = null, timeout = TIMEOUT) {
  try {
    await page.waitForFunction(
      (names) => {
        const els = [...document.querySelectorAll('[data-request]')];
        if (names ? els.length !== names.length : els.length === 0) return false;
        if (names && !names.every((n, i) => els[i].dataset.request === n)) return false;
        return els.every((e) => e.dataset.decision);
      },
      names,
      { timeout },
    );
  } catch {
    const now = await readRequests(page).catch(() => []);
    const shown = now.map((r) => `${r.name}=${r.decision || '(pending)'}`);
    throw new CheckError(
      names
        ? `requests list never showed the ${names.length} requests ${short(names, 200)} all decided; it shows ${short(shown, 300)}`
        : `requests list never showed decided requests; it shows ${short(shown, 300)}`,
    );
  }
  return readRequests(page);
}

/** Checks decisions against a scenario document's `expect`s and the data-met marks. */
export function checkAgainstExpectations(doc, shown, where = '') {
  const reqs = doc.requests ?? [];
  assertEqual(shown.map((r) => r.name), reqs.map((r) => r.name), `${where}request names`);
  reqs.forEach((req, i) => {
    const s = shown[i];
    assert(DECISIONS.includes(s.decision), `${where}"${req.name}": data-decision ${short(s.decision)} is not a decision`);
    if (req.expect) {
      assert(
        s.met === 'true',
        `${where}"${req.name}": data-met is ${short(s.met)} (expected ${req.expect}, decided ${s.decision})`,
      );
      assertEqual(s.decision, req.expect, `${where}"${req.name}" decision`);
    } else {
      assert(s.met !== 'false', `${where}"${req.name}": data-met is "false" without an expectation`);
    }
  });
}

export async function getScenarioText(page) {
  return page.$eval('textarea#scenario-json', (el) => el.value);
}

/** Replaces the scenario JSON as a user would (fill fires `input`); works if hidden, too. */
export async function setScenarioText(page, text) {
  const ta = page.locator('textarea#scenario-json');
  await ta.waitFor({ state: 'attached' });
  if (await ta.isVisible()) {
    await ta.fill(text);
  } else {
    await ta.evaluate((el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
  }
}

export async function getScenarioDoc(page) {
  const text = await getScenarioText(page);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckError(`textarea#scenario-json does not hold JSON: ${e.message}`);
  }
}

export async function shareLink(page) {
  const loc = page.locator('#share-link');
  await loc.waitFor({ state: 'attached' });
  return loc.evaluate((el) => el.value ?? el.textContent);
}

/** Waits until some localStorage value contains `marker` (the app autosaved it). */
export async function waitSaved(page, marker, timeout = TIMEOUT) {
  try {
    await page.waitForFunction(
      (m) => {
        for (let i = 0; i < localStorage.length; i++) {
          if ((localStorage.getItem(localStorage.key(i)) ?? '').includes(m)) return true;
        }
        return false;
      },
      marker,
      { timeout },
    );
  } catch {
    throw new CheckError(`nothing in localStorage contains ${short(marker)} ${timeout} ms after the edit (no autosave)`);
  }
}

/** Clicks a request of the requests list by name (attribute values compared exactly). */
export async function selectRequest(page, name) {
  const handle = await page.evaluateHandle(
    (n) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n) ?? null,
    name,
  );
  const el = handle.asElement();
  if (!el) throw new CheckError(`no [data-request] named ${short(name)}`);
  await el.scrollIntoViewIfNeeded();
  await el.click();
  try {
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.getAttribute(
          'aria-selected',
        ) === 'true',
      name,
      { timeout: 5000 },
    );
  } catch {
    throw new CheckError(`clicking request ${short(name)} did not set aria-selected="true"`);
  }
}

/** The drawn trace: { decision: #decision[data-decision], gates: [{ layer, verdict }] }. */
export async function readTrace(page) {
  return page.evaluate(() => ({
    decision: document.querySelector('#decision')?.dataset.decision ?? null,
    gates: [...document.querySelectorAll('#trace [data-layer]')].map((g) => ({
      layer: g.dataset.layer,
      verdict: g.dataset.verdict ?? null,
    })),
  }));
}

/** The narration as shown (innerText: steps not told yet may be in the DOM but hidden). */
export async function narration(page) {
  return page.$eval('#narration', (el) => el.innerText.trim());
}

/** Waits for #banner[data-kind=kind] to be visible with some text; returns the text. */
export async function waitBanner(page, kind, timeout = TIMEOUT) {
  const banner = page.locator(`#banner[data-kind="${kind}"]`);
  try {
    await banner.waitFor({ state: 'visible', timeout });
  } catch {
    const now = await page
      .evaluate(() => {
        const b = document.querySelector('#banner');
        return b ? { kind: b.dataset.kind, text: b.textContent.trim() } : null;
      })
      .catch(() => null);
    throw new CheckError(`no visible #banner[data-kind="${kind}"] (banner now: ${short(now)})`);
  }
  const text = (await banner.textContent()).trim();
  assert(text.length > 0, `#banner[data-kind="${kind}"] has no message`);
  return text;
}

export async function recentItems(page) {
  return page.$$eval('#recent li', (els) => els.map((e) => e.textContent.trim()));
}

/** Horizontal overflow: { scrollWidth, innerWidth, culprits: [widest offenders] }. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 0.5 && r.width > 0) {
        culprits.push(
          `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${
            el.classList.length ? '.' + [...el.classList].join('.') : ''
          } (right ${Math.round(r.right)})`,
        );
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      culprits: culprits.slice(0, 5),
    };
  });
}

/** Adds something with the forms: picks `kind` in #build-kind, fills each [id, value]
 * in order (selects, checkboxes, text), presses Add and asserts the form said OK. */
export async function addWithForm(page, kind, fill) {
  await page.selectOption('#build-kind', kind);
  for (const [id, value] of fill) {
    const el = page.locator(`#${id}`);
    const tag = await el.evaluate((e) => e.tagName + (e.type === 'checkbox' ? ':checkbox' : ''));
    if (tag === 'SELECT') await el.selectOption(value);
    else if (tag.endsWith(':checkbox')) await el.setChecked(Boolean(value));
    else await el.fill(value);
  }
  await page.click('#build-add');
  const msg = page.locator('#build-msg');
  await page.waitForFunction(() => document.getElementById('build-msg')?.textContent.trim() !== '', null, { timeout: 5000 });
  const ok = await msg.evaluate((e) => e.classList.contains('ok'));
  assert(ok, `adding ${kind} failed: ${short(await msg.textContent())}`);
  return msg.textContent();
}

/** The decision shown for request `name` (empty while pending, undefined if absent). */
export async function decisionOf(page, name) {
  return page.evaluate((n) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.dataset.decision, name);
}

/** Waits until request `name` shows `decision`; fails with `what` and what it shows. */
export async function waitDecision(page, name, decision, what, timeout = 5000) {
  await page
    .waitForFunction(
      ([n, d]) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.dataset.decision === d,
      [name, decision],
      { timeout },
    )
    .catch(async () => {
      throw new CheckError(`${what}: "${name}" shows ${await decisionOf(page, name)}, not ${decision}`);
    });
}
