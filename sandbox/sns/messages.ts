import type { SandboxState } from '../state.js';
import type { SnsMessageAttribute } from './state.js';

/** A published message as `GET /_sandbox/sns/messages` lists it. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  /** Absent when the message was published without one. */
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes: Readonly<Record<string, SnsMessageAttribute>>;
  /** ISO 8601. */
  readonly timestamp: string;
}

/** The messages published to every topic, in publish order; with `topicArn`, only that topic's. */
export function publishedMessages(state: SandboxState, topicArn?: string): PublishedMessage[] {
  return state.sns.messages.filter(
    (message) => topicArn === undefined || message.topicArn === topicArn,
  );
}
