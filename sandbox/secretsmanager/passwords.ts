/** Random passwords, as GetRandomPassword (and CloudFormation's `GenerateSecretString`) make them. */
import { randomInt } from 'node:crypto';
import { AwsError } from '../service.js';

/** The options of GetRandomPassword (and of CloudFormation's `GenerateSecretString`). */
export interface PasswordOptions {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * A random password as Secrets Manager generates it: 32 characters by default, drawn from letters,
 * digits and punctuation less the exclusions, with one of each included type unless told otherwise.
 *
 * @throws AwsError `InvalidParameterException` for a length outside 1..4096 or no usable characters.
 */
export function generatePassword(options: PasswordOptions): string {
  const length = options.PasswordLength ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new AwsError('InvalidParameterException', 'Password length must be between 1 and 4096.');
  }
  const excluded = new Set(options.ExcludeCharacters ?? '');
  const classes = [
    options.ExcludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
    options.ExcludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    options.ExcludeNumbers ? '' : '0123456789',
    options.ExcludePunctuation ? '' : PUNCTUATION,
    options.IncludeSpace ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(''))
    .filter((chars) => chars.length > 0);
  const all = classes.join('');
  const required = options.RequireEachIncludedType === false ? [] : classes;
  if (all.length === 0 || required.length > length) {
    throw new AwsError(
      'InvalidParameterException',
      'The password cannot be generated with the requested length and character types.',
    );
  }
  const pick = (chars: string) => chars.charAt(randomInt(chars.length));
  const password = [...required.map(pick)];
  while (password.length < length) password.push(pick(all));
  for (let i = password.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [password[i], password[j]] = [password[j] as string, password[i] as string];
  }
  return password.join('');
}
