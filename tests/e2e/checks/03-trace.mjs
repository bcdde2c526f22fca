// Selecting requests, the drawn trace and the stepper.
import {
  assert, assertEqual, scenario, waitDecided, selectRequest, readRequests, readTrace, narration,
  VERDICTS, short,
} from '../lib.mjs';

async function waitDecision(page, decision) {
  try {
    await page.waitForFunction((d) => document.querySelector('#decision')?.dataset.decision === d, decision, {
      timeout: 5000,
    });
  } catch {
    const tr = await readTrace(page);
    throw new Error(`#decision[data-decision] is ${short(tr.decision)}, not ${decision}`);
  }
  return readTrace(page);
}

export default [
  {
    name: 'selecting each request shows its decision (example 14)',
    async run(t) {
      const s = scenario('14-cross-account-role');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      for (const req of s.doc.requests) {
        await selectRequest(t.page, req.name);
        const list = await readRequests(t.page);
        const selected = list.filter((r) => r.selected === 'true').map((r) => r.name);
        assertEqual(selected, [req.name], 'requests with aria-selected="true"');
        const tr = await waitDecision(t.page, req.expect);
        for (const g of tr.gates) {
          assert(g.layer, 'a #trace gate has an empty data-layer');
          assert(VERDICTS.includes(g.verdict), `gate ${g.layer}: data-verdict ${short(g.verdict)} is not one of ${VERDICTS.join('|')}`);
        }
        if (req.expect !== 'AuthenticationFailed' && req.expect !== 'Invalid') {
          assert(tr.gates.length > 0, `"${req.name}" (${req.expect}): #trace has no [data-layer] gates`);
        }
      }
    },
  },
  {
    name: 'trace gates: a Deny gate for an explicit deny, an Allow gate for an allow (example 03)',
    async run(t) {
      const s = scenario('03-explicit-deny');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));

      await selectRequest(t.page, 'alice deletes');
      let tr = await waitDecision(t.page, 'ExplicitDeny');
      assert(tr.gates.some((g) => g.verdict === 'Deny'), `ExplicitDeny but no gate has data-verdict="Deny": ${short(tr.gates)}`);

      await selectRequest(t.page, 'alice uploads');
      tr = await waitDecision(t.page, 'Allow');
      assert(tr.gates.some((g) => g.verdict === 'Allow'), `Allow but no gate has data-verdict="Allow": ${short(tr.gates)}`);
      assert(!tr.gates.some((g) => g.verdict === 'Deny'), `Allow but a gate has data-verdict="Deny": ${short(tr.gates)}`);
    },
  },
  {
    name: 'stepper: next and previous walk through the narration (example 08)',
    async run(t) {
      const s = scenario('08-permissions-boundary');
      await t.open(`#example/${s.stem}`);
      await waitDecided(t.page, s.doc.requests.map((r) => r.name));
      await selectRequest(t.page, 'ddb-admin cannot read S3');
      await waitDecision(t.page, 'ImplicitDeny');
      const first = await narration(t.page);
      assert(first.length > 0, '#narration is empty');
      // Step one way and back. The stepper may start at either end, so try next then prev,
      // or prev then next.
      const step = async (id) => {
        if (await t.page.locator(id).isDisabled()) return null;
        const before = await narration(t.page);
        await t.page.click(id);
        try {
          await t.page.waitForFunction(
            (b) => document.querySelector('#narration')?.innerText.trim() !== b, before, { timeout: 3000 });
        } catch {
          return null;
        }
        return narration(t.page);
      };
      let [there, back] = ['#step-next', '#step-prev'];
      let moved = await step(there);
      if (moved === null) {
        [there, back] = [back, there];
        moved = await step(there);
      }
      assert(moved !== null, `neither #step-next nor #step-prev changes #narration (${short(first, 120)})`);
      assert(moved.length > 0, `#narration is empty after ${there}`);
      const returned = await step(back);
      assert(returned !== null, `${back} after ${there} does not change #narration`);
      assertEqual(returned, first, `#narration after ${there} then ${back}`);
      t.note(`stepper: ${there} then ${back}`);
    },
  },
];
