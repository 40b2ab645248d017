import { PlumblineError } from '../../model/errors.js';

/**
 * The options given to the AWS client factory cannot work (a malformed endpoint, a non-positive
 * attempt count). Terminal: retrying with the same options fails the same way.
 */
export class AwsClientConfigError extends PlumblineError {
  constructor(
    readonly option: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`invalid AWS client option "${option}": ${message}`, { ...options, terminal: true });
  }
}
