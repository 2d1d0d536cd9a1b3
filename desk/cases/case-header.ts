import type { CaseHeader } from '../api/contract.js';

export type CaseHeaderRow = {
  id: string;
  number: number;
  type: string;
  status: string;
  locale: string;
  createdAt: Date;
  claimedAt: Date | null;
  closedAt: Date | null;
};

export function toCaseHeader(row: CaseHeaderRow): CaseHeader {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    claimedAt: row.claimedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
