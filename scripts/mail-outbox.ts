// npm run mail:outbox [-- --to address] [-- --limit N]
// Prints the latest letters of the outbox (SPEC §7), newest first, with their text: the
// development mail catcher when SMTP_URL is not set. Reads DATABASE_URL and APP_SECRET, which
// must be the server's (the bodies are sealed with it). Exit 1 on any problem.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../core/config/config.js';
import { createDb } from '../core/db/client.js';
import { readOutbox, type OutboxLetter } from '../core/mail/read-outbox.js';
import { runScript } from './lib/run-script.js';

function print(letter: OutboxLetter): void {
  console.log('='.repeat(72));
  console.log(`Subject: ${letter.subject}`);
  console.log(`To:      ${letter.to}`);
  console.log(`Status:  ${letter.status} (attempts: ${letter.attempts})${letter.sentAt ? `, sent ${letter.sentAt.toISOString()}` : ''}`);
  console.log(`Kind:    ${letter.kind} (${letter.locale}), created ${letter.createdAt.toISOString()}`);
  console.log('');
  console.log(letter.readable ? letter.text.trimEnd() : '(the body cannot be opened: it was sealed under another APP_SECRET)');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, limit: { type: 'string' } } });
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error('--limit must be a whole number of at least 1');
    return 1;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const db = await createDb(config.databaseUrl);
  try {
    const letters = await readOutbox(db.prisma, config.secret, { to: values.to, limit });
    if (letters.length === 0) {
      console.log(values.to ? `No letters to ${values.to} in the outbox.` : 'The outbox is empty.');
      return 0;
    }
    for (const letter of letters) print(letter);
    return 0;
  } finally {
    await db.close();
  }
}

runScript('mail:outbox', main);
