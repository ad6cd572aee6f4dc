import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Point the rendered package.json's @agent-mesh/* dependencies at this Backstage's versions",
    example: yaml.stringify({
      steps: [
        {
          id: 'packages',
          name: 'Resolve @agent-mesh packages',
          action: 'agent-mesh:packages:resolve',
        },
      ],
    }),
  },
  {
    description: 'The same for a CDK app rendered into a sub-folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'packages',
          name: 'Resolve @agent-mesh packages',
          action: 'agent-mesh:packages:resolve',
          input: {
            packageJsonPath: 'infra/package.json',
            vendorPath: 'vendor',
          },
        },
      ],
    }),
  },
];
