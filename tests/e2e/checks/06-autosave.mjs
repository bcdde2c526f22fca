// Autosave: an edit survives a reload.
import { assertEqual, waitDecided, getScenarioDoc, setScenarioText, waitSaved } from '../lib.mjs';

export default [
  {
    name: 'reload restores the autosaved edit',
    async run(t) {
      await t.open('');
      const doc = await getScenarioDoc(t.page);
      await waitDecided(t.page, (doc.requests ?? []).map((r) => r.name));
      const marker = `Autosaved e2e ${Date.now()}`;
      doc.name = marker;
      doc.description = 'Edited by the end-to-end test: ünïcödé ✓';
      const first = doc.requests[0];
      const flipped = first.expect === 'Allow' ? 'ImplicitDeny' : 'Allow';
      first.expect = flipped;
      await setScenarioText(t.page, JSON.stringify(doc, null, 2));
      const before = await waitDecided(t.page, doc.requests.map((r) => r.name));
      assertEqual(before[0].met, 'false', `data-met of "${first.name}" after its expect was flipped`);
      await waitSaved(t.page, marker);

      await t.page.reload();
      await t.page.waitForFunction(() => document.body?.dataset.ready === 'true');
      const after = await waitDecided(t.page, doc.requests.map((r) => r.name));
      const restored = await getScenarioDoc(t.page);
      assertEqual(restored.name, marker, 'scenario name after reload');
      assertEqual(restored.description, doc.description, 'description after reload');
      assertEqual(restored.requests[0].expect, flipped, `expect of "${first.name}" after reload`);
      assertEqual(
        after.map(({ name, decision, met }) => ({ name, decision, met })),
        before.map(({ name, decision, met }) => ({ name, decision, met })),
        'requests after reload',
      );
    },
  },
];
