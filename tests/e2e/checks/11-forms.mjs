// The forms alone: a newcomer builds the cross-account walkthrough (AWS's tutorial
// "Delegate access across AWS accounts using IAM roles") without typing any JSON, and
// sees every decision come out as the tutorial says.
import { assert, waitDecided, getScenarioText, short, addWithForm } from '../lib.mjs';

const add = addWithForm;

export default [
  {
    name: 'forms: the cross-account walkthrough built with the forms alone decides as the tutorial says',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const dev = '111111111111';
      const prod = '999999999999';
      const role = `arn:aws:iam::${prod}:role/UpdateApp`;
      await add(t.page, 'account', [['b-id', dev], ['b-alias', 'development']]);
      await add(t.page, 'account', [['b-id', prod], ['b-alias', 'production']]);
      await add(t.page, 'group', [['b-account', dev], ['b-name', 'Developers']]);
      await add(t.page, 'user', [['b-account', dev], ['b-name', 'david'], ['b-group-Developers', true]]);
      await add(t.page, 'user', [['b-account', dev], ['b-name', 'theresa']]);
      await add(t.page, 'resource', [['b-account', prod], ['b-arn', 'arn:aws:s3:::productionapp']]);
      await add(t.page, 'role', [['b-account', prod], ['b-name', 'UpdateApp'], ['b-trusted', 'account'], ['b-trusted_value', dev]]);
      await add(t.page, 'permission', [['b-target', `roles|${prod}|UpdateApp`], ['b-policy', 'app-bucket'], ['b-effect', 'Allow'],
        ['b-actions', 's3:ListBucket'], ['b-resources', 'arn:aws:s3:::productionapp']]);
      await add(t.page, 'permission', [['b-target', `roles|${prod}|UpdateApp`], ['b-policy', 'app-bucket'], ['b-effect', 'Allow'],
        ['b-actions', 's3:GetObject, s3:PutObject'], ['b-resources', 'arn:aws:s3:::productionapp/*']]);
      await add(t.page, 'permission', [['b-target', `groups|${dev}|Developers`], ['b-policy', 'assume-UpdateApp'], ['b-effect', 'Allow'],
        ['b-actions', 'sts:AssumeRole'], ['b-resources', role]]);
      await add(t.page, 'request', [['b-rname', 'David assumes UpdateApp'], ['b-who', `user|${dev}|david`], ['b-action', 'sts:AssumeRole'],
        ['b-resource', role], ['b-session_name', 'david'], ['b-expect', 'Allow']]);
      await add(t.page, 'request', [['b-rname', 'The session updates the app'], ['b-who', 'session|David assumes UpdateApp'],
        ['b-action', 's3:PutObject'], ['b-resource', 'arn:aws:s3:::productionapp/index.html'], ['b-expect', 'Allow']]);
      await add(t.page, 'request', [['b-rname', 'Theresa cannot assume it'], ['b-who', `user|${dev}|theresa`], ['b-action', 'sts:AssumeRole'],
        ['b-resource', role], ['b-session_name', 'theresa'], ['b-expect', 'ImplicitDeny']]);
      await add(t.page, 'request', [['b-rname', 'David without the role'], ['b-who', `user|${dev}|david`], ['b-action', 's3:PutObject'],
        ['b-resource', 'arn:aws:s3:::productionapp/index.html'], ['b-expect', 'ImplicitDeny']]);

      const names = ['alice lists her buckets', 'David assumes UpdateApp', 'The session updates the app', 'Theresa cannot assume it', 'David without the role'];
      await waitDecided(t.page, names);
      const shown = await t.page.$$eval('[data-request]', (els) => els.map((e) => ({ name: e.dataset.request, decision: e.dataset.decision, met: e.dataset.met })));
      const want = { 'David assumes UpdateApp': 'Allow', 'The session updates the app': 'Allow', 'Theresa cannot assume it': 'ImplicitDeny', 'David without the role': 'ImplicitDeny' };
      for (const [n, d] of Object.entries(want)) {
        const r = shown.find((x) => x.name === n);
        assert(r && r.decision === d && r.met === 'true', `${n}: expected ${d}, shows ${short(r)}`);
      }
      // The document the forms wrote is valid JSON and holds the trust policy.
      const doc = JSON.parse(await getScenarioText(t.page));
      assert(doc.accounts[prod].roles.UpdateApp.trust.Statement[0].Principal.AWS === `arn:aws:iam::${dev}:root`, 'the trust policy does not trust the development account');
      await t.shot('forms-walkthrough-1280', t.page, { fullPage: false });
    },
  },
  {
    name: 'forms: a role that trusts one user by its ARN lets that user assume it and no other',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const acct = '111122223333';
      const role = `arn:aws:iam::${acct}:role/Deployer`;
      await add(t.page, 'user', [['b-account', acct], ['b-name', 'bob']]);
      await add(t.page, 'role', [['b-account', acct], ['b-name', 'Deployer'], ['b-trusted', 'principal'],
        ['b-trusted_value', `arn:aws:iam::${acct}:user/alice`]]);
      const doc = JSON.parse(await getScenarioText(t.page));
      const trust = doc.accounts[acct].roles.Deployer.trust.Statement[0];
      assert(trust.Principal.AWS === `arn:aws:iam::${acct}:user/alice`, `the trust policy names ${short(trust.Principal)}`);
      // The policy editor follows the form to the trust policy it wrote.
      await t.page.waitForFunction(() => /Deployer/.test(document.querySelector('.policy-bar select')?.selectedOptions?.[0]?.textContent || ''), null, { timeout: 5000 })
        .catch(() => { throw new Error('the policy editor does not show the trust policy the form wrote'); });
      await add(t.page, 'request', [['b-rname', 'alice assumes Deployer'], ['b-who', `user|${acct}|alice`], ['b-action', 'sts:AssumeRole'],
        ['b-resource', role], ['b-session_name', 'alice']]);
      await add(t.page, 'request', [['b-rname', 'bob assumes Deployer'], ['b-who', `user|${acct}|bob`], ['b-action', 'sts:AssumeRole'],
        ['b-resource', role], ['b-session_name', 'bob']]);
      const shown = await waitDecided(t.page, ['alice lists her buckets', 'alice assumes Deployer', 'bob assumes Deployer']);
      const of = (n) => shown.find((x) => x.name === n)?.decision;
      // In one account the trust policy naming alice is enough; bob is not named.
      assert(of('alice assumes Deployer') === 'Allow', `alice: ${of('alice assumes Deployer')}`);
      assert(of('bob assumes Deployer') === 'ImplicitDeny', `bob: ${of('bob assumes Deployer')}`);
    },
  },
  {
    name: 'forms: a wrong input is refused with a reason and the document is unchanged',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const before = await getScenarioText(t.page);
      await t.page.selectOption('#build-kind', 'account');
      await t.page.fill('#b-id', '1234');
      await t.page.click('#build-add');
      await t.page.waitForFunction(() => document.getElementById('build-msg')?.classList.contains('bad'), null, { timeout: 5000 });
      const msg = await t.page.textContent('#build-msg');
      assert(/12 digits/.test(msg), `the refusal does not say why: ${short(msg)}`);
      assert(before === (await getScenarioText(t.page)), 'the document changed after a refused form');
    },
  },
  {
    name: 'forms: an AWS managed policy grants, and a boundary set with the form caps it to Implicit deny',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const acct = '111122223333';
      const decisionOf = (n) => t.page.evaluate((n) => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === n)?.dataset.decision, n);
      await t.page.selectOption('#build-kind', 'attach');
      await t.page.fill('#b-managed', 'AmazonS3Read');
      await t.page.waitForFunction(() => [...document.querySelectorAll('#b-policy-list option')].some((o) => o.value === 'AmazonS3ReadOnlyAccess'), null, { timeout: 5000 })
        .catch(() => { throw new Error('typing part of a name does not offer the AWS managed policy in the attach form'); });
      await add(t.page, 'attach', [['b-target', `users|${acct}|alice`], ['b-managed', 'AmazonS3ReadOnlyAccess'], ['b-as', 'attached']]);
      await t.page.waitForFunction(() => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === 'alice lists her buckets')?.dataset.decision === 'Allow', null, { timeout: 5000 })
        .catch(async () => { throw new Error(`AmazonS3ReadOnlyAccess did not allow s3:ListAllMyBuckets: ${await decisionOf('alice lists her buckets')}`); });
      await add(t.page, 'attach', [['b-target', `users|${acct}|alice`], ['b-managed', 'AmazonEC2ReadOnlyAccess'], ['b-as', 'boundary']]);
      await t.page.waitForFunction(() => [...document.querySelectorAll('[data-request]')].find((e) => e.dataset.request === 'alice lists her buckets')?.dataset.decision === 'ImplicitDeny', null, { timeout: 5000 })
        .catch(async () => { throw new Error(`the EC2 boundary did not cap the S3 Allow: ${await decisionOf('alice lists her buckets')}`); });
      const gates = await t.page.$$eval('#trace [data-layer]', (els) => els.map((e) => `${e.dataset.layer}=${e.dataset.verdict}`));
      assert(gates.includes('permissions_boundary=NoMatch'), `the boundary gate is not drawn as "no Allow": ${short(gates)}`);
    },
  },
  {
    name: 'forms: a request with context keys; a key the policies test but the request lacks is pointed out',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const acct = '111122223333';
      await add(t.page, 'permission', [['b-target', `users|${acct}|alice`], ['b-policy', 'office-only'], ['b-effect', 'Allow'],
        ['b-actions', 's3:ListAllMyBuckets'], ['b-resources', '*'],
        ['b-cond_op', 'IpAddress'], ['b-cond_key', 'aws:SourceIp'], ['b-cond_values', '203.0.113.0/24']]);
      const doc = JSON.parse(await getScenarioText(t.page));
      const cond = doc.accounts[acct].users.alice.inline['office-only'].Statement[0].Condition;
      assert(cond?.IpAddress?.['aws:SourceIp'] === '203.0.113.0/24', `the condition form wrote ${short(cond)}`);
      await t.page.waitForSelector('#decision .missing-keys', { timeout: 5000 })
        .catch(() => { throw new Error('no warning that aws:SourceIp is tested but missing from the request'); });
      await add(t.page, 'request', [['b-rname', 'alice from the office'], ['b-who', `user|${acct}|alice`], ['b-action', 's3:ListAllMyBuckets'],
        ['b-resource', '*'], ['b-context', 'aws:SourceIp = 203.0.113.7'], ['b-expect', 'Allow']]);
      await t.page.waitForFunction(() => document.querySelector('[data-request="alice from the office"]')?.dataset.decision === 'Allow', null, { timeout: 5000 })
        .catch(() => { throw new Error('the request with aws:SourceIp in its context is not allowed'); });
    },
  },
  {
    name: 'forms: an access key is created, signs a request, and a deactivated key fails authentication',
    async run(t) {
      await t.open('#new');
      await t.page.waitForSelector('#build-kind');
      const acct = '111122223333';
      await add(t.page, 'key', [['b-key_user', `${acct}|alice`]]);
      const msg = await t.page.textContent('#build-msg');
      const id = (msg.match(/AKIA[A-Z2-7]{16}/) || [])[0];
      assert(id, `no key ID in the message: ${short(msg)}`);
      assert(/secret access key, shown once[^:]*: [A-Za-z0-9+/]{40}\./.test(msg), `the new key's secret is not shown once: ${short(msg)}`);
      await add(t.page, 'request', [['b-rname', 'signed with the key'], ['b-who', `key|${id}`], ['b-action', 's3:ListAllMyBuckets'], ['b-resource', '*']]);
      await t.page.waitForFunction(() => document.querySelector('[data-request="signed with the key"]')?.dataset.decision === 'ImplicitDeny', null, { timeout: 5000 })
        .catch(() => { throw new Error('the request signed with the new key was not decided as ImplicitDeny'); });
      await add(t.page, 'key', [['b-key_id', id], ['b-key_status', 'Inactive']]);
      await t.page.waitForFunction(() => document.querySelector('[data-request="signed with the key"]')?.dataset.decision === 'AuthenticationFailed', null, { timeout: 5000 })
        .catch(() => { throw new Error('a request signed with a deactivated key did not fail authentication'); });
    },
  },
];
