import { z } from 'zod';
import type { DbClient } from '../../core/db/client.js';
import { createOperator } from './create-operator.js';
import { OperatorInput } from './operator-input.js';

const DemoOperators = z.object({ operators: z.array(OperatorInput).min(1) });

/**
 * Adds the demo operators (demo/operators.json) to a desk that has none, so a fresh install can be
 * signed into at once. A desk with any operator is left alone. Returns how many were added.
 */
export async function loadDemoOperators(prisma: DbClient, data: unknown): Promise<number> {
  if ((await prisma.operator.count()) > 0) return 0;
  const { operators } = DemoOperators.parse(data);
  let added = 0;
  for (const operator of operators) {
    const result = await createOperator(prisma, operator);
    if (result.kind === 'weakPassword') throw new Error(`demo operator ${operator.email}: password refused (${result.reason})`);
    if (result.kind === 'created') added += 1;
  }
  return added;
}
