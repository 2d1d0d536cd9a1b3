// The desk hub's side of the instances' shared channel, without a database.
import { describe, expect, it } from 'vitest';
import { NOTIFY_PAYLOAD_LIMIT, type DbNotifications } from '../../core/db/notifications.js';
import { DESK_EVENTS_CHANNEL, DeskHub, encodeDeskEvent, type DeskEvent, type MessageEvent } from '../../desk/events/desk-hub.js';

/** Two processes: what one sends, the other hears. */
function pair(): { left: DbNotifications; right: DbNotifications; sent: string[]; resume(side: 'left' | 'right'): void } {
  const handlers = { left: [] as ((p: string) => void)[], right: [] as ((p: string) => void)[] };
  const resumed = { left: [] as (() => void)[], right: [] as (() => void)[] };
  const sent: string[] = [];
  const member = (self: 'left' | 'right', other: 'left' | 'right'): DbNotifications => ({
    instanceId: self,
    send: (channel, payload) => {
      expect(channel).toBe(DESK_EVENTS_CHANNEL);
      sent.push(payload);
      for (const h of handlers[other]) h(payload);
      return true;
    },
    subscribe: (_channel, handler) => {
      handlers[self].push(handler);
      return () => undefined;
    },
    onResume: (handler) => {
      resumed[self].push(handler);
      return () => undefined;
    },
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  });
  return { left: member('left', 'right'), right: member('right', 'left'), sent, resume: (side) => resumed[side].forEach((h) => h()) };
}

const opened: DeskEvent = { type: 'queue', change: 'opened', caseId: 'case-1', caseNumber: 7, caseType: 'GENERAL', locale: 'ru', claimedById: null };

describe('the desk hub between instances', () => {
  it('delivers an event here once and there once', () => {
    const { left, right } = pair();
    const a = new DeskHub(left);
    const b = new DeskHub(right);
    const onA: DeskEvent[] = [];
    const onB: DeskEvent[] = [];
    a.subscribe((e) => onA.push(e));
    b.subscribe((e) => onB.push(e));
    b.publish(opened);
    expect(onA).toEqual([opened]);
    expect(onB).toEqual([opened]);
  });

  it('tells its streams to reload when the shared channel comes back after a gap', () => {
    const { left, resume } = pair();
    const a = new DeskHub(left);
    let reloads = 0;
    const stop = a.onResync(() => reloads++);
    resume('left');
    expect(reloads).toBe(1);
    stop();
    resume('left');
    expect(reloads).toBe(1);
  });

  it('ignores a payload that is not a desk event', () => {
    const { left, right } = pair();
    const a = new DeskHub(left);
    const onA: DeskEvent[] = [];
    a.subscribe((e) => onA.push(e));
    right.send(DESK_EVENTS_CHANNEL, 'not json');
    right.send(DESK_EVENTS_CHANNEL, JSON.stringify({ type: 'other', caseId: 'x' }));
    expect(onA).toEqual([]);
  });

  it('shortens a long message line to fit a NOTIFY, and only for the other instances', () => {
    const { left, right, sent } = pair();
    const a = new DeskHub(left);
    const b = new DeskHub(right);
    const long: MessageEvent = { type: 'message', caseId: 'case-1', claimedById: 'op', line: { direction: 'IN', text: '😀щ\u0001'.repeat(3000), createdAt: new Date(0).toISOString() } };
    const onA: DeskEvent[] = [];
    const onB: DeskEvent[] = [];
    a.subscribe((e) => onA.push(e));
    b.subscribe((e) => onB.push(e));
    b.publish(long);
    expect(onB).toEqual([long]);
    expect(Buffer.byteLength(sent[0]!)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_LIMIT);
    const text = (onA[0] as MessageEvent).line.text;
    expect(text.endsWith('…')).toBe(true);
    expect(long.line.text.startsWith(text.slice(0, -1))).toBe(true);
    expect(text.length).toBeGreaterThan(1000);
    expect(encodeDeskEvent(opened)).toBe(JSON.stringify(opened));
  });

  it('without sharing (SQLite) it is the in-process hub it always was', () => {
    const hub = new DeskHub();
    const heard: DeskEvent[] = [];
    const off = hub.subscribe((e) => heard.push(e));
    hub.publish(opened);
    off();
    hub.publish(opened);
    expect(heard).toEqual([opened]);
    expect(hub.size).toBe(0);
  });
});
