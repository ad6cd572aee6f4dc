import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Write the package-lock.json of the rendered repository after its @agent-mesh/* dependencies are resolved',
    example: yaml.stringify({
      steps: [
        {
          id: 'packages',
          name: 'Resolve @agent-mesh packages',
          action: 'agent-mesh:packages:resolve',
        },
        {
          id: 'lock',
          name: 'Write package-lock.json',
          action: 'agent-mesh:packages:lock',
        },
      ],
    }),
  },
  {
    description: 'The same for a CDK app rendered into a sub-folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'lock',
          name: 'Write package-lock.json',
          action: 'agent-mesh:packages:lock',
          input: { packageJsonPath: 'infra/package.json' },
        },
      ],
    }),
  },
];
