import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Synthesize the rendered mesh and show the result on the task's output page",
    example: yaml.stringify({
      steps: [
        {
          id: 'synth',
          name: 'Synthesize with cdk-nag',
          action: 'agent-mesh:cdk:synth',
        },
      ],
      output: {
        text: [
          {
            title: 'Synthesis',
            content: '${{ steps.synth.output.markdown }}',
          },
        ],
      },
    }),
  },
];
