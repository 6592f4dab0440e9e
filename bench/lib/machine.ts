import os from 'node:os';

/** The 1-, 5- and 15-minute load averages, rounded: how busy the machine was around a measurement. */
export const loadAverages = (): number[] => os.loadavg().map((l) => Number(l.toFixed(2)));

/** What a results file records about the machine, so runs on different hardware are not compared blindly. */
export function machineFacts() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}
