import restify, { type Request, type Response, type Server } from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../core/config/config.js';
import type { Db } from '../core/db/client.js';
import type { Directory } from '../core/directory/directory.js';
import { createEmbeddedDirectory } from '../core/directory/embedded/embedded-directory.js';
import type { DbNotifications } from '../core/db/notifications.js';
import { keyedHash } from '../core/security/keyed-hash.js';
import { createTranslator, type Translate } from './i18n/translator.js';
import { IntentMatcher } from './understand/intent-matcher.js';
import { RecoveryBot, CLIENT_KEY, TURN_EXPECTS, TURN_LOCALE } from './recovery-bot.js';
import { describeActivityProblem } from './activity-schema.js';
import { localeFromTag } from './render.js';
import type { Logger } from './logger.js';
import { createDirectLine, type DirectLine } from './directline/register-direct-line.js';
import { createMailer, type Mailer } from '../core/mail/mailer.js';
import { registerSelfServiceRoutes } from './routes/self-service-routes.js';
import { DeskHub } from '../desk/events/desk-hub.js';
import { createDeskChat } from '../desk/chat/desk-chat.js';
import { registerDeskApi } from '../desk/api/register-desk-api.js';
import type { DeskDeps } from '../desk/desk-deps.js';
import { BotShopperMessenger } from './handoff/bot-shopper-messenger.js';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  now?: () => Date;
  /** The marketplace's directory; the embedded one over `db` when not given (core/directory/). */
  directory?: Directory;
};

export type App = {
  server: Server;
  bot: RecoveryBot;
  translate: Translate;
  directLine: DirectLine;
  mailer: Mailer;
  /** The operators' desk: its services' dependencies (for the scheduler) and a close() for its event streams. */
  desk: { deps: DeskDeps; close(): void };
  /**
   * Live news between the instances on one PostgreSQL database (LISTEN/NOTIFY): desk events and
   * the widget's stream news. Null on SQLite (one process). close() it on shutdown, after the
   * turns in flight, before the database.
   */
  live: DbNotifications | null;
  /**
   * Stops serving: ends the open chat and desk streams (clients reconnect from their watermark),
   * closes the server, waits for the turns in flight, then closes the instances' shared channel
   * (after the last turn's news) and the mailer. The database is the caller's.
   */
  close(): Promise<void>;
};

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}

/** Builds the HTTP server and the bot from their dependencies; does not listen. */
export function createApp(deps: AppDeps): App {
  const { config, db, logger } = deps;
  const translate = createTranslator();
  const intents = new IntentMatcher(translate);
  const now = deps.now ?? (() => new Date());
  const directory = deps.directory ?? createEmbeddedDirectory(db.prisma, { now });
  const mailer = createMailer({
    prisma: db.prisma,
    config: { smtpUrl: config.mail.smtpUrl, from: config.mail.from, secret: config.secret },
    logger,
    now,
  });
  const send: DeskDeps['send'] = (letter) => mailer.send(letter);
  // PostgreSQL: one listening connection per process, shared by the desk hub and the widget's feed.
  const live = db.openNotifications?.(logger) ?? null;
  const hub = new DeskHub(live);
  const deskChat = createDeskChat({ prisma: db.prisma, directory, config, send, now, hub });
  const bot = new RecoveryBot({ prisma: db.prisma, directory, config, translate, intents, logger, now, mailer, desk: deskChat });

  // The chat widget's Direct Line channel; its credentials factory signs the bot's calls to the
  // channel's own connector and leaves every other call as it was.
  const directLine = createDirectLine({ config, db, logger, now: deps.now ?? (() => new Date()), notifications: live });
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.botAuth as ConfigurationBotFrameworkAuthenticationOptions,
    directLine.credentialsFactory,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, conversation: context.activity.conversation?.id }, 'turn failed');
    // The conversation's own language (the shopper may have switched), else the channel's.
    const locale = localeFromTag(context.turnState.get(TURN_LOCALE) as string | undefined) ?? localeFromTag(context.activity.locale) ?? 'en';
    // Still at a password or code question: the apology carries its mark, so the channel keeps
    // masking the next answer (bot/directline/store.ts atSecretQuestion).
    const expects = context.turnState.get(TURN_EXPECTS) as string | undefined;
    const mark = expects === 'password' || expects === 'code' ? { recoveryDesk: { sensitiveInput: expects } } : undefined;
    await context.sendActivity({ type: 'message', text: translate(locale, 'common.technicalProblem'), channelData: mark }).catch(() => undefined);
  };

  const server = restify.createServer({ name: 'recovery-desk', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.limits.maxBodyBytes, mapParams: false, mapFiles: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // The bot's turn on any channel. The per-client limit is keyed on the shopper as the channel
  // names them (Bot Framework's from.id; our widget's token-bound user id), not on the TCP peer:
  // behind Azure's connectors or a reverse proxy every shopper shares a handful of addresses,
  // and one attacker's failures would lock everybody out.
  const runTurn = (_clientAddress: string) => async (context: TurnContext) => {
    const { channelId, from } = context.activity;
    context.turnState.set(CLIENT_KEY, keyedHash(config.secret, 'client', `${channelId}\u0000${from?.id ?? ''}`));
    await bot.run(context);
  };

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!req.is('json')) {
      sendError(res, 415, 'UnsupportedMediaType', 'Activities must be sent as application/json.');
      return;
    }
    const problem = describeActivityProblem(req.body);
    if (problem) {
      sendError(res, 400, 'BadActivity', problem);
      return;
    }
    await adapter.process(req, res, runTurn(req.socket.remoteAddress ?? 'unknown'));
  });

  directLine.attach({ server, adapter, auth, runTurn });

  server.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await db.prisma.$queryRawUnsafe('SELECT 1');
      res.json({ status: 'ok', database: db.provider });
    } catch (error) {
      logger.error({ err: String(error) }, 'health check: database unavailable');
      sendError(res, 503, 'DatabaseUnavailable', 'The database is not reachable.');
    }
  });

  registerSelfServiceRoutes(server, { config, db, directory, translate, logger, now });

  // Operators' replies go out as proactive messages through the same adapter (and its Direct
  // Line credentials), so they reach the widget and any other channel alike.
  const messenger = new BotShopperMessenger({ adapter, directLine, appId: config.botAuth.MicrosoftAppId, prisma: db.prisma, translate, bot, logger, now });
  const deskDeps: DeskDeps = { prisma: db.prisma, directory, config, now, send, hub, messenger, logger };
  const deskApi = registerDeskApi(server, deskDeps);

  // restify's own errors (bad JSON, body too large, unknown route) keep their status but never leak detail.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown }, next: (e?: unknown) => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err: { name: err.name, message: err.message }, path: req.path() }, 'request failed');
    err.toJSON = () => ({
      error: {
        code: err.body?.code ?? err.name,
        message: status >= 500 ? 'Internal error.' : status === 413 ? 'The request body is too large.' : err.message,
      },
    });
    next();
  });

  const close = async () => {
    directLine.close();
    deskApi.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bot.idle();
    await live?.close();
    await mailer.close();
  };

  return { server, bot, translate, directLine, mailer, desk: { deps: deskDeps, close: deskApi.close }, live, close };
}
