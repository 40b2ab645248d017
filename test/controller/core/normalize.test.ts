import { normalizeImageRef } from '../../../controller/core/comparators.js';
import {
  normalizeHealthCheckPort,
  normalizeMatcher,
  selectTags,
} from '../../../controller/core/normalize.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('normalize', () => {
  describe('normalizeImageRef', () => {
    it.each([
      ['docker.io/nginx', 'docker.io/library/nginx:latest'],
      ['registry-1.docker.io/bitnami/redis:7', 'docker.io/bitnami/redis:7'],
      ['ghcr.io/org/app', 'ghcr.io/org/app:latest'],
      ['localhost:5000/app', 'localhost:5000/app:latest'],
      ['localhost/app:1', 'localhost/app:1'],
      [
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:2.1',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:2.1',
      ],
      [`nginx:1.27@${DIGEST}`, `docker.io/library/nginx:1.27@${DIGEST}`],
      [`ghcr.io/org/app@${DIGEST}`, `ghcr.io/org/app@${DIGEST}`],
      ['  ghcr.io/org/app:1  ', 'ghcr.io/org/app:1'],
    ])('normalizes %j to %s', (ref, expected) => {
      // Prepare
      const input = ref;

      // Act
      const normalized = normalizeImageRef(input);

      // Assess
      expect(normalized).toBe(expected);
    });

    it('lowercases the repository but keeps the tag as written', () => {
      // Prepare
      const ref = 'Library/Nginx:V1';

      // Act
      const normalized = normalizeImageRef(ref);

      // Assess
      expect(normalized).toBe('docker.io/library/nginx:V1');
    });

    it.each([
      'nginx',
      'bitnami/redis:7',
      'localhost:5000/app',
      `nginx:1.27@${DIGEST}`,
      'public.ecr.aws/plumbline/task-api:1.0.0',
    ])('is idempotent on %s', (ref) => {
      // Prepare
      const once = normalizeImageRef(ref);

      // Act
      const twice = normalizeImageRef(once);

      // Assess
      expect(twice).toBe(once);
    });

    it('keeps a registry port apart from the tag', () => {
      // Prepare
      const untagged = 'localhost:5000/team/app';
      const tagged = 'localhost:5000/team/app:5000';

      // Act
      const normalized = [normalizeImageRef(untagged), normalizeImageRef(tagged)];

      // Assess
      expect(normalized).toEqual([
        'localhost:5000/team/app:latest',
        'localhost:5000/team/app:5000',
      ]);
    });
  });

  describe('normalizeHealthCheckPort', () => {
    it.each([
      ['traffic-port', 'traffic-port'],
      [8080, 8080],
      ['8080', 8080],
      [' 8080 ', 8080],
      [1, 1],
    ] as const)('normalizes %j to %j', (port, expected) => {
      // Prepare
      const input = port;

      // Act
      const normalized = normalizeHealthCheckPort(input);

      // Assess
      expect(normalized).toBe(expected);
    });

    it('makes a numeric string and the same number compare equal', () => {
      // Prepare
      const declared = 8080;
      const live = '8080';

      // Act
      const pair = [normalizeHealthCheckPort(declared), normalizeHealthCheckPort(live)];

      // Assess
      expect(pair).toEqual([8080, 8080]);
    });
  });

  describe('normalizeMatcher', () => {
    it.each([
      ['200', ['200']],
      ['200,202-204', ['200', '202-204']],
      ['202-204,200', ['200', '202-204']],
      [' 302 , 200 ', ['200', '302']],
      ['200,,302,', ['200', '302']],
      ['', []],
      ['200,200', ['200', '200']],
    ])('normalizes %j to %j', (matcher, expected) => {
      // Prepare
      const input = matcher;

      // Act
      const normalized = normalizeMatcher(input);

      // Assess
      expect(normalized).toEqual(expected);
    });

    it('does not expand a range, so a range and its listed codes stay different', () => {
      // Prepare
      const range = '200-202';
      const listed = '200,201,202';

      // Act
      const normalized = [normalizeMatcher(range), normalizeMatcher(listed)];

      // Assess
      expect(normalized).toEqual([['200-202'], ['200', '201', '202']]);
    });

    it('returns a new list on every call', () => {
      // Prepare
      const first = normalizeMatcher('302,200');

      // Act
      first.push('500');
      const second = normalizeMatcher('302,200');

      // Assess
      expect(second).toEqual(['200', '302']);
    });
  });

  describe('selectTags', () => {
    it('keeps only the declared keys and leaves system tags out', () => {
      // Prepare
      const desired = desiredState((d) => {
        d.tags = { team: 'platform', 'cost-center': 'cc-42' };
      });
      const api = liveStateFor(desired).services.api;
      if (api?.state !== 'present') throw new Error('fixture: api is not present');
      const live: Record<string, string> = { ...api.value.tags, owner: 'someone' };

      // Act
      const selected = selectTags(live, Object.keys(desired.tags));

      // Assess
      expect(live['aws:cloudformation:stack-name']).toBe('prod');
      expect(selected).toStrictEqual({ team: 'platform', 'cost-center': 'cc-42' });
    });

    it('leaves out a declared key that is not tagged live, rather than setting it undefined', () => {
      // Prepare
      const live = { team: 'platform' };

      // Act
      const selected = selectTags(live, ['team', 'owner']);

      // Assess
      expect(selected).toStrictEqual({ team: 'platform' });
      expect(Object.keys(selected)).toEqual(['team']);
    });

    it('keeps an empty tag value, which is not the same as no tag', () => {
      // Prepare
      const live = { team: '', owner: 'someone' };

      // Act
      const selected = selectTags(live, ['team']);

      // Assess
      expect(selected).toStrictEqual({ team: '' });
    });

    it('selects nothing when nothing is declared', () => {
      // Prepare
      const live = { team: 'platform', 'aws:cloudformation:stack-name': 'prod' };

      // Act
      const selected = selectTags(live, []);

      // Assess
      expect(selected).toStrictEqual({});
    });

    it('does not modify its inputs and returns a new record', () => {
      // Prepare
      const live = { team: 'platform', owner: 'someone' };
      const keys = ['team'];
      const before = JSON.stringify([live, keys]);

      // Act
      const selected = selectTags(live, keys);
      selected.team = 'changed';

      // Assess
      expect(JSON.stringify([live, keys])).toBe(before);
      expect(selected).not.toBe(live);
    });
  });
});
