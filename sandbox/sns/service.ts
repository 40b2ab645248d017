/**
 * The SNS emulation (awsQuery protocol): topics, subscriptions and Publish, whose messages are kept
 * for `GET /_sandbox/sns/messages` and delivered to the topic's SQS subscriptions.
 */
import { QUERY_STYLE, renderStruct, type XmlShape } from '../protocols/xml.js';
import type { SandboxService } from '../service.js';
import { publish } from './publish.js';
import { getSubscriptionAttributes, setSubscriptionAttributes } from './subscription-attributes.js';
import { listSubscriptionsByTopic, subscribe } from './subscriptions.js';
import { createTopic, deleteTopic, getTopicAttributes, listTopics } from './topics.js';

/** SNS writes attribute maps as `<entry><key/><value/></entry>`; lists use `<member>`. */
const SHAPE: XmlShape = { Attributes: { map: true } };

/** The SNS service: signing name `sns`, API version 2010-03-31. */
export const snsService: SandboxService = {
  signingName: 'sns',
  name: 'SNS',
  protocol: 'query',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  renderXml: (_operation, output) => renderStruct(output, SHAPE, QUERY_STYLE),
  operations: {
    CreateTopic: createTopic,
    DeleteTopic: deleteTopic,
    ListTopics: listTopics,
    GetTopicAttributes: getTopicAttributes,
    Subscribe: subscribe,
    ListSubscriptionsByTopic: listSubscriptionsByTopic,
    GetSubscriptionAttributes: getSubscriptionAttributes,
    SetSubscriptionAttributes: setSubscriptionAttributes,
    Publish: publish,
  },
};
