import { readFile } from 'node:fs/promises';
import { loadConfig, ConfigError } from '../core/config/config.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createDb } from '../core/db/client.js';
import { projectPath } from '../core/project-root.js';
import { importDirectory } from '../core/import/import-directory.js';
import { directoryIsEmpty } from '../core/import/directory-is-empty.js';
import { createDirectory } from '../core/directory/create-directory.js';
import { purgeExpired } from '../core/retention/purge-expired.js';
import { purgeDirectLine } from '../core/retention/purge-direct-line.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { startMailRetries } from '../core/mail/start-mail-retries.js';
import { loadDemoOperators } from '../desk/operators/load-demo-operators.js';
import { purgeDeskRecords } from '../desk/sessions/purge-desk-records.js';
import { startEmailChangeScheduler } from '../desk/email-change/start-email-change-scheduler.js';

const RETENTION_SWEEP_MS = 6 * 60 * 60 * 1000;


async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.usesDevSecret) logger.warn('APP_SECRET is not set: using the development secret (refused in production)');
  if (!config.mail.smtpUrl) logger.warn('SMTP_URL is not set: letters stay in the outbox (npm run mail:outbox, /dev/outbox)');
  if (config.localMode) logger.warn('MicrosoftAppId is not set: /api/messages runs in local mode without authentication');

  if (config.autoMigrate) {
    const { applied } = await applyMigrations(config.databaseUrl);
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
  }
  const db = await createDb(config.databaseUrl);
  // The marketplace's own directory over HTTP, or the embedded one (the product's tables).
  const { directory, embedded } = createDirectory(config, db.prisma, { log: logger });
  if (!embedded) logger.info({ url: config.directory?.url }, 'directory: the marketplace\'s services over HTTP; no copy kept here');

  if (embedded && config.demoData === 'auto' && (await directoryIsEmpty(db.prisma))) {
    const demo = JSON.parse(await readFile(projectPath('demo', 'directory.json'), 'utf8')) as unknown;
    const result = await importDirectory(db, demo);
    logger.info(result, 'demo directory loaded into an empty database');
    // The demo operators' passwords are published (demo/README.md): never in production.
    if (config.env !== 'production') {
      const added = await loadDemoOperators(db.prisma, JSON.parse(await readFile(projectPath('demo', 'operators.json'), 'utf8')) as unknown);
      if (added > 0) logger.warn({ added }, 'demo desk operators added (passwords in demo/README.md)');
    }
  }

  const sweep = async () => {
    const purged = await purgeExpired(db.prisma, config.retentionDays, new Date());
    const directLine = await purgeDirectLine(db.prisma, config.retentionDays, new Date());
    const desk = await purgeDeskRecords(db.prisma, { idleMinutes: config.desk.sessionIdleMinutes, retentionDays: config.retentionDays }, new Date());
    const directoryChanges = (await embedded?.forgetChangesBefore(new Date(Date.now() - config.retentionDays * 86_400_000))) ?? 0;
    logger.info({ ...purged, directLine, desk, directoryChanges }, 'retention sweep');
  };
  await sweep();
  const timer = setInterval(() => void sweep().catch((err: unknown) => logger.error({ err: String(err) }, 'retention sweep failed')), RETENTION_SWEEP_MS);
  timer.unref();

  const app = createApp({ config, db, logger, directory });
  const { server, mailer, desk } = app;
  const stopMailRetries = startMailRetries(mailer, 60_000, logger);
  const stopEmailChanges = startEmailChangeScheduler(desk.deps, 60_000, logger);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  logger.info({ url: `http://${config.host}:${config.port}`, database: db.provider }, 'Recovery Desk is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
    clearInterval(timer);
    stopMailRetries();
    stopEmailChanges();
    await app.close();
    await db.close();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Recovery Desk failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
