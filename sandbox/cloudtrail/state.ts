/**
 * The CloudTrail emulation's slice of the sandbox state: the management events the sandbox recorded
 * for the write calls it served (see `./record.ts`), oldest first, kept small since the whole state
 * is written after every write call: the full CloudTrail record is built when looked up. Plain JSON;
 * times are epoch milliseconds. `LookupEvents` reads them per account and region.
 */

/** A resource an event names, as LookupEvents lists it. */
export type TrailResource = { ResourceType: string; ResourceName: string };

/** One recorded management event. */
export type TrailEvent = {
  /** Increases with every event; LookupEvents' tokens point at it. */
  seq: number;
  eventId: string;
  eventName: string;
  /** Epoch milliseconds. */
  eventTime: number;
  /** `ecs.amazonaws.com`, `rds.amazonaws.com`, ... */
  eventSource: string;
  accountId: string;
  region: string;
  /** The IAM user name, or the service that made the call (`cloudformation.amazonaws.com`). */
  username: string;
  /** Absent for calls a service made. */
  accessKeyId?: string;
  /** The service that made the call on the caller's behalf (`cloudformation.amazonaws.com`). */
  invokedBy?: string;
  readOnly: boolean;
  resources: TrailResource[];
  userAgent: string;
  requestId: string;
  /** The request as CloudTrail logs it (`null` when too large). */
  requestParameters: unknown;
  /** Set for a call that failed. */
  errorCode?: string;
  errorMessage?: string;
};

/** The CloudTrail emulation's slice of the sandbox state. */
export interface CloudTrailState {
  /** Oldest first; only the latest `MAX_KEPT_EVENTS` (see `./record.ts`) are kept. */
  events: TrailEvent[];
  /** The `seq` of the last event recorded. */
  lastSeq: number;
}

/** An empty CloudTrail slice. */
export function initialCloudTrailState(): CloudTrailState {
  return { events: [], lastSeq: 0 };
}
