import {
  exact,
  imageRef,
  normalizeImageRef,
  setEqual,
  versionPrefix,
  withinRange,
} from '../../../controller/core/comparators.js';
import { compileIgnoreRules } from '../../../controller/core/path-pattern.js';

describe('comparators', () => {
  it.each([
    [1, 1, true],
    [1, 2, false],
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [undefined, undefined, true],
    [undefined, 'x', false],
  ])('exact(%j, %j) is %s', (a, b, expected) => {
    expect(exact(a, b)).toBe(expected);
  });

  it.each([
    [{ min: 1, max: 3 }, 1, true],
    [{ min: 1, max: 3 }, 3, true],
    [{ min: 1, max: 3 }, 0, false],
    [{ min: 1, max: 3 }, 4, false],
    [2, 2, false],
  ])('withinRange(%j, %j) is %s', (a, b, expected) => {
    expect(withinRange(a, b)).toBe(expected);
  });

  it.each([
    [['a', 'b'], ['b', 'a'], true],
    [['a'], ['a', 'a'], true],
    [['a'], ['a', 'b'], false],
    [[], [], true],
  ])('setEqual(%j, %j) is %s', (a, b, expected) => {
    expect(setEqual(a, b)).toBe(expected);
  });

  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis', 'docker.io/bitnami/redis:latest'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['localhost:5000/app:2', 'localhost:5000/app:2'],
    ['public.ecr.aws/plumbline/task-api:1.0.0', 'public.ecr.aws/plumbline/task-api:1.0.0'],
    [`repo@sha256:${'a'.repeat(64)}`, `docker.io/library/repo@sha256:${'a'.repeat(64)}`],
  ])('normalizes image reference %s to %s', (ref, expected) => {
    expect(normalizeImageRef(ref)).toBe(expected);
  });

  it('tells a changed image tag from an equivalent spelling', () => {
    expect(imageRef('nginx', 'docker.io/library/nginx:latest')).toBe(true);
    expect(imageRef('nginx:1.27', 'nginx:1.28')).toBe(false);
  });

  it.each([
    ['16', '16.4', true],
    ['16.4', '16.4', true],
    ['16', '17.1', false],
    ['16.4', '16.40', false],
  ])('versionPrefix(%s, %s) is %s', (a, b, expected) => {
    expect(versionPrefix(a, b)).toBe(expected);
  });
});

describe('compileIgnoreRules', () => {
  it('matches single-segment wildcards and everything below a pattern', () => {
    const rules = compileIgnoreRules(['services.*.desiredCount', 'database']);
    expect(rules.ignores(['services', 'api', 'desiredCount'])).toBe(true);
    expect(rules.ignores(['services', 'api', 'cpu'])).toBe(false);
    expect(rules.ignores(['database', 'tags', 'team'])).toBe(true);
    expect(rules.ignores(['services'])).toBe(false);
  });
});
