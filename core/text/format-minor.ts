/** An amount in minor units as a plain decimal, the way evidence shows it: 152050 → "1520.50". */
export function formatMinor(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
