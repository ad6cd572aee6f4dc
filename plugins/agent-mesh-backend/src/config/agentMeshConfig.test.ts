import { ConfigReader } from '@backstage/config';
import { readAgentMeshConfig } from './agentMeshConfig';

function read(agentMesh: object) {
  return readAgentMeshConfig(new ConfigReader({ agentMesh }));
}

describe('readAgentMeshConfig', () => {
  it('fills defaults when agentMesh is absent', () => {
    expect(readAgentMeshConfig(new ConfigReader({}))).toEqual({
      refreshFrequency: { minutes: 1 },
      endpoints: {},
    });
  });

  it('reads durations as objects, short strings and ISO 8601', () => {
    expect(
      read({ refresh: { frequency: { seconds: 30 } } }).refreshFrequency,
    ).toEqual({ seconds: 30 });
    expect(read({ refresh: { frequency: 'PT5M' } }).refreshFrequency).toEqual({
      minutes: 5,
    });
    expect(read({ refresh: { frequency: '2m' } }).refreshFrequency).toEqual({
      minutes: 2,
    });
  });

  it('reads endpoint overrides', () => {
    expect(
      read({
        aws: {
          endpoints: {
            stepFunctions: 'http://localhost:4599',
            costExplorer: 'https://ce.example',
          },
        },
      }).endpoints,
    ).toEqual({
      stepFunctions: 'http://localhost:4599',
      costExplorer: 'https://ce.example',
    });
  });

  it.each([
    [{ refresh: { frequency: 'often' } }, /agentMesh\.refresh\.frequency/],
    [
      { aws: { endpoints: { stepFunctions: 'localhost' } } },
      /agentMesh\.aws\.endpoints\.stepFunctions.*http\(s\) URL/,
    ],
    [
      { aws: { endpoints: { lambda: 'http://localhost:1' } } },
      /agentMesh\.aws\.endpoints\.lambda.*unknown service; allowed are stepFunctions/,
    ],
    [
      { aws: { endpoints: { dynamoDb: 42 } } },
      /agentMesh\.aws\.endpoints\.dynamoDb/,
    ],
  ])('refuses %j naming the key', (agentMesh, message) => {
    expect(() => read(agentMesh)).toThrow(message);
  });
});
