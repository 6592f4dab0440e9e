/** Every JIT-FS service this platform calls; the treasury routes on `serviceId` inside the encrypted payload. */
export const JIT_SERVICE_IDS = ['VA', 'PI', 'PIS', 'PAG', 'PD', 'FD', 'COR', 'FTPS', 'FTFPS'] as const;
export type JitServiceId = (typeof JIT_SERVICE_IDS)[number];

/** The treasury's paths, relative to its base URL (`TREASURY_BASE_URL`). */
export const JIT_PATHS = {
  authenticate: '/webservices/jitfs/v1.0/authenticate',
  service: '/webservices/jitfs/v1.0/get-jit-service-data',
} as const;

/** The error text the treasury answers with when the SEK it issued is no longer valid. */
export const STALE_SESSION_MESSAGE = 'No valid session encryption key';
