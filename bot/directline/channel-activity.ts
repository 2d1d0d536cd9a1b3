/**
 * An activity as the channel stores it and clients receive it: plain JSON in the Bot Framework
 * schema, with the id the channel assigned (`<conversationId>|<seq>` as Azure's Direct Line does).
 */
export type ChannelActivity = { id: string; type: string; timestamp: string } & Record<string, unknown>;

/** The channel's public activity id for position `seq` of a conversation. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
