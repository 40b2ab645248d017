/**
 * SQS's errors. SQS speaks JSON 1.0 but is `awsQueryCompatible`: an error's `__type` is
 * `com.amazonaws.sqs#<shape>` and the `x-amzn-query-error` header carries the awsQuery code the
 * SDK names the error by (`AWS.SimpleQueueService.NonExistentQueue;Sender` → `QueueDoesNotExist`).
 * Codes without a modeled shape (`InvalidParameterValue`, `MissingParameter`) are their own
 * query code, and the SDK names the error by it.
 */
import { AwsError } from '../service.js';
import type { JsonInputErrors } from '../shared/json-input.js';

/** The `__type` namespace of SQS's errors. */
export const SQS_ERROR_NAMESPACE = 'com.amazonaws.sqs';

/** The awsQuery code and HTTP status of each modeled SQS error whose code differs from its shape name. */
const QUERY_ERRORS: Readonly<Record<string, { readonly code: string; readonly status: number }>> = {
  QueueDoesNotExist: { code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 },
  QueueNameExists: { code: 'QueueAlreadyExists', status: 400 },
  QueueDeletedRecently: { code: 'AWS.SimpleQueueService.QueueDeletedRecently', status: 400 },
  MessageNotInflight: { code: 'AWS.SimpleQueueService.MessageNotInflight', status: 400 },
  PurgeQueueInProgress: { code: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403 },
  UnsupportedOperation: { code: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400 },
  EmptyBatchRequest: { code: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400 },
  TooManyEntriesInBatchRequest: {
    code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    status: 400,
  },
  BatchEntryIdsNotDistinct: {
    code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    status: 400,
  },
  InvalidBatchEntryId: { code: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400 },
  BatchRequestTooLong: { code: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400 },
  ReceiptHandleIsInvalid: { code: 'ReceiptHandleIsInvalid', status: 404 },
  InvalidAddress: { code: 'InvalidAddress', status: 404 },
};

/** The awsQuery code of an error code (the `x-amzn-query-error` header's first part). */
export function sqsQueryErrorCode(code: string): string {
  return Object.hasOwn(QUERY_ERRORS, code) ? (QUERY_ERRORS[code]?.code ?? code) : code;
}

/** An SQS error by its shape name, with the HTTP status SQS answers it with. */
export function sqsError(shape: string, message: string): AwsError {
  const status = Object.hasOwn(QUERY_ERRORS, shape) ? (QUERY_ERRORS[shape]?.status ?? 400) : 400;
  return new AwsError(shape, message, status);
}

/** `QueueDoesNotExist`, the answer for a queue URL or name that names no queue. */
export function queueDoesNotExist(): AwsError {
  return sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
}

/** `InvalidParameterValue` as SQS words it for one parameter. */
export function invalidParameterValue(
  parameter: string,
  value: unknown,
  reason?: string,
): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new AwsError(
    'InvalidParameterValue',
    `Value ${shown} for parameter ${parameter} is invalid.${reason === undefined ? '' : ` Reason: ${reason}`}`,
  );
}

/** `MissingParameter`: a required parameter is absent (or, for a message body, empty). */
export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}.`);
}

/** How the SQS emulation reads members: a missing one is `MissingParameter`, a mistyped one `InvalidParameterValue`. */
export const SQS_INPUT_ERRORS: JsonInputErrors = {
  wrongType: (name) =>
    new AwsError('InvalidParameterValue', `The value of the parameter ${name} is not valid.`),
  missing: (name) => missingParameter(name),
  blankIsMissing: false,
};
