import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the mesh.config.json that fetch:template rendered into the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate the mesh',
          action: 'agent-mesh:mesh:validate',
        },
      ],
    }),
  },
  {
    description: 'Validate a configuration rendered into a sub-folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate the mesh',
          action: 'agent-mesh:mesh:validate',
          input: { configPath: 'infra/mesh.config.json' },
        },
      ],
    }),
  },
];
