import { maskEmail } from '../../core/text/mask-email.js';
import type { EmailChangeView } from '../api/contract.js';

export type { EmailChangeView };

export type EmailChangeRow = {
  id: string;
  caseId: string;
  newEmail: string;
  state: string;
  approval: string | null;
  approverId: string | null;
  approvalReason: string | null;
  requestNote: string | null;
  requestedById: string;
  holdUntil: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  appliedAt: Date | null;
  cancelledAt: Date | null;
};

export function toEmailChangeView(row: EmailChangeRow): EmailChangeView {
  return {
    id: row.id,
    caseId: row.caseId,
    newEmail: row.newEmail,
    newEmailMasked: maskEmail(row.newEmail),
    state: row.state,
    approval: row.approval,
    approverId: row.approverId,
    approvalReason: row.approvalReason,
    requestNote: row.requestNote,
    requestedById: row.requestedById,
    holdUntil: row.holdUntil?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  };
}
