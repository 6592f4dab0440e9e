import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES, signToken } from '../api/auth';
import { loadConfig, type AppConfig } from '../config';

/**
 * Prints a bearer token for local use, signed with JWT_SECRET the way the host platform's auth
 * service would sign one:
 *   npm run dev-token -- --tenant od.angul --role EMPLOYEE [--role AUDITOR] [--sub alice] [--ttl 3600]
 * Refuses to run with NODE_ENV=production: real tokens come from the host platform.
 */
const argsSchema = z.object({
  tenant: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).min(1, '--tenant <id> is required'),
  role: z.array(z.enum(ROLES)).min(1, `--role is required (${ROLES.join(', ')})`),
  sub: z.string().min(1).default('dev-user'),
  ttl: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3_600),
});

export async function devToken(argv: string[], config: AppConfig): Promise<string> {
  if (config.env === 'production') throw new Error('dev-token is for development only');
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const args = argsSchema.parse({ ...values, tenant: values.tenant ?? [], role: values.role ?? [] });
  return signToken(config.api.jwtSecret, {
    sub: args.sub,
    tenants: args.tenant,
    roles: args.role,
    ttlSeconds: args.ttl,
    ...(config.api.jwt.issuer ? { issuer: config.api.jwt.issuer } : {}),
    ...(config.api.jwt.audience ? { audience: config.api.jwt.audience } : {}),
  });
}

if (require.main === module) {
  devToken(process.argv.slice(2), loadConfig())
    .then((token) => console.log(token))
    .catch((err: unknown) => {
      const message =
        err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') : String(err);
      console.error(
        `usage: npm run dev-token -- --tenant <id> --role <ROLE> [--role …] [--sub name] [--ttl seconds]\n${message}`,
      );
      process.exitCode = 1;
    });
}
