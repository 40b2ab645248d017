import type { SandboxRequest, SandboxResponse } from '../route.js';
import type { AwsError, SandboxService } from '../service.js';

/** An AWS request decoded by its protocol. */
export interface DecodedRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/**
 * One AWS wire protocol: how requests are decoded and results and errors encoded, and which errors
 * the protocol's services answer for an unknown operation, throttling and an internal failure.
 */
export interface ProtocolCodec {
  /**
   * Decodes a request for `service`.
   *
   * @throws AwsError when the request is malformed for this protocol.
   */
  decode(service: SandboxService, request: SandboxRequest): DecodedRequest;
  encodeResult(
    service: SandboxService,
    operation: string,
    output: unknown,
    requestId: string,
  ): SandboxResponse;
  encodeError(service: SandboxService, error: AwsError, requestId: string): SandboxResponse;
  unknownOperation(operation: string): AwsError;
  throttling(): AwsError;
  internalFailure(code?: string, status?: number, message?: string): AwsError;
}
