/**
 * A clock that never returns the same millisecond twice. Web Chat orders a conversation by the
 * activities' timestamps; two replies stamped in the same millisecond could swap places.
 */
export function monotonicClock(now: () => Date): () => Date {
  let last = 0;
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last);
  };
}
