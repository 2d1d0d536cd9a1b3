const MAX_WATERMARK = 1_000_000_000;

/**
 * A client's watermark: the position of the last activity it has. Missing or empty means from the
 * start (a new client, or Web Chat after a reload); anything but a small non-negative integer is
 * refused (null).
 */
export function parseWatermark(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw === '') return 0;
  if (!/^\d{1,10}$/.test(raw)) return null;
  const value = Number(raw);
  return value <= MAX_WATERMARK ? value : null;
}
