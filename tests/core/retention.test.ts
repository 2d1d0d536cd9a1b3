import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../core/retention/purge-expired.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';

const DAY = 86_400_000;

describe.each(testBackends())('retention on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(() => database.cleanup());

  async function conversationWithHistory(externalId: string, at: Date) {
    const prisma = database.db.prisma;
    const conversation = await prisma.conversation.create({
      data: { channelId: 'test', externalId, locale: 'en', snapshot: '{"context":{"pendingEmail":"x@example.com"}}', reference: '{}', updatedAt: at },
    });
    await prisma.transcriptEntry.create({ data: { conversationId: conversation.id, direction: 'IN', text: 'hello', createdAt: at } });
    await prisma.processedActivity.create({ data: { conversationId: conversation.id, activityId: `a-${externalId}`, replies: '[]', createdAt: at } });
    await prisma.retrievalAttempt.create({ data: { conversationId: conversation.id, targetKey: 't', matched: false, createdAt: at } });
    const closed = await prisma.case.create({
      data: {
        number: Math.floor(at.getTime() / 1000) % 1_000_000,
        type: 'EMAIL_CHANGE_LOCKED_MAILBOX',
        status: 'RESOLVED',
        locale: 'en',
        conversationId: conversation.id,
        requestedEmail: 'new@example.org',
        closedAt: at,
        evidence: { create: [{ kind: 'ORDER_NUMBER', display: '812345******2345', matched: true }] },
      },
    });
    await prisma.outboxMessage.create({
      data: { to: 'x@example.com', locale: 'en', kind: 'passwordResetCode', subject: 's', sealedBody: 'v1.x', status: 'STORED', createdAt: at },
    });
    return { conversation, closed };
  }

  it('forgets personal details past the retention period and keeps what is recent', async () => {
    const now = new Date('2026-11-22T00:00:00Z');
    const old = await conversationWithHistory('old', new Date(now.getTime() - 100 * DAY));
    const recent = await conversationWithHistory('recent', new Date(now.getTime() - 10 * DAY));

    const purged = await purgeExpired(database.db.prisma, 90, now);
    expect(purged).toMatchObject({ transcriptLines: 1, replayRecords: 1, attempts: 1, evidence: 1, letters: 1, conversations: 1, cases: 1 });

    const prisma = database.db.prisma;
    const oldConversation = await prisma.conversation.findUniqueOrThrow({ where: { id: old.conversation.id } });
    expect(oldConversation).toMatchObject({ snapshot: null, reference: null });
    expect(await prisma.case.findUniqueOrThrow({ where: { id: old.closed.id } })).toMatchObject({ requestedEmail: null, status: 'RESOLVED' });
    expect(await prisma.transcriptEntry.count({ where: { conversationId: old.conversation.id } })).toBe(0);

    expect(await prisma.transcriptEntry.count({ where: { conversationId: recent.conversation.id } })).toBe(1);
    expect((await prisma.conversation.findUniqueOrThrow({ where: { id: recent.conversation.id } })).snapshot).not.toBeNull();
    expect(await prisma.evidence.count({ where: { caseId: recent.closed.id } })).toBe(1);
  });
});
