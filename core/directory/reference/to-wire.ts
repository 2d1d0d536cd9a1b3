/**
 * A port answer as the wire carries it: `kind` becomes `outcome`, dates stay ISO strings. An
 * `unavailable` from the directory behind the server has no wire form: the server fails instead.
 */
export function toWire(answer: { kind: string } & Record<string, unknown>): Record<string, unknown> {
  const { kind, ...rest } = answer;
  if (kind === 'unavailable') throw new Error('the directory behind the reference server is unavailable');
  return { outcome: kind, ...rest };
}
