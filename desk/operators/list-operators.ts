import type { DbClient } from '../../core/db/client.js';
import { toDeskOperator, type DeskOperator } from './desk-operator.js';

/** Every operator, active first, then by name. */
export async function listOperators(prisma: DbClient): Promise<DeskOperator[]> {
  const rows = await prisma.operator.findMany({ orderBy: [{ active: 'desc' }, { displayName: 'asc' }, { email: 'asc' }] });
  return rows.map(toDeskOperator);
}
