import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatManifestIssue } from '../../../controller/model/errors.js';
import { parseManifest } from '../../../controller/model/parse-manifest.js';
import { BASE, BASE_FILE } from '../../fixtures/manifests/base.js';

// BASE ends on line 43, so `rollout:` is line 44 and the first rollout field line 45.
const rollout = (body: string) => `${BASE}rollout:\n${body}`;

function messages(text: string): string[] {
  const result = parseManifest(text, BASE_FILE, { expectedEnvironment: 'dev' });
  return result.ok ? [] : result.errors.map(formatManifestIssue);
}

function parsedRollout(text: string) {
  const result = parseManifest(text, BASE_FILE, { expectedEnvironment: 'dev' });
  if (!result.ok) throw new Error(result.errors.map(formatManifestIssue).join('\n'));
  return result.value.rollout;
}

const at = (line: number, column: number, rest: string) =>
  `${BASE_FILE}:${line}:${column}: ${rest}`;
const LOGIN_RULE =
  'must be a GitHub login: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen';
const WEEK_TIME_RULE = 'must be a weekday and a 24-hour time such as Fri 16:00 (Mon..Sun, HH:MM)';
const LOCAL_RULE = 'must be a local date and time such as 2026-12-24T00:00 (YYYY-MM-DDTHH:MM)';
const EITHER_FORM =
  'must be a weekly window (from, to, timeZone) or a one-off window (start, end, timeZone)';
const WEEKEND = '    - from: Fri 16:00\n      to: Mon 08:00\n      timeZone: Europe/Berlin\n';

