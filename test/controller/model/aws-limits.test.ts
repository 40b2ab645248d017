import { formatManifestIssue } from '../../../controller/model/errors.js';
import { parseManifest } from '../../../controller/model/parse-manifest.js';
import { BASE, BASE_FILE, edit } from '../../fixtures/manifests/base.js';

function messages(text: string): string[] {
  const env = /\n {2}name: (\S+)\n/.exec(text)?.[1] ?? 'dev';
  const result = parseManifest(text, BASE_FILE, { expectedEnvironment: env });
  return result.ok ? [] : result.errors.map(formatManifestIssue);
}

/** BASE with a top-level `tags:` block holding `lines`. */
const withTags = (...lines: string[]) => `${BASE}tags:\n${lines.map((l) => `  ${l}\n`).join('')}`;
const TAGS_LINE = BASE.split('\n').length;

describe('values AWS would refuse', () => {
  it.each([
    [
      'a tag key with the reserved aws: prefix',
      withTags('"AWS:owner": platform'),
      `${BASE_FILE}:${TAGS_LINE + 1}:3: tags.AWS:owner: tag key "AWS:owner": the aws: prefix is reserved for AWS`,
    ],
    [
      'a tag value with the reserved aws: prefix',
      withTags('owner: "aws:platform"'),
      `${BASE_FILE}:${TAGS_LINE + 1}:10: tags.owner: tag value "aws:platform": the aws: prefix is reserved for AWS`,
    ],
    [
      'a tag key with a character AWS refuses',
      withTags('"team!": platform'),
      `${BASE_FILE}:${TAGS_LINE + 1}:3: tags.team!: tag key "team!" may contain only letters, digits, spaces and _ . : / = + - @`,
    ],
    [
      'a tag key over 128 characters',
      withTags(`${'k'.repeat(129)}: v`),
      `${BASE_FILE}:${TAGS_LINE + 1}:3: tags.${'k'.repeat(129)}: tag keys are 1-128 characters, got 129`,
    ],
    [
      'a tag value over 256 characters, counted in characters',
      withTags(`owner: "${'é'.repeat(257)}"`),
      `${BASE_FILE}:${TAGS_LINE + 1}:10: tags.owner: tag values are at most 256 characters, got 257`,
    ],
    [
      'a __proto__ key, which would vanish when read',
      withTags('__proto__: platform'),
      `${BASE_FILE}:${TAGS_LINE + 1}:3: "__proto__" cannot be used as a key: it would be lost when the manifest is read`,
    ],
    [
      'a database identifier with two consecutive dashes',
      edit('  engine: postgres\n', '  identifier: dev--db\n  engine: postgres\n'),
      `${BASE_FILE}:28:15: database.identifier: must not contain two consecutive dashes or end with a dash`,
    ],
    [
      'a derived target group name over ELB’s 32 characters',
      edit('  name: dev\n', '  name: platform-dev-eu-west-1\n')
        .replace(
          '    - name: api\n      service: api',
          '    - name: api-primary\n      service: api',
        )
        .replace('forward: api', 'forward: api-primary'),
      `${BASE_FILE}:40:13: loadBalancer.targetGroups.api-primary.name: the target group would be named "platform-dev-eu-west-1-api-primary" (34 characters, ELB allows 32): shorten the name or set targetGroupName`,
    ],
  ])('refuses %s, with its position', (_name, text, expected) => {
    expect(messages(text)).toEqual([expected]);
  });

  it('accepts tags AWS accepts: unicode letters, spaces and the allowed punctuation', () => {
    expect(
      messages(withTags('"cost center": "Ingeniería / R+D @ HQ=1"', '"team:owner": a_b.c-d')),
    ).toEqual([]);
  });
});
