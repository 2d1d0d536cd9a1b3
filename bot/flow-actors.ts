import { fromPromise } from 'xstate';
import type { Config } from '../core/config/config.js';
import type { DbClient } from '../core/db/client.js';
import type { RetrievalOutcome } from '../core/domain.js';
import { keyedHash } from '../core/security/keyed-hash.js';
import { retrieveWithLimits } from '../core/directory/retrieve.js';
import { findByOrder } from '../core/directory/find-by-order.js';
import { findByCard } from '../core/directory/find-by-card.js';
import { openCase } from '../core/cases/open-case.js';
import { caseProgress } from '../core/cases/case-progress.js';
import type {
  CardLookupInput,
  CaseProgress,
  OpenCaseInput,
  OpenCaseOutput,
  OrderLookupInput,
} from '../flows/recovery/types.js';

export type FlowActorDeps = {
  prisma: DbClient;
  config: Pick<Config, 'limits' | 'secret'>;
  now: () => Date;
  conversationId: string;
  clientKey: string | null;
};

/** The recovery flow's named actors, bound to one conversation's database scope. */
export function provideFlowActors(deps: FlowActorDeps) {
  const { prisma, config, conversationId } = deps;
  const retrieval = { prisma, limits: config.limits, now: deps.now, conversationId, clientKey: deps.clientKey };
  return {
    actors: {
      lookupOrder: fromPromise<RetrievalOutcome, OrderLookupInput>(({ input }) =>
        retrieveWithLimits(retrieval, keyedHash(config.secret, 'order', input.orderNumber), () =>
          findByOrder(prisma, input.orderNumber),
        ),
      ),
      lookupCard: fromPromise<RetrievalOutcome, CardLookupInput>(({ input }) =>
        retrieveWithLimits(retrieval, keyedHash(config.secret, 'card', `${input.bin}:${input.last4}`), () =>
          findByCard(prisma, input),
        ),
      ),
      openCase: fromPromise<OpenCaseOutput, OpenCaseInput>(async ({ input }) => {
        const opened = await openCase(prisma, {
          conversationId,
          type: input.type,
          locale: input.locale,
          evidence: input.evidence,
          accountId: input.accountRef,
          blockStatus: input.blockStatus,
          requestedEmail: input.requestedEmail,
        });
        return { caseNumber: opened.caseNumber, position: opened.position };
      }),
      checkCase: fromPromise<CaseProgress, { caseNumber: number }>(({ input }) =>
        caseProgress(prisma, conversationId, input.caseNumber),
      ),
    },
  };
}