describe('rollout approvers and freeze windows', () => {
  it('reads prod: approved by octocat, frozen over the weekend in Berlin', () => {
    // Prepare
    const file = path.join(__dirname, '../../../desired-state/environments/prod.yaml');

    // Act
    const result = parseManifest(readFileSync(file, 'utf8'), file, { expectedEnvironment: 'prod' });

    // Assess
    if (!result.ok) throw new Error(result.errors.map(formatManifestIssue).join('\n'));
    expect(result.value.rollout).toMatchObject({
      requireApproval: true,
      approvers: ['octocat'],
      freeze: [
        { from: 'Fri 16:00', to: 'Mon 08:00', timeZone: 'Europe/Berlin', reason: 'weekend freeze' },
      ],
    });
  });

  it('defaults both to empty lists', () => {
    // Prepare
    const text = rollout('  requireApproval: true\n');

    // Act
    const actual = parsedRollout(text);

    // Assess
    expect(actual.approvers).toEqual([]);
    expect(actual.freeze).toEqual([]);
  });

  it('accepts logins of 1 and 39 characters, with single hyphens and any case', () => {
    // Prepare
    const logins = ['a', 'Octo-Cat', 'x1-y2-z3', `a${'-b'.repeat(19)}`];
    const text = rollout(`  requireApproval: true\n  approvers: [${logins.join(', ')}]\n`);

    // Act
    const actual = parsedRollout(text);

    // Assess
    expect(logins[3]).toHaveLength(39);
    expect(actual.approvers).toEqual(logins);
  });

  it('accepts both window forms, one wrapping over Sunday night, and keeps them as written', () => {
    // Prepare
    const text = rollout(
      `  freeze:\n${WEEKEND}      reason: weekend freeze\n    - start: 2026-12-24T00:00\n      end: 2027-01-02T08:00\n      timeZone: America/New_York\n`,
    );

    // Act
    const actual = parsedRollout(text);

    // Assess
    expect(actual.freeze).toEqual([
      { from: 'Fri 16:00', to: 'Mon 08:00', timeZone: 'Europe/Berlin', reason: 'weekend freeze' },
      { start: '2026-12-24T00:00', end: '2027-01-02T08:00', timeZone: 'America/New_York' },
    ]);
  });

  // Each case appends a rollout section to BASE and lists every message, located at its node.
  const malformed: [string, string, string[]][] = [
    [
      'approvers without requireApproval',
      rollout('  approvers: [octocat]\n'),
      [
        at(
          45,
          14,
          'rollout.approvers: approvers are only asked when requireApproval is true: set requireApproval: true or remove approvers',
        ),
      ],
    ],
    [
      'approvers with requireApproval false',
      rollout('  requireApproval: false\n  approvers:\n    - octocat\n'),
      [
        at(
          47,
          5,
          'rollout.approvers: approvers are only asked when requireApproval is true: set requireApproval: true or remove approvers',
        ),
      ],
    ],
    [
      'logins GitHub does not allow',
      rollout(
        `  requireApproval: true\n  approvers: [-octocat, octocat-, octo--cat, octo_cat, a${'b'.repeat(39)}]\n`,
      ),
      [
        at(46, 15, `rollout.approvers.0: ${LOGIN_RULE}`),
        at(46, 25, `rollout.approvers.1: ${LOGIN_RULE}`),
        at(46, 35, `rollout.approvers.2: ${LOGIN_RULE}`),
        at(46, 46, `rollout.approvers.3: ${LOGIN_RULE}`),
        at(46, 56, `rollout.approvers.4: ${LOGIN_RULE}`),
      ],
    ],
    [
      'an empty login',
      rollout('  requireApproval: true\n  approvers: [""]\n'),
      [at(46, 15, `rollout.approvers.0: ${LOGIN_RULE}`)],
    ],
    [
      'a login listed twice',
      rollout('  requireApproval: true\n  approvers: [octocat, hubot, octocat]\n'),
      [at(46, 31, 'rollout.approvers.2: duplicate approver "octocat"')],
    ],
    [
      'a login listed twice in another case',
      rollout('  requireApproval: true\n  approvers: [octocat, OctoCat]\n'),
      [
        at(
          46,
          24,
          'rollout.approvers.1: duplicate approver "OctoCat": GitHub logins ignore case, and "octocat" is listed',
        ),
      ],
    ],
    [
      'a weekly window that ends when it starts',
      rollout('  freeze:\n    - from: Fri 16:00\n      to: Fri 16:00\n      timeZone: UTC\n'),
      [
        at(
          47,
          11,
          'rollout.freeze.0.to: to equals from ("Fri 16:00"): a weekly window must end at another time than it starts',
        ),
      ],
    ],
    [
      'a one-off window that ends before it starts',
      rollout(
        `  freeze:\n${WEEKEND}    - start: 2026-12-24T00:00\n      end: 2026-12-23T23:59\n      timeZone: UTC\n`,
      ),
      [
        at(
          50,
          12,
          'rollout.freeze.1.end: end "2026-12-23T23:59" must be after start "2026-12-24T00:00"',
        ),
      ],
    ],
    [
      'a one-off window that ends when it starts',
      rollout(
        '  freeze:\n    - start: 2026-12-24T00:00\n      end: 2026-12-24T00:00\n      timeZone: UTC\n',
      ),
      [
        at(
          47,
          12,
          'rollout.freeze.0.end: end "2026-12-24T00:00" must be after start "2026-12-24T00:00"',
        ),
      ],
    ],
    [
      'weekly times that are not a weekday and HH:MM',
      rollout('  freeze:\n    - from: Friday 16:00\n      to: Mon 8:00\n      timeZone: UTC\n'),
      [
        at(46, 13, `rollout.freeze.0.from: ${WEEK_TIME_RULE}`),
        at(47, 11, `rollout.freeze.0.to: ${WEEK_TIME_RULE}`),
      ],
    ],
    [
      'a weekly time past 23:59',
      rollout('  freeze:\n    - from: Sun 24:00\n      to: Mon 08:00\n      timeZone: UTC\n'),
      [at(46, 13, `rollout.freeze.0.from: ${WEEK_TIME_RULE}`)],
    ],
    [
      'one-off times that are not local date-times or not in the calendar',
      rollout(
        '  freeze:\n    - start: 2026-02-29T00:00\n      end: 2026-12-24T00:00Z\n      timeZone: UTC\n',
      ),
      [
        at(46, 14, 'rollout.freeze.0.start: "2026-02-29T00:00" is not a calendar date'),
        at(47, 12, `rollout.freeze.0.end: ${LOCAL_RULE}`),
      ],
    ],
    [
      'a time zone Intl does not know',
      rollout(
        '  freeze:\n    - from: Fri 16:00\n      to: Mon 08:00\n      timeZone: Europe/Berln\n',
      ),
      [
        at(
          48,
          17,
          'rollout.freeze.0.timeZone: timeZone "Europe/Berln" is not a time zone Node knows; use an IANA name such as Europe/Berlin',
        ),
      ],
    ],
    [
      'a UTC offset for a time zone',
      rollout(
        '  freeze:\n    - start: 2026-12-24T00:00\n      end: 2026-12-25T00:00\n      timeZone: "+01:00"\n',
      ),
      [
        at(
          48,
          17,
          'rollout.freeze.0.timeZone: timeZone "+01:00" is not a time zone Node knows; use an IANA name such as Europe/Berlin',
        ),
      ],
    ],
    [
      'an empty reason',
      rollout(`  freeze:\n${WEEKEND}      reason: ""\n`),
      [at(49, 15, 'rollout.freeze.0.reason: must not be empty')],
    ],
    [
      'a reason too long for a commit status',
      rollout(`  freeze:\n${WEEKEND}      reason: ${'r'.repeat(61)}\n`),
      [at(49, 15, 'rollout.freeze.0.reason: must have between 1 and 60 characters')],
    ],
    [
      'a weekly window without its end',
      rollout('  freeze:\n    - from: Fri 16:00\n      timeZone: UTC\n'),
      [at(46, 7, 'rollout.freeze.0.to: is required')],
    ],
    [
      'a misspelt key of a weekly window',
      rollout('  freeze:\n    - from: Fri 16:00\n      to: Mon 08:00\n      timeZon: UTC\n'),
      [
        at(46, 7, 'rollout.freeze.0.timeZone: is required'),
        at(48, 7, 'rollout.freeze.0.timeZon: unknown key "timeZon"; did you mean "timeZone"?'),
      ],
    ],
    [
      'a weekly time that YAML reads as a number',
      rollout('  freeze:\n    - from: 1600\n      to: Mon 08:00\n      timeZone: UTC\n'),
      [at(46, 13, 'rollout.freeze.0.from: expected string, got number; quote the value')],
    ],
    [
      'a window that mixes both forms',
      rollout(`  freeze:\n${WEEKEND}      start: 2026-12-24T00:00\n      end: 2026-12-25T00:00\n`),
      [at(46, 7, `rollout.freeze.0: ${EITHER_FORM}`)],
    ],
    [
      'a window with a zone only',
      rollout('  freeze:\n    - timeZone: UTC\n'),
      [at(46, 7, `rollout.freeze.0: ${EITHER_FORM}`)],
    ],
    [
      'a window written as text',
      rollout('  freeze:\n    - Fri 16:00 to Mon 08:00\n'),
      [at(46, 7, `rollout.freeze.0: ${EITHER_FORM}`)],
    ],
  ];

  it.each(malformed)('reports %s', (_name, text, expected) => {
    // Prepare: the text comes from the table

    // Act
    const actual = messages(text);

    // Assess
    expect(actual).toEqual(expected);
  });
});
