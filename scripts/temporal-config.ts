import path from 'node:path';
import { loadConfig } from '../config';
import { writeClusterConfig } from './lib/temporal-engine/cluster';
import { enginePorts } from './lib/temporal-engine/ports';
import { postgresTarget } from './lib/temporal-engine/schema';

/**
 * `npm run temporal:config`: writes the PostgreSQL engine's server, dynamic and UI config to
 * `<DATA_DIR>/temporal-engine/config` without starting anything — the directory docker-compose
 * mounts, so the containers run the very files `TEMPORAL_ENGINE=postgres npm start` runs here.
 */
const config = loadConfig();
const { engine } = config.temporal;
const { configDir } = writeClusterConfig({
  topology: engine.topology,
  historyShards: engine.historyShards,
  sqlPools: engine.sqlPools,
  ports: enginePorts(Number(config.temporal.address.split(':')[1] ?? 7233), engine.portBase, config.temporal.uiPort),
  postgres: postgresTarget(engine.postgresUrl),
  databases: engine.databases,
  namespace: config.temporal.namespace,
  // The browser calls the API's codec server to show decrypted payloads (README "Personal data").
  codecEndpoint: `http://localhost:${config.api.port}/codec`,
  workDir: path.resolve(config.dataDir, 'temporal-engine'),
});
console.log(`Temporal engine config written to ${configDir}`);
