import { AwsError } from '../service.js';

/** An S3 error; `details` become extra elements of `<Error>` (e.g. `Key`, `BucketName`). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status);
  }
}
