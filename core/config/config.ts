import { resolve } from 'node:path';
import { z } from 'zod';

const DEV_SECRET = 'recovery-desk-local-development-secret-not-for-production';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Comma-separated web origins (scheme://host[:port]), each exactly as a browser sends it in `Origin`. */
const originList = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
  .refine(
    (list) => list.every((o) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o),
    'must be a comma-separated list of origins such as https://shop.example.com (no path, no trailing slash)',
  );

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DATABASE_URL: z
      .string()
      .trim()
      .default('file:./data/recovery-desk.db')
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'must be a file: URL (SQLite) or a postgres:// URL'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FILE: optionalText,
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalText,
    APP_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
    AUTO_MIGRATE: z.enum(['true', 'false']).default('true'),
    MAX_MESSAGE_LENGTH: positiveInt(1000),
    MAX_BODY_BYTES: positiveInt(64 * 1024),
    RETRIEVAL_MAX_FAILURES: positiveInt(3),
    RETRIEVAL_COOLDOWN_MINUTES: positiveInt(30),
    TARGET_MAX_FAILURES: positiveInt(5),
    CLIENT_MAX_FAILURES: positiveInt(10),
    LIMIT_WINDOW_MINUTES: positiveInt(60),
    RETENTION_DAYS: positiveInt(90),
    SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL'),
    MAIL_FROM: z.string().trim().min(3).default('Recovery Desk <no-reply@recovery-desk.localhost>'),
    PUBLIC_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL'),
    CODE_TTL_MINUTES: positiveInt(10),
    CODE_MAX_FAILURES: positiveInt(5),
    CODE_MAX_RESENDS: positiveInt(3),
    CODE_RESEND_INTERVAL_SECONDS: positiveInt(60),
    CODE_COOLDOWN_MINUTES: positiveInt(30),
    DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
    DIRECTLINE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    WIDGET_ALLOWED_ORIGINS: originList,
    DESK_SESSION_IDLE_MINUTES: positiveInt(30),
    DESK_SESSION_MAX_HOURS: positiveInt(12),
    EMAIL_CHANGE_HOLD_HOURS: positiveInt(24),
    // Empty (as in .env.example) means "decide by NODE_ENV".
    DESK_SECURE_COOKIES: z.enum(['', 'true', 'false']).default(''),
    DESK_CONSOLE_DIR: z.string().trim().min(1).default('dist/desk-console'),
    DIRECTORY_URL: optionalText.refine((v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), 'must be an http(s) URL'),
    DIRECTORY_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    DIRECTORY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
    DIRECTORY_TLS_CERT: optionalText,
    DIRECTORY_TLS_KEY: optionalText,
    DIRECTORY_TLS_CA: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.DIRECTORY_URL && !env.DIRECTORY_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['DIRECTORY_SECRET'], message: 'is required with DIRECTORY_URL: every request to the directory is signed' });
    }
    if (Boolean(env.DIRECTORY_TLS_CERT) !== Boolean(env.DIRECTORY_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['DIRECTORY_TLS_KEY'], message: 'DIRECTORY_TLS_CERT and DIRECTORY_TLS_KEY go together (mutual TLS)' });
    }
    if (env.NODE_ENV !== 'production') return;
    if (env.DIRECTORY_URL && new URL(env.DIRECTORY_URL).protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', path: ['DIRECTORY_URL'], message: 'must be https in production: passwords and addresses travel to it' });
    }
    if (!env.MicrosoftAppId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required in production: local mode accepts unauthenticated requests' });
    }
    if (!env.APP_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'is required in production' });
    }
    if (env.MicrosoftAppType !== 'UserAssignedMSI' && env.MicrosoftAppId && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required with MicrosoftAppId' });
    }
  });

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  logFile: string | undefined;
  botAuth: {
    MicrosoftAppId?: string;
    MicrosoftAppPassword?: string;
    MicrosoftAppType: string;
    MicrosoftAppTenantId?: string;
  };
  /** True when no MicrosoftAppId is set: /api/messages accepts unauthenticated callers. */
  localMode: boolean;
  secret: string;
  usesDevSecret: boolean;
  demoData: 'auto' | 'off';
  autoMigrate: boolean;
  limits: {
    maxMessageLength: number;
    maxBodyBytes: number;
    retrievalMaxFailures: number;
    retrievalCooldownMinutes: number;
    targetMaxFailures: number;
    clientMaxFailures: number;
    windowMinutes: number;
  };
  retentionDays: number;
  mail: { smtpUrl: string | undefined; from: string };
  /** Where shoppers reach this server (links in letters); defaults to http://HOST:PORT. */
  publicBaseUrl: string;
  codes: {
    ttlMinutes: number;
    maxFailures: number;
    maxResends: number;
    resendIntervalSeconds: number;
    cooldownMinutes: number;
  };
  directLine: {
    /** Lifetime of a Direct Line token; clients refresh before it ends. */
    tokenTtlSeconds: number;
    /** Lets a shop's backend generate tokens and start conversations, as the Azure Direct Line secret does. */
    secret: string | undefined;
    /** Other web origins that may embed the chat widget (CORS, frame-ancestors). */
    allowedOrigins: string[];
  };
  desk: {
    /** A session unused this long ends. */
    sessionIdleMinutes: number;
    /** A session ends this long after sign-in, however busy. */
    sessionMaxHours: number;
    /** How long an operator's email change waits, cancellable from the old address, before it applies. */
    emailChangeHoldHours: number;
    /** Mark the session cookie Secure: on in production (HTTPS), off for http://localhost in development and tests. */
    secureCookies: boolean;
    /** The built console (`vite build`), served under /desk; relative paths are from the working directory. */
    consoleDir: string;
  };
  /**
   * The marketplace's own directory over HTTP (core/directory/http/); null: the embedded directory,
   * the product's own tables loaded from a snapshot (the default).
   */
  directory: {
    url: string;
    secret: string;
    timeoutMs: number;
    /** Files (PEM) for mutual TLS: a client certificate and key, and a CA to trust. */
    tls: { certFile?: string; keyFile?: string; caFile?: string };
  } | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once, at boot. Nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    botAuth: {
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppType: e.MicrosoftAppType,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
    },
    localMode: !e.MicrosoftAppId,
    secret: e.APP_SECRET ?? DEV_SECRET,
    usesDevSecret: !e.APP_SECRET,
    demoData: e.DEMO_DATA,
    autoMigrate: e.AUTO_MIGRATE === 'true',
    limits: {
      maxMessageLength: e.MAX_MESSAGE_LENGTH,
      maxBodyBytes: e.MAX_BODY_BYTES,
      retrievalMaxFailures: e.RETRIEVAL_MAX_FAILURES,
      retrievalCooldownMinutes: e.RETRIEVAL_COOLDOWN_MINUTES,
      targetMaxFailures: e.TARGET_MAX_FAILURES,
      clientMaxFailures: e.CLIENT_MAX_FAILURES,
      windowMinutes: e.LIMIT_WINDOW_MINUTES,
    },
    retentionDays: e.RETENTION_DAYS,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    codes: {
      ttlMinutes: e.CODE_TTL_MINUTES,
      maxFailures: e.CODE_MAX_FAILURES,
      maxResends: e.CODE_MAX_RESENDS,
      resendIntervalSeconds: e.CODE_RESEND_INTERVAL_SECONDS,
      cooldownMinutes: e.CODE_COOLDOWN_MINUTES,
    },
    directLine: {
      tokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL_SECONDS,
      secret: e.DIRECTLINE_SECRET,
      allowedOrigins: e.WIDGET_ALLOWED_ORIGINS,
    },
    desk: {
      sessionIdleMinutes: e.DESK_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.DESK_SESSION_MAX_HOURS,
      emailChangeHoldHours: e.EMAIL_CHANGE_HOLD_HOURS,
      secureCookies: e.DESK_SECURE_COOKIES === '' ? e.NODE_ENV === 'production' : e.DESK_SECURE_COOKIES === 'true',
      consoleDir: resolve(e.DESK_CONSOLE_DIR),
    },
    directory:
      e.DIRECTORY_URL && e.DIRECTORY_SECRET
        ? {
            url: e.DIRECTORY_URL,
            secret: e.DIRECTORY_SECRET,
            timeoutMs: e.DIRECTORY_TIMEOUT_MS,
            tls: { certFile: e.DIRECTORY_TLS_CERT, keyFile: e.DIRECTORY_TLS_KEY, caFile: e.DIRECTORY_TLS_CA },
          }
        : null,
  };
}
