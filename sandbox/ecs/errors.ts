import { AwsError } from '../service.js';

/** ECS error responses, with the codes and (where known) messages the ECS API uses. */
export const ecsErrors = {
  clusterNotFound: () => new AwsError('ClusterNotFoundException', 'Cluster not found.'),
  clusterContainsServices: () =>
    new AwsError(
      'ClusterContainsServicesException',
      'The Cluster cannot be deleted while Services are active.',
    ),
  serviceNotFound: () => new AwsError('ServiceNotFoundException', 'Service not found.'),
  serviceNotActive: () => new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.'),
  resourceNotFound: () =>
    new AwsError('ResourceNotFoundException', "The specified resource wasn't found."),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  client: (message: string) => new AwsError('ClientException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
};
