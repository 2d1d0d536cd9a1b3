// npm run desk:operator -- add --email x@example.com --name "Anna K." --role AGENT|SUPERVISOR --languages ru,uk [--password ...]
// npm run desk:operator -- list
// npm run desk:operator -- deactivate --email x@example.com
// Manages the desk's operators in DATABASE_URL (default file:./data/recovery-desk.db), applying
// pending migrations first. Without --password, `add` generates one and prints it once: nothing
// prompts, so it works in CI and scripts. Exit 1 on any problem.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDb } from '../core/db/client.js';
import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createOperator } from '../desk/operators/create-operator.js';
import { deactivateOperator } from '../desk/operators/deactivate-operator.js';
import { listOperators } from '../desk/operators/list-operators.js';
import { OperatorInput } from '../desk/operators/operator-input.js';
import type { DbClient } from '../core/db/client.js';
import { runScript } from './lib/run-script.js';

const USAGE = `usage:
  npm run desk:operator -- add --email <login> --name "<display name>" --role AGENT|SUPERVISOR --languages ru,uk,pl,en [--password <password>]
  npm run desk:operator -- list
  npm run desk:operator -- deactivate --email <login>`;

/** 24 characters from 18 random bytes: far past any guessing, and accepted by the password policy. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function add(prisma: DbClient, values: Record<string, string | undefined>): Promise<number> {
  const generated = values.password === undefined;
  const parsed = OperatorInput.safeParse({
    email: values.email,
    displayName: values.name,
    role: values.role?.toUpperCase(),
    languages: (values.languages ?? '').split(',').map((l) => l.trim().toLowerCase()).filter((l) => l !== ''),
    password: values.password ?? generatePassword(),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`  --${issue.path[0] === 'displayName' ? 'name' : String(issue.path[0])}: ${issue.message}`);
    console.error(USAGE);
    return 1;
  }
  const result = await createOperator(prisma, parsed.data);
  if (result.kind === 'taken') {
    console.error(`An operator with the email ${parsed.data.email} already exists.`);
    return 1;
  }
  if (result.kind === 'weakPassword') {
    console.error(`The password is refused (${result.reason}): at least 12 characters, not a common one, not containing the email.`);
    return 1;
  }
  const { operator } = result;
  console.log(`Added ${operator.role} ${operator.displayName} <${operator.email}> (${operator.languages.join(', ')}), id ${operator.id}`);
  if (generated) console.log(`Password (shown once, store it now): ${parsed.data.password}`);
  return 0;
}

async function list(prisma: DbClient): Promise<number> {
  const operators = await listOperators(prisma);
  if (operators.length === 0) {
    console.log('No operators yet. Add one with: npm run desk:operator -- add ...');
    return 0;
  }
  for (const o of operators) {
    console.log([o.active ? 'active  ' : 'inactive', o.role.padEnd(10), o.languages.join(',').padEnd(11), `${o.displayName} <${o.email}>`, o.id].join('  '));
  }
  return 0;
}

async function deactivate(prisma: DbClient, email: string | undefined): Promise<number> {
  const login = email?.trim().toLowerCase();
  const found = login ? await prisma.operator.findUnique({ where: { email: login }, select: { id: true } }) : null;
  if (!found) {
    console.error(login ? `No operator with the email ${login}.` : USAGE);
    return 1;
  }
  const result = await deactivateOperator(prisma, found.id);
  if (result.kind === 'alreadyInactive') console.log(`${login} was already inactive.`);
  else if (result.kind === 'deactivated') console.log(`Deactivated ${login}; ${result.sessionsEnded} open session(s) ended.`);
  return 0;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      languages: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (command !== 'add' && command !== 'list' && command !== 'deactivate') {
    console.error(USAGE);
    return 1;
  }
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await applyMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  try {
    if (command === 'add') return await add(db.prisma, values);
    if (command === 'list') return await list(db.prisma);
    return await deactivate(db.prisma, values.email);
  } finally {
    await db.close();
  }
}

runScript('desk:operator', main);
