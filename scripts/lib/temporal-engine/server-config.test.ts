import { describe, expect, it } from 'vitest';
import { enginePorts, MAX_SERVER_PORT, PORTS_FROM_BASE, TEMPORAL_SERVICES } from './ports';
import { renderDynamicConfig, renderServerConfig } from './server-config';

const ports = enginePorts(7233, 7234, 8233);
const yaml = renderServerConfig({
  historyShards: 8,
  sqlPools: { persistence: { maxConns: 8, maxIdleConns: 8 }, visibility: { maxConns: 3, maxIdleConns: 2 } },
  ports,
  postgresAddress: '127.0.0.1:5432',
  postgresUser: 'postgres',
  databases: { persistence: 'temporal', visibility: 'temporal_visibility' },
  dynamicConfigFile: 'config/dynamicconfig.yaml',
});

describe('the PostgreSQL engine config', () => {
  it('gives every listener its own port, all inside the block from the base', () => {
    const all = [
      ...Object.values(ports.services).flatMap((s) => [s.grpc, s.membership, s.metrics]),
      ports.frontendHttp,
    ];
    expect(new Set(all).size).toBe(all.length);
    const internal = all.filter((p) => p !== 7233);
    expect(Math.min(...internal)).toBe(7234);
    expect(Math.max(...internal)).toBe(7234 + PORTS_FROM_BASE - 1);
  });

  it('refuses ports the server would store in a smallint and die on', () => {
    expect(() => enginePorts(40_000, 7234, 8233)).toThrow(/below 32768/);
    expect(() => enginePorts(7233, MAX_SERVER_PORT - 2, 8233)).toThrow(/below 32768/);
  });

  it('puts persistence and visibility on PostgreSQL with the configured shard count', () => {
    expect(yaml).toMatch(/^# enable-template/);
    expect(yaml).toContain('numHistoryShards: 8');
    expect(yaml.match(/pluginName: postgres12/g)).toHaveLength(2);
    expect(yaml).toContain('databaseName: temporal\n');
    expect(yaml).toContain('databaseName: temporal_visibility\n');
    expect(yaml).toContain('visibilityStore: visibility');
    for (const s of TEMPORAL_SERVICES) expect(yaml).toContain(`grpcPort: ${ports.services[s].grpc}`);
  });

  it('writes each store its own pool, as configured', () => {
    expect(yaml).toMatch(/databaseName: temporal\n(.*\n)*?\s+maxConns: 8\n\s+maxIdleConns: 8\n/);
    expect(yaml).toMatch(/databaseName: temporal_visibility\n(.*\n)*?\s+maxConns: 3\n\s+maxIdleConns: 2\n/);
  });

  it('never writes a password: the server reads it from its environment', () => {
    expect(yaml).toContain('password: "{{ env "IFMS_TEMPORAL_DB_PASSWORD" | default "" }}"');
  });

  it('renders the dynamic config the dev server gets on its command line', () => {
    const dynamic = renderDynamicConfig();
    expect(dynamic).toContain('frontend.enableUpdateWorkflowExecution:\n  - value: true');
    expect(dynamic).toContain('frontend.enableServerVersionCheck:\n  - value: false');
  });
});
