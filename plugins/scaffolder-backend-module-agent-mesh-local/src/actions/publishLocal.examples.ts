import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish locally when the local app enables it (the agentMeshLocalPublish template global), else to GitHub, and register the result',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          name: 'Publish to a local git repository',
          if: '${{ agentMeshLocalPublish }}',
          action: 'agent-mesh:publish:local',
          input: {
            repoName: '${{ (parameters.repoUrl | parseRepoUrl).repo }}',
          },
        },
        {
          id: 'publish-github',
          name: 'Publish to GitHub',
          if: '${{ not agentMeshLocalPublish }}',
          action: 'publish:github',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
        {
          id: 'register',
          name: 'Register in the catalog',
          action: 'catalog:register',
          input: {
            catalogInfoUrl:
              "${{ steps['publish-local'].output.catalogInfoUrl if agentMeshLocalPublish else steps['publish-github'].output.repoContentsUrl ~ '/catalog-info.yaml' }}",
          },
        },
      ],
    }),
  },
];
