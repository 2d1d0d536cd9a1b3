import { maskEmail } from '../../core/text/mask-email.js';

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

/** An email change as the console shows it. The new address is the shopper's own; it is shown. */
export type EmailChangeView = {
  id: string;
  caseId: string;
  newEmail: string;
  newEmailMasked: string;
  state: string;
  approval: string | null;
  approverId: string | null;
  approvalReason: string | null;
  /** The requesting operator's note for the supervisor, card-number-like digit runs masked. */
  requestNote: string | null;
  requestedById: string;
  holdUntil: string | null;
  cancelReason: string | null;
  createdAt: string;
  appliedAt: string | null;
  cancelledAt: string | null;
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
