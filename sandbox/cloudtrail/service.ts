/**
 * The CloudTrail emulation (awsJson1_1, target prefix `CloudTrail_20131101`): `LookupEvents` over the
 * management events the sandbox records for the write calls it serves (see `./record.ts`).
 */
import type { SandboxService } from '../service.js';
import { lookupEvents } from './lookup.js';

/** The CloudTrail service: signing name `cloudtrail`, API version 2013-11-01. */
export const cloudTrailService: SandboxService = {
  signingName: 'cloudtrail',
  name: 'CloudTrail',
  protocol: 'json',
  jsonTargetPrefix: 'CloudTrail_20131101',
  jsonVersion: '1.1',
  operations: {
    LookupEvents: lookupEvents,
  },
};
