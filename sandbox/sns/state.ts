/**
 * The SNS emulation's slice of the sandbox state: topics and subscriptions keyed by ARN (which holds
 * the account and region), and the messages published, in publish order, for tests and operators to
 * read at `GET /_sandbox/sns/messages`. Plain JSON; timestamps are ISO strings.
 */

/** A tag as SNS spells it. */
export type SnsTag = { Key: string; Value: string };

/** A topic. */
export type SnsTopic = {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  /** The attributes set at creation or with SetTopicAttributes (`DisplayName`, `Policy`, ...). */
  attributes: Record<string, string>;
  tags: SnsTag[];
  /** FIFO topics: the sequence number of the last message published. */
  sequence?: number;
};

/** A subscription; `confirmed` is false while an endpoint that must confirm has not. */
export type SnsSubscription = {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  confirmed: boolean;
  attributes: Record<string, string>;
};

/** A message attribute as published: `DataType` and its `StringValue` or base64 `BinaryValue`. */
export type SnsMessageAttribute = {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
};

/** A published message, as `GET /_sandbox/sns/messages` lists it. */
export type SnsMessage = {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes: Record<string, SnsMessageAttribute>;
  /** ISO 8601. */
  timestamp: string;
};

/** The SNS emulation's slice of the sandbox state. */
export interface SnsState {
  /** By topic ARN, in creation order. */
  topics: Record<string, SnsTopic>;
  /** By subscription ARN. */
  subscriptions: Record<string, SnsSubscription>;
  /** Oldest first; only the latest `MAX_KEPT_MESSAGES` (see `./publish.ts`) are kept. */
  messages: SnsMessage[];
}

/** An empty SNS slice. */
export function initialSnsState(): SnsState {
  return { topics: {}, subscriptions: {}, messages: [] };
}
