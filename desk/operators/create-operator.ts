import type { DbClient } from '../../core/db/client.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { hashPassword } from '../../core/security/password.js';
import { checkPasswordPolicy, type PasswordPolicyReason } from '../../core/security/password-policy.js';
import { toDeskOperator, type DeskOperator } from './desk-operator.js';
import type { OperatorInput } from './operator-input.js';

export type CreateOperatorResult =
  | { kind: 'created'; operator: DeskOperator }
  | { kind: 'taken' }
  | { kind: 'weakPassword'; reason: PasswordPolicyReason };

/**
 * Adds an operator. The password follows the shoppers' policy (SPEC §4.1: length and a
 * blocklist, not the login in it) and is kept only as an scrypt hash. `createdBy` is the
 * supervisor who added them, null for the command line and the demo data.
 */
export async function createOperator(prisma: DbClient, input: OperatorInput, createdBy: string | null = null): Promise<CreateOperatorResult> {
  const policy = checkPasswordPolicy(input.password, { email: input.email });
  if (!policy.ok) return { kind: 'weakPassword', reason: policy.reason };
  if (await prisma.operator.findUnique({ where: { email: input.email }, select: { id: true } })) return { kind: 'taken' };
  const passwordHash = await hashPassword(input.password);
  try {
    const row = await runTransaction(prisma, async (tx) => {
      const created = await tx.operator.create({
        data: { email: input.email, displayName: input.displayName, role: input.role, languages: input.languages.join(','), passwordHash },
      });
      await recordAudit(tx, {
        actorType: createdBy ? 'OPERATOR' : 'SYSTEM',
        actorId: createdBy,
        action: 'operator.created',
        after: { operatorId: created.id, email: created.email, role: created.role, languages: created.languages },
      });
      return created;
    });
    return { kind: 'created', operator: toDeskOperator(row) };
  } catch (error) {
    // Two creations of one login at once: the unique index decides.
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002') return { kind: 'taken' };
    throw error;
  }
}
