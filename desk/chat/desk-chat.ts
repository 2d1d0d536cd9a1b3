import type { DeskDeps } from '../desk-deps.js';
import { confirmEmailChangeCode, type CodeAnswer } from '../email-change/confirm-email-change-code.js';
import { queueEvent } from '../events/queue-event.js';
import { answerEvidenceRequest, type EvidenceAnswer, type EvidenceProgress } from './answer-evidence-request.js';
import { findHeldCaseOf, type HeldCase } from './held-case.js';

export type ChatLine = { direction: string; text: string; createdAt: Date };

/**
 * The desk as the bot's turn runner sees it: is an operator holding this conversation, and
 * what happens to what the shopper types meanwhile. Built before the bot, without the
 * messenger (the bot answers these in its own turn).
 */
export type DeskChat = {
  heldCase(conversationId: string): Promise<HeldCase | null>;
  /** The shopper typed a code while an operator's email change waits for one. */
  confirmCode(held: HeldCase, code: string): Promise<CodeAnswer>;
  /** The shopper answered an operator's evidence question. */
  answerEvidence(held: HeldCase, answer: EvidenceAnswer, clientKey: string | null): Promise<EvidenceProgress>;
  /** Lines of a held conversation were written: the operator sees them live. */
  linesWritten(held: HeldCase, lines: ChatLine[]): void;
  /** The bot opened a case: it appears in the queues live. */
  caseOpened(caseId: string): Promise<void>;
};

export function createDeskChat(deps: Pick<DeskDeps, 'prisma' | 'directory' | 'config' | 'send' | 'now' | 'hub'>): DeskChat {
  return {
    heldCase: (conversationId) => findHeldCaseOf(deps.prisma, conversationId),
    confirmCode: (held, code) => confirmEmailChangeCode(deps, held, code),
    answerEvidence: (held, answer, clientKey) => answerEvidenceRequest(deps, held, answer, clientKey),
    linesWritten: (held, lines) => {
      for (const line of lines) {
        deps.hub.publish({
          type: 'message',
          caseId: held.caseId,
          claimedById: held.claimedById,
          line: { direction: line.direction, text: line.text, createdAt: line.createdAt.toISOString() },
        });
      }
    },
    caseOpened: async (caseId) => {
      const row = await deps.prisma.case.findUnique({ where: { id: caseId } });
      if (row?.status === 'WAITING') deps.hub.publish(queueEvent('opened', row));
    },
  };
}
