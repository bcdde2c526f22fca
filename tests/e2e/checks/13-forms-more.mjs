// The rest of the forms: organizations with OUs and SCPs, resource and trust policy
// statements, instance profiles, AWS managed policy documents, and renames in the
// world panel. Each builds from an empty playground (#new) and checks the decisions
// the document now gives, and the JSON the forms wrote.
import { assert, getScenarioDoc, short, addWithForm as add, waitDecision } from '../lib.mjs';

const DEV = '111111111111';
const PROD = '999999999999';

/** #new, then two accounts and a user david in dev allowed s3:* everywhere. */
async function start(t) {
  await t.open('#new');
  await t.page.waitForSelector('#build-kind');
  await add(t.page, 'account', [['b-id', DEV], ['b-alias', 'dev']]);
  await add(t.page, 'account', [['b-id', PROD], ['b-alias', 'prod']]);
  await add(t.page, 'user', [['b-account', DEV], ['b-name', 'david']]);
  await add(t.page, 'permission', [['b-target', `users|${DEV}|david`], ['b-policy', 's3'], ['b-effect', 'Allow'], ['b-actions', 's3:*'], ['b-resources', '*']]);
}

export default [
  {
    name: 'forms: an organization, an OU and an SCP Deny attached to it turn Allow into Explicit deny',
    async run(t) {
      await start(t);
      await add(t.page, 'request', [['b-rname', 'david deletes a bucket'], ['b-who', `user|${DEV}|david`], ['b-action', 's3:DeleteBucket'], ['b-resource', 'arn:aws:s3:::logs']]);
      await waitDecision(t.page, 'david deletes a bucket', 'Allow', 'before any SCP');
      await add(t.page, 'org', [['b-management', PROD], [`b-acct-${DEV}`, true]]);
      await add(t.page, 'org', [['b-parent', 'organization/root'], ['b-name', 'Developers'], [`b-acct-${DEV}`, true]]);
      await add(t.page, 'org-policy', [['b-org_kind', 'scp'], ['b-policy', 'NoBucketDeletes'], ['b-attach_to', 'organization/root/ous/0'],
        ['b-effect', 'Deny'], ['b-actions', 's3:DeleteBucket'], ['b-resources', '']]);
      await waitDecision(t.page, 'david deletes a bucket', 'ExplicitDeny', 'the SCP on his OU');
      const doc = await getScenarioDoc(t.page);
      const ou = doc.organization.root.ous[0];
      assert(ou.name === 'Developers' && ou.accounts[0] === DEV, `the OU is ${short(ou)}`);
      assert(JSON.stringify(ou.scps) === JSON.stringify(['FullAWSAccess', 'NoBucketDeletes']), `the OU's SCPs are ${short(ou.scps)}: attaching must keep FullAWSAccess`);
      assert(doc.organization.policies.NoBucketDeletes.type === 'scp', 'the SCP is not in the organization');
      const gates = await t.page.$$eval('#trace [data-layer]', (els) => els.map((e) => `${e.dataset.layer}=${e.dataset.verdict}`));
      assert(gates.some((g) => g.startsWith('scp') && g.endsWith('=Deny')), `no SCP gate drawn as denying: ${short(gates)}`);
    },
  },
  {
    name: 'forms: a bucket policy statement lets another account in, with a condition',
    async run(t) {
      await start(t);
      await add(t.page, 'resource', [['b-account', PROD], ['b-arn', 'arn:aws:s3:::reports']]);
      await add(t.page, 'request', [['b-rname', 'david reads a report'], ['b-who', `user|${DEV}|david`], ['b-action', 's3:GetObject'],
        ['b-resource', 'arn:aws:s3:::reports/q1.csv'], ['b-context', 'aws:SecureTransport = true']]);
      await waitDecision(t.page, 'david reads a report', 'ImplicitDeny', 'cross-account, before the bucket policy');
      await add(t.page, 'resource-statement', [['b-side', `resource|${PROD}|arn:aws:s3:::reports`], ['b-effect', 'Allow'],
        ['b-principal', `account|${DEV}`], ['b-actions', 's3:GetObject'], ['b-resources', 'arn:aws:s3:::reports/*'],
        ['b-cond_op', 'Bool'], ['b-cond_key', 'aws:SecureTransport'], ['b-cond_values', 'true']]);
      await waitDecision(t.page, 'david reads a report', 'Allow', 'the bucket policy grants his account');
      const doc = await getScenarioDoc(t.page);
      const st = doc.accounts[PROD].resources[0].policy.Statement[0];
      assert(st.Principal.AWS === `arn:aws:iam::${DEV}:root` && st.Condition.Bool['aws:SecureTransport'] === 'true', `the statement is ${short(st)}`);
    },
  },
  {
    name: 'forms: a role for EC2, its instance profile and an instance that makes a request',
    async run(t) {
      await start(t);
      await add(t.page, 'role', [['b-account', PROD], ['b-name', 'WebServer'], ['b-trusted', 'service'], ['b-trusted_value', 'ec2.amazonaws.com'], ['b-hours', '4']]);
      await add(t.page, 'permission', [['b-target', `roles|${PROD}|WebServer`], ['b-policy', 'read'], ['b-effect', 'Allow'], ['b-actions', 's3:GetObject'], ['b-resources', '*']]);
      await add(t.page, 'profile', [['b-account', PROD], ['b-name', 'WebServer'], ['b-target', `roles|${PROD}|WebServer`], ['b-instance', 'i-0abc1234def567890']]);
      await add(t.page, 'request', [['b-rname', 'the instance reads'], ['b-who', 'instance|i-0abc1234def567890'], ['b-action', 's3:GetObject'], ['b-resource', 'arn:aws:s3:::b/k']]);
      await waitDecision(t.page, 'the instance reads', 'Allow', "the instance acts as its profile's role");
      const doc = await getScenarioDoc(t.page);
      assert(doc.accounts[PROD].roles.WebServer.max_session_duration === 14400, 'the role form did not write 4 hours as 14400 seconds');
      assert(doc.accounts[PROD].instances['i-0abc1234def567890'].profile === 'WebServer', 'the instance is not launched with the profile');
    },
  },
  {
    name: "forms: an AWS managed policy's document is shown and copied into an account as an editable policy",
    async run(t) {
      await start(t);
      await t.page.selectOption('#build-kind', 'attach');
      await t.page.selectOption('#b-target', `users|${DEV}|david`);
      await t.page.fill('#b-managed', 'AmazonS3ReadOnlyAccess');
      await t.page.click('#managed-view');
      await t.page.waitForSelector('.managed-doc', { timeout: 5000 });
      const shown = await t.page.textContent('.managed-doc');
      assert(shown.includes('"s3:Get*"') && shown.includes('"Statement"'), `the document shown is ${short(shown)}`);
      await t.page.click('#managed-copy-into');
      await t.page.waitForFunction(() => /AmazonS3ReadOnlyAccessCopy/.test(document.getElementById('scenario-json')?.value || ''), null, { timeout: 5000 })
        .catch(() => { throw new Error('the copy is not in the document'); });
      const doc = await getScenarioDoc(t.page);
      const copy = doc.accounts[DEV].policies.AmazonS3ReadOnlyAccessCopy;
      assert(copy?.document?.Statement?.length > 0, `the copy is ${short(copy)}`);
    },
  },
  {
    name: 'world: renaming an account updates every ARN and ID that names it, and the decisions stay',
    async run(t) {
      await start(t);
      await add(t.page, 'role', [['b-account', PROD], ['b-name', 'Admin'], ['b-trusted', 'account'], ['b-trusted_value', DEV]]);
      await add(t.page, 'permission', [['b-target', `users|${DEV}|david`], ['b-policy', 'assume'], ['b-effect', 'Allow'], ['b-actions', 'sts:AssumeRole'], ['b-resources', `arn:aws:iam::${PROD}:role/Admin`]]);
      await add(t.page, 'request', [['b-rname', 'david assumes Admin'], ['b-who', `user|${DEV}|david`], ['b-action', 'sts:AssumeRole'], ['b-resource', `arn:aws:iam::${PROD}:role/Admin`]]);
      await waitDecision(t.page, 'david assumes Admin', 'Allow', 'before the rename');
      await t.page.click(`button.w-ren[aria-label="Rename account ${PROD}"]`);
      await t.page.fill('#rename-to', '888888888888');
      await t.page.click('#rename-save');
      await t.page.waitForFunction(() => !/999999999999/.test(document.getElementById('scenario-json')?.value || ''), null, { timeout: 5000 })
        .catch(() => { throw new Error('the old account ID is still in the document'); });
      await waitDecision(t.page, 'david assumes Admin', 'Allow', 'after the rename');
      const note = await t.page.textContent('#rename-note');
      assert(/other places/.test(note), `the note says ${short(note)}`);
    },
  },
  {
    name: "forms: a user's groups are shown as the document has them, and changed there",
    async run(t) {
      await start(t);
      await add(t.page, 'group', [['b-account', DEV], ['b-name', 'Devs']]);
      await add(t.page, 'group', [['b-account', DEV], ['b-name', 'Ops']]);
      await add(t.page, 'user', [['b-account', DEV], ['b-name', 'ana'], ['b-group-Devs', true]]);
      await t.page.selectOption('#build-kind', 'groups');
      await t.page.selectOption('#b-target', `users|${DEV}|ana`);
      const ticked = await t.page.$$eval('.b-groups input[type=checkbox]', (els) => els.map((e) => `${e.id}=${e.checked}`));
      assert(JSON.stringify(ticked) === JSON.stringify(['b-group-Devs=true', 'b-group-Ops=false']), `the boxes show ${short(ticked)}`);
      await add(t.page, 'groups', [['b-group-Devs', false], ['b-group-Ops', true]]);
      const doc = await getScenarioDoc(t.page);
      assert(JSON.stringify(doc.accounts[DEV].users.ana.groups) === '["Ops"]', `ana's groups are ${short(doc.accounts[DEV].users.ana.groups)}`);
    },
  },
  {
    name: 'requests are checked against the action catalog: a misspelt action is pointed out beside its decision',
    async run(t) {
      await start(t);
      await add(t.page, 'request', [['b-rname', 'typo'], ['b-who', `user|${DEV}|david`], ['b-action', 's3:GetObjekt'], ['b-resource', 'arn:aws:s3:::b/k']]);
      await t.page.waitForSelector('.request-warnings li[data-code="UNKNOWN_ACTION"]', { timeout: 10000 })
        .catch(() => { throw new Error('no warning about s3:GetObjekt beside its decision'); });
      const text = await t.page.textContent('.request-warnings');
      assert(/s3:GetObject/.test(text), `the warning does not suggest s3:GetObject: ${short(text)}`);
      const mark = await t.page.locator('[data-request="typo"] .req-warn').count();
      assert(mark === 1, 'the request list does not mark the request');
    },
  },
];
