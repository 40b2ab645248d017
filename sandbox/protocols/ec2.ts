/**
 * The EC2 query protocol: form-encoded requests with flattened lists (`SubnetId.1=...`,
 * `Filter.1.Value.1=...`) and XML responses whose members sit directly under `<OpResponse>`, named
 * in lowerCamel case, with lists of `<item>` elements.
 */
import type { AwsError, SandboxService } from '../service.js';
import { type DecodedRequest, decodeForm, type FormNode, formValue } from './query.js';
import { element, renderStruct, type XmlStyle } from './xml.js';

/** EC2 naming: `VpcId` → `<vpcId>`, list items `<item>`, and `Tags` always `<tagSet>`. */
export const EC2_STYLE: XmlStyle = {
  elementName: (member) => member.charAt(0).toLowerCase() + member.slice(1),
  listItem: 'item',
  renames: { Tags: 'tagSet' },
};

/**
 * Turns an EC2 tree node into a value: indexed children make a list (EC2 flattens lists, so there
 * is no member wrapper), other children a structure, a leaf its string value.
 */
function ec2Value(node: FormNode): unknown {
  return formValue(node, ec2Value);
}

/**
 * Decodes an EC2 request body. Members keep their wire names, which are the SDK's query names
 * (`SubnetId.1=a` → `{ SubnetId: ['a'] }`, `TagSpecification.1.Tag.1.Key=k` → `{ TagSpecification:
 * [{ Tag: [{ Key: 'k' }] }] }`). Scalars stay strings.
 */
export function decodeEc2Request(body: string): DecodedRequest {
  return decodeForm(body, ec2Value);
}

/** Encodes an operation's output as the whole EC2 response document. */
export function encodeEc2Result(
  service: SandboxService,
  operation: string,
  output: unknown,
  requestId: string,
): string {
  const xmlns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
  const body =
    output === undefined
      ? ''
      : service.renderXml
        ? service.renderXml(operation, output)
        : renderStruct(output, {}, EC2_STYLE);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<${operation}Response${xmlns}>${element('requestId', requestId)}${body}</${operation}Response>`
  );
}

/** Encodes an error as EC2's `<Response><Errors>` document. */
export function encodeEc2Error(error: AwsError, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Response><Errors><Error>${element('Code', error.code)}${element('Message', error.message)}</Error></Errors>` +
    `${element('RequestID', requestId)}</Response>`
  );
}
