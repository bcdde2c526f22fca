// A valid scenario document whose every learner-visible string carries script and markup
// payloads. The XSS check opens it by share link and expects all of it shown as plain
// text, with nothing run. `node tests/e2e/xss-scenario.mjs` prints it (for
// `iam-eval scenario`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const IMG = '<img src=x onerror="window.__xss=1">';
export const SCRIPT = '</script><script>window.__xss=2</script>';
export const JSURL = 'javascript:window.__xss=3';
export const PAYLOADS = [IMG, SCRIPT, JSURL];

const ACCOUNT = '111122223333';
const BUCKET = 'arn:aws:s3:::team-reports';

export const xssScenario = {
  format: 'iam-playground/scenario@1',
  name: `XSS ${IMG} ${SCRIPT}`,
  description: `Payloads: ${IMG} ${SCRIPT} ${JSURL} [a link](${JSURL}) <a href="${JSURL}">click</a>`,
  now: '2026-03-02T10:00:00Z',
  accounts: {
    [ACCOUNT]: {
      alias: 'xss-lab',
      policies: {
        Markup: {
          description: `${IMG} ${JSURL}`,
          // A policy document given as a string holding JSON, with payloads inside.
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ListEverything', Effect: 'Allow', Action: 's3:ListBucket', Resource: `${BUCKET}` },
              { Sid: 'DenyMarkup', Effect: 'Deny', Action: 's3:GetObject', Resource: `${BUCKET}/${SCRIPT}` },
            ],
          }),
        },
      },
      users: {
        alice: {
          policies: ['Markup'],
          tags: { team: IMG, note: SCRIPT, link: JSURL },
          inline: {
            'read-reports': {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ReadReports',
                  Effect: 'Allow',
                  Action: ['s3:GetObject'],
                  Resource: [`${BUCKET}/reports/*`, `${BUCKET}/${SCRIPT}`],
                  Condition: {
                    StringEquals: { 'aws:PrincipalTag/team': IMG },
                    StringNotEquals: { 'aws:UserAgent': [JSURL] },
                  },
                },
              ],
            },
          },
        },
      },
      resources: [{ arn: BUCKET, tags: { owner: IMG, link: JSURL, note: SCRIPT } }],
    },
  },
  requests: [
    {
      name: `alice reads ${IMG}`,
      description: `${SCRIPT} ${JSURL}`,
      who: { user: 'alice' },
      action: 's3:GetObject',
      resource: `${BUCKET}/reports/q1.csv`,
      context: { 'aws:SourceIp': '203.0.113.7', 'aws:UserAgent': IMG },
      expect: 'Allow',
    },
    {
      name: `alice writes ${SCRIPT}`,
      description: IMG,
      who: { user: 'alice' },
      action: 's3:PutObject',
      resource: `${BUCKET}/reports/${IMG}`,
      expect: 'ImplicitDeny',
    },
    {
      name: JSURL,
      description: `[${JSURL}](${JSURL})`,
      who: { user: 'alice' },
      action: 's3:GetObject',
      resource: `${BUCKET}/${SCRIPT}`,
      expect: 'ExplicitDeny',
    },
  ],
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(xssScenario, null, 2));
}
