import path from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { loadSimulatorSettings } from './config';
import { PUBLIC_KEY_FILE } from './keys';
import { loadSeedFile } from './seed/schema';
import { startSimulator } from './server';

/**
 * `npm run simulator`: the simulated JIT-FS treasury as its own process. Its RSA key pair lives in
 * SIMULATOR_KEY_DIR; the public half is what the platform's TREASURY_PUBLIC_KEY_FILE points at.
 * Logs never carry keys, tokens or account numbers.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const settings = loadSimulatorSettings(process.env);
  const log = createLogger('simulator', config.log.level, config.log.format);
  const simulator = await startSimulator({
    host: config.simulator.host,
    port: config.simulator.port,
    sessionTtlMs: config.simulator.sessionTtlMs,
    clientId: config.treasury.clientId,
    clientSecret: config.treasury.clientSecret,
    keyDir: settings.keyDir,
    seed: settings.seedFile ? loadSeedFile(settings.seedFile) : undefined,
    delays: settings.delays,
    rejectBillPattern: settings.rejectBillPattern,
    failureRules: settings.failureRules,
    faults: settings.faults,
    faultSeed: settings.faultSeed,
    dialect: settings.dialect,
    logger: log,
  });
  log.info(
    {
      url: simulator.url,
      publicKeyFile: path.join(settings.keyDir, PUBLIC_KEY_FILE),
      sessionTtlMs: config.simulator.sessionTtlMs,
      delays: settings.delays,
      rejectBillPattern: settings.rejectBillPattern || null,
      faults: settings.faults ?? null,
      dialect: settings.dialect ?? 'faithful',
    },
    'treasury simulator ready',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'treasury simulator shutting down');
    setTimeout(() => process.exit(1), 5_000).unref();
    simulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'treasury simulator did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
