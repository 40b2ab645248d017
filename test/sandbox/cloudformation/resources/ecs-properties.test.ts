import { handlerFor } from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { apiShape } from '../../../../sandbox/cloudformation/resources/ecs-properties.js';
import { ecsService } from '../../../../sandbox/ecs/service.js';
import { initialSandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx = stackContext();

describe('ECS properties from a template', () => {
  it('takes booleans given as text, as CloudFormation does, and leaves other text alone', () => {
    // Prepare
    const container = {
      Name: 'api',
      ReadonlyRootFilesystem: 'true',
      Essential: 'false',
      Image: 'true',
    };

    // Act
    const shaped = apiShape(container);

    // Assess
    expect(shaped).toEqual({
      name: 'api',
      readonlyRootFilesystem: true,
      essential: false,
      image: 'true',
    });
  });

  it('registers a container with a read-only root file system, which DescribeTaskDefinition reports', () => {
    // Prepare
    const state = initialSandboxState();
    const props = {
      Family: 'platform-api',
      Cpu: '256',
      Memory: '512',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        {
          Name: 'api',
          Image: 'public.ecr.aws/plumbline/task-api:1.0.0',
          ReadonlyRootFilesystem: true,
        },
      ],
    };

    // Act
    const { physicalId } = handlerFor('AWS::ECS::TaskDefinition').create(state, 'Task', props, ctx);

    // Assess
    const described = callOperation<{ taskDefinition: { containerDefinitions: unknown[] } }>(
      ecsService,
      state,
      'DescribeTaskDefinition',
      { taskDefinition: physicalId },
      ctx,
    );
    expect(described.taskDefinition.containerDefinitions).toEqual([
      expect.objectContaining({ name: 'api', readonlyRootFilesystem: true }),
    ]);
  });
});
