import { accountIdFor, parseCredentialScope } from '../../sandbox/sigv4-scope.js';

describe('parseCredentialScope', () => {
  it('reads the scope of a SigV4 Authorization header', () => {
    // Prepare
    const headers = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=abc',
    };

    // Act
    const scope = parseCredentialScope(headers, new URLSearchParams());

    // Assess
    expect(scope).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      date: '20261121',
      region: 'eu-west-1',
      signingName: 'ecs',
    });
  });

  it('reads the scope of a presigned URL', () => {
    // Prepare
    const query = new URLSearchParams({
      'X-Amz-Credential': 'AKID/20261121/us-east-1/s3/aws4_request',
    });

    // Act
    const scope = parseCredentialScope({}, query);

    // Assess
    expect(scope).toMatchObject({ region: 'us-east-1', signingName: 's3' });
  });

  it('takes the region of a SigV4a scope from X-Amz-Region-Set', () => {
    // Prepare
    const headers = {
      authorization:
        'AWS4-ECDSA-P256-SHA256 Credential=AKID/20261121/s3/aws4_request, SignedHeaders=host, Signature=abc',
      'x-amz-region-set': 'eu-central-1',
    };

    // Act
    const scope = parseCredentialScope(headers, new URLSearchParams());

    // Assess
    expect(scope).toMatchObject({ region: 'eu-central-1', signingName: 's3' });
  });

  it('finds no scope without a SigV4 credential', () => {
    // Prepare
    const headers = { authorization: 'Bearer ghp_token' };

    // Act
    const scope = parseCredentialScope(headers, new URLSearchParams());

    // Assess
    expect(scope).toBeUndefined();
  });
});

describe('accountIdFor', () => {
  it('uses a 12-digit access key id as the account and falls back to the default account', () => {
    // Prepare
    const keys = ['123456789012', 'test', '1234567890123'];

    // Act
    const accounts = keys.map(accountIdFor);

    // Assess
    expect(accounts).toEqual(['123456789012', '000000000000', '000000000000']);
  });
});
