// Every bundled scenario opens by URL (#example/<stem>) and meets its expectations.
import { scenarios, waitDecided, checkAgainstExpectations } from '../lib.mjs';

export default scenarios().map((s) => ({
  name: `example ${s.stem} opens and meets its expectations`,
  async run(t) {
    await t.open(`#example/${s.stem}`);
    const shown = await waitDecided(t.page, (s.doc.requests ?? []).map((r) => r.name));
    checkAgainstExpectations(s.doc, shown);
  },
}));
