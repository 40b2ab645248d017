import { ECSServiceException } from '@aws-sdk/client-ecs';
import { failureReason, setupProblem } from '../../../../controller/adapters/aws/failure-reason.js';

const awsError = (name: string) =>
  new ECSServiceException({ name, $fault: 'client', $metadata: {}, message: `${name} message` });

describe('failureReason', () => {
  it('names the operation and the AWS error for a resource-level failure', () => {
    expect(failureReason('DescribeServices', awsError('AccessDeniedException'))).toBe(
      'DescribeServices failed: AccessDeniedException: AccessDeniedException message',
    );
  });

  it.each([
    [
      'ExpiredTokenException',
      'the AWS session has expired: refresh the credentials and scan again',
    ],
    ['ExpiredToken', 'the AWS session has expired: refresh the credentials and scan again'],
    [
      'UnrecognizedClientException',
      'AWS refused the credentials: check the access key, secret and session token',
    ],
    [
      'InvalidClientTokenId',
      'AWS refused the credentials: check the access key, secret and session token',
    ],
  ])('gives %s one line that is the same whichever operation failed', (name, expected) => {
    expect(failureReason('DescribeServices', awsError(name))).toBe(expected);
    expect(failureReason('DescribeDBInstances', awsError(name))).toBe(expected);
  });

  it('says which endpoint could not be resolved, pointing at the region', () => {
    // Prepare: what Node's resolver raises for a misspelt region's endpoint
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND ecs.eu-wset-1.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'ecs.eu-wset-1.amazonaws.com',
    });
    // Act / Assess
    expect(setupProblem(error)).toBe(
      'cannot resolve the AWS endpoint ecs.eu-wset-1.amazonaws.com: check the region (is it spelled right?) and the endpoint',
    );
  });

  it('leaves other errors to the resource-level reason', () => {
    expect(setupProblem(awsError('ThrottlingException'))).toBeUndefined();
  });
});
