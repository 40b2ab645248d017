import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';

/** Scales an ECS service by hand, the way someone would in the console during an incident. */
export async function scaleServiceByHand(options: {
  endpoint: string;
  region: string;
  cluster: string;
  service: string;
  desiredCount: number;
}): Promise<void> {
  const ecs = new ECSClient({ endpoint: options.endpoint, region: options.region });
  try {
    await ecs.send(
      new UpdateServiceCommand({
        cluster: options.cluster,
        service: options.service,
        desiredCount: options.desiredCount,
      }),
    );
  } finally {
    ecs.destroy();
  }
}
