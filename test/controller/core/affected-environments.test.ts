import { affectedEnvironments } from '../../../controller/core/affected-environments.js';

const ENVS = ['dev', 'staging', 'prod'];
const options = { manifestDir: 'desired-state' };

describe('affectedEnvironments', () => {
  it('affects the environment whose manifest changed', () => {
    // Act
    const result = affectedEnvironments(['desired-state/environments/staging.yaml'], ENVS, options);
    // Assess
    expect(result).toEqual({
      environments: ['staging'],
      reasons: { staging: 'desired-state/environments/staging.yaml changed' },
    });
  });

  it('answers in the order the environments are given, not the order of the files', () => {
    // Act
    const result = affectedEnvironments(
      ['desired-state/environments/prod.yaml', 'desired-state/environments/dev.yaml'],
      ENVS,
      options,
    );
    // Assess
    expect(result.environments).toEqual(['dev', 'prod']);
  });

  it('affects every environment when a stack changed', () => {
    // Act
    const result = affectedEnvironments(['stacks/constructs/database.ts'], ENVS, options);
    // Assess
    expect(result).toEqual({
      environments: ['dev', 'staging', 'prod'],
      reasons: { dev: 'stacks/ changed', staging: 'stacks/ changed', prod: 'stacks/ changed' },
    });
  });

  it('affects every environment when the service changed, naming every reason', () => {
    // Act
    const result = affectedEnvironments(
      ['service/src/app.ts', 'desired-state/environments/dev.yaml', 'stacks/synth.ts'],
      ENVS,
      options,
    );
    // Assess
    expect(result.environments).toEqual(['dev', 'staging', 'prod']);
    expect(result.reasons.dev).toBe(
      'desired-state/environments/dev.yaml changed; service/ changed; stacks/ changed',
    );
    expect(result.reasons.prod).toBe('service/ changed; stacks/ changed');
  });

  it('counts a new environment’s manifest once the environment is listed', () => {
    // Act
    const listed = affectedEnvironments(
      ['desired-state/environments/qa.yaml'],
      [...ENVS, 'qa'],
      options,
    );
    const unlisted = affectedEnvironments(['desired-state/environments/qa.yaml'], ENVS, options);
    // Assess
    expect(listed.environments).toEqual(['qa']);
    expect(unlisted.environments).toEqual([]);
  });

  it.each([
    'desired-state/README.md',
    'desired-state/schema/environment.schema.json',
    'desired-state/examples/minimal-single-service.yaml',
    'desired-state/environments/dev.yml',
    'desired-state/environments/old/dev.yaml',
    'desired-state/environments/.yaml',
    'environments/dev.yaml',
    'other/desired-state/environments/dev.yaml',
    'controller/core/diff.ts',
    'README.md',
    'stacksx/a.ts',
    'test/stacks/app.test.ts',
  ])('is not affected by %s', (file) => {
    // Act
    const result = affectedEnvironments([file], ENVS, options);
    // Assess
    expect(result).toEqual({ environments: [], reasons: {} });
  });

  it('affects nothing when nothing changed', () => {
    // Act
    const result = affectedEnvironments([], ENVS, options);
    // Assess
    expect(result).toEqual({ environments: [], reasons: {} });
  });

  it.each(['./desired-state', 'desired-state/', 'desired-state//'])(
    'reads the manifest directory %s like desired-state',
    (manifestDir) => {
      // Act
      const result = affectedEnvironments(['desired-state/environments/dev.yaml'], ENVS, {
        manifestDir,
      });
      // Assess
      expect(result.environments).toEqual(['dev']);
    },
  );

  it('reads manifests at the repository root when the directory is "."', () => {
    // Act
    const result = affectedEnvironments(['environments/prod.yaml'], ENVS, { manifestDir: '.' });
    // Assess
    expect(result.environments).toEqual(['prod']);
  });

  it('lists each manifest of an environment once per change', () => {
    // Act
    const result = affectedEnvironments(
      ['desired-state/environments/dev.yaml', 'desired-state/environments/dev.yaml'],
      ENVS,
      options,
    );
    // Assess
    expect(result.reasons.dev).toBe('desired-state/environments/dev.yaml changed');
  });
});
