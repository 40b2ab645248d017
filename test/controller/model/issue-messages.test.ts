import {
  knownKeysAt,
  unknownKeyMessage,
  yamlMessage,
} from '../../../controller/model/issue-messages.js';
import { manifestShape } from '../../../controller/model/manifest.js';

describe('unknownKeyMessage', () => {
  it.each([
    ['desiredCont', 'unknown key "desiredCont"; did you mean "desiredCount"?'],
    ['DesiredCount', 'unknown key "DesiredCount"; did you mean "desiredCount"?'],
    ['imgae', 'unknown key "imgae"; did you mean "image"?'],
    ['replicas', 'unknown key "replicas"'],
    ['cp', 'unknown key "cp"'],
  ])('words an unknown key %s among the service keys', (key, expected) => {
    // Prepare
    const known = knownKeysAt(manifestShape, ['services', 0]);

    // Act
    const message = unknownKeyMessage(key, known);

    // Assess
    expect(message).toBe(expected);
  });
});

describe('knownKeysAt', () => {
  it('steps through lists, optional and defaulted objects', () => {
    // Prepare
    const path = ['loadBalancer', 'targetGroups', 0, 'healthCheck'];

    // Act
    const keys = knownKeysAt(manifestShape, path);

    // Assess
    expect(keys).toEqual([
      'path',
      'port',
      'intervalSeconds',
      'timeoutSeconds',
      'healthyThreshold',
      'unhealthyThreshold',
      'matcher',
    ]);
  });

  it('finds no keys below a scalar', () => {
    // Prepare
    const path = ['environment', 'name'];

    // Act
    const keys = knownKeysAt(manifestShape, path);

    // Assess
    expect(keys).toEqual([]);
  });
});

describe('yamlMessage', () => {
  it('lower-cases the parser message and drops its final period', () => {
    // Prepare
    const message = 'Implicit keys need to be on a single line.';

    // Act
    const worded = yamlMessage('MULTILINE_IMPLICIT_KEY', message);

    // Assess
    expect(worded).toBe('implicit keys need to be on a single line');
  });
});
