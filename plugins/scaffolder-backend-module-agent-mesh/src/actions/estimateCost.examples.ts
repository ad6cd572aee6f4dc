import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Estimate the rendered mesh's cost and show it on the task's output page",
    example: yaml.stringify({
      steps: [
        {
          id: 'cost',
          name: 'Estimate monthly cost',
          action: 'agent-mesh:cost:estimate',
        },
      ],
      output: {
        text: [
          {
            title: 'Estimated monthly cost',
            content: '${{ steps.cost.output.markdown }}',
          },
        ],
      },
    }),
  },
  {
    description: 'Estimate with your own usage: 500 runs a day of 30 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'cost',
          name: 'Estimate monthly cost',
          action: 'agent-mesh:cost:estimate',
          input: { usage: { runsPerDay: 500, taskMinutesPerRun: 30 } },
        },
      ],
    }),
  },
];
