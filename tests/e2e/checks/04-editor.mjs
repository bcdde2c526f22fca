// The scenario JSON editor: edits re-run at once; load problems are listed with line:col.
import {
  assert, assertEqual, scenario, waitDecided, selectRequest, readTrace, setScenarioText,
  getScenarioDoc, short,
} from '../lib.mjs';

async function problems(page) {
  return page.$$eval('#problems li', (els) => els.map((e) => e.textContent.trim()));
}

// Waits until #problems lists an item with "LINE:COL" (line given), or is empty (line null).
async function waitProblems(page, line, what) {
  try {
    await page.waitForFunction(
      (line) => {
        const items = [...document.querySelectorAll('#problems li')].map((e) => e.textContent);
        if (line === null) return items.length === 0;
        return items.some((s) => new RegExp(`(^|\\D)${line}:\\d+`).test(s));
      },
      line,
      { timeout: 5000 },
    );
  } catch {
    throw new Error(`${what}; #problems shows ${short(await problems(page))}`);
  }
}

async function decisionOf(page, name, decision) {
  try {
    await page.waitForFunction(
      ([n, d]) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.dataset.decision === d,
      [name, decision],
      { timeout: 5000 },
    );
  } catch {
    const now = await page.evaluate(
      (n) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.dataset.decision ?? null,
      name,
    );
    throw new Error(`after the edit "${name}" should be ${decision}, it shows ${short(now)}`);
  }
}

export default [
  {
    name: 'editor: load problems are listed with line:col, and clear when fixed',
    async run(t) {
      await t.open('#example/02-allow');
      const doc = await getScenarioDoc(t.page);
      await waitDecided(t.page, doc.requests.map((r) => r.name));

      // An unknown field, on line 3 of the text.
      const { format, ...rest } = doc;
      const misspelt = JSON.stringify({ format, nmae: 'typo', ...rest }, null, 2);
      assert(misspelt.split('\n')[2].includes('"nmae"'), 'test setup: "nmae" is not on line 3');
      await setScenarioText(t.page, misspelt);
      await waitProblems(t.page, 3, 'an unknown field on line 3 is not listed as 3:col');

      // A JSON syntax error (a trailing comma) on a known line.
      const lines = JSON.stringify(doc, null, 2).split('\n');
      const at = lines.findIndex((l) => l.includes('"now"'));
      lines[at] = lines[at].replace(/,?$/, ',,');
      await setScenarioText(t.page, lines.join('\n'));
      const line = at + 1;
      await waitProblems(
        t.page,
        line,
        `a syntax error on line ${line} is not listed as ${line}:col`,
      );

      // Fixed: no problems, decisions back.
      await setScenarioText(t.page, JSON.stringify(doc, null, 2));
      await waitProblems(t.page, null, 'problems remain after the fix');
      await waitDecided(t.page, doc.requests.map((r) => r.name));
    },
  },
  {
    name: 'editor: adding a Deny turns an Allow into ExplicitDeny at once',
    async run(t) {
      await t.open('#example/02-allow');
      const doc = await getScenarioDoc(t.page);
      await waitDecided(t.page, doc.requests.map((r) => r.name));
      const alice = doc.accounts['111122223333'].users.alice;
      alice.inline['no-reports'] = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'NoReports', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-reports/reports/*' }],
      };
      // Text before the policy whose UTF-8 bytes and UTF-16 units differ in number.
      doc.description = 'Ünïcödé before the policy: 🔑✓ so offsets in bytes and in UTF-16 units differ.';
      await setScenarioText(t.page, JSON.stringify(doc, null, 2));
      await decisionOf(t.page, 'alice reads a report', 'ExplicitDeny');
      const met = await t.page.evaluate(
        () => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === 'alice reads a report')?.dataset.met,
      );
      assertEqual(met, 'false', '"alice reads a report" data-met (it expects Allow, now denied)');
      await selectRequest(t.page, 'alice reads a report');
      await t.page.waitForFunction(() => document.querySelector('#decision')?.dataset.decision === 'ExplicitDeny', null, { timeout: 5000 })
        .catch(() => { throw new Error('#decision is not ExplicitDeny'); });
      const tr = await readTrace(t.page);
      assert(tr.gates.some((g) => g.verdict === 'Deny'), `no gate has data-verdict="Deny": ${short(tr.gates)}`);

      // The Deny statement is highlighted: its "line N" link in the trace opens its policy
      // in the policy editor and selects the statement there (offsets converted from
      // the engine's bytes to the editor's UTF-16 units).
      const link = t.page.locator('#trace .statement.e-deny.applies .show-in-doc').first();
      await link.click();
      await t.page.waitForFunction(() => (document.querySelector('#policy-pick')?.value || '').endsWith('.inline.no-reports'), null, { timeout: 5000 })
        .catch(() => { throw new Error('the policy editor did not open the no-reports policy'); });
      await t.page.waitForFunction(() => document.getSelection().toString().includes('NoReports'), null, { timeout: 5000 })
        .catch(() => {});
      const selected = await t.page.evaluate(() => ({
        text: document.getSelection().toString(),
        focused: !!document.activeElement?.closest('#policy-editor'),
      }));
      assert(selected.focused, 'the policy editor does not have focus after clicking the statement');
      let stmt;
      try { stmt = JSON.parse(selected.text); } catch { stmt = null; }
      assert(stmt && stmt.Sid === 'NoReports' && stmt.Effect === 'Deny',
        `the selection is not the Deny statement: ${short(selected.text)}`);
    },
  },
  {
    name: 'editor: a permissions boundary turns an Allow into ImplicitDeny',
    async run(t) {
      await t.open('#example/02-allow');
      const doc = await getScenarioDoc(t.page);
      await waitDecided(t.page, doc.requests.map((r) => r.name));
      const account = doc.accounts['111122223333'];
      account.policies = {
        ...(account.policies ?? {}),
        WriteOnlyBoundary: {
          document: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'PutOnly', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
          },
        },
      };
      account.users.alice.permissions_boundary = 'WriteOnlyBoundary';
      await setScenarioText(t.page, JSON.stringify(doc, null, 2));
      await decisionOf(t.page, 'alice reads a report', 'ImplicitDeny');
      await selectRequest(t.page, 'alice reads a report');
      const tr = await readTrace(t.page);
      assertEqual(tr.decision, 'ImplicitDeny', '#decision');
      assert(!tr.gates.some((g) => g.verdict === 'Deny'), `a boundary denies implicitly, but a gate says Deny: ${short(tr.gates)}`);
    },
  },
];
