// The shapes the desk API answers with (ARCHITECTURE.md "Desk API"). Written out here rather
// than imported: the console is built for the browser and must not pull in server modules.

export const LANGUAGES = ['ru', 'uk', 'pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CASE_TYPES = ['EMAIL_CHANGE_LOCKED_MAILBOX', 'UNBLOCK', 'ACCOUNT_NOT_FOUND', 'OTHER_PAYMENT_METHOD', 'GENERAL'] as const;
export const CASE_STATUSES = ['WAITING', 'CLAIMED', 'RESOLVED', 'REJECTED'] as const;
export const EVIDENCE_REQUEST_KINDS = ['ORDER_NUMBER', 'CARD', 'ORDER_DETAILS'] as const;
export const REJECT_REASONS = ['notEnoughEvidence', 'evidenceMismatch', 'accountNotEligible', 'duplicateRequest', 'outOfScope'] as const;

export type Operator = {
  id: string;
  email: string;
  displayName: string;
  role: 'AGENT' | 'SUPERVISOR';
  languages: string[];
  active: boolean;
};

export type Me = { operator: Operator; csrfToken: string; expiresAt: string; devOutbox?: boolean; maxMessageLength?: number };

export type EvidenceSummary = { kind: string; display: string; matched: boolean | null };

export type QueueItem = {
  id: string;
  number: number;
  type: string;
  locale: string;
  createdAt: string;
  waitingSeconds: number;
  evidence: EvidenceSummary[];
  evidenceMatched: number;
  evidenceTotal: number;
};

export type CaseHeader = {
  id: string;
  number: number;
  type: string;
  status: string;
  locale: string;
  createdAt: string;
  claimedAt: string | null;
  closedAt: string | null;
};

export type CaseListItem = CaseHeader & { claimedBy: { id: string; displayName: string } | null };

export type AccountView = {
  id: string;
  revealed: boolean;
  loginId: string;
  email: string;
  emailConfirmed: boolean;
  phone: string | null;
  country: string;
  status: string;
  social: string | null;
};

export type EmailChange = {
  id: string;
  caseId: string;
  newEmail: string;
  newEmailMasked: string;
  state: string;
  approval: string | null;
  approverId: string | null;
  approvalReason: string | null;
  requestNote?: string | null;
  requestedById: string;
  holdUntil: string | null;
  cancelReason: string | null;
  createdAt: string;
  appliedAt: string | null;
  cancelledAt: string | null;
};

export type TranscriptLine = {
  id: string;
  direction: string;
  text: string;
  createdAt: string;
  operator: { id: string; displayName: string } | null;
};

export type CaseView = CaseHeader & {
  resolution: string | null;
  claimedBy: { id: string; displayName: string } | null;
  requestedEmail: string | null;
  blockStatus: string | null;
  evidence: { id: string; kind: string; display: string; matched: boolean | null; matchesAccount: boolean; createdAt: string }[];
  accountProven: boolean;
  twoIndependentMatches: boolean;
  account: AccountView | null;
  evidenceRequest: string | null;
  emailChanges: EmailChange[];
  transcript: TranscriptLine[];
};

export type Delivery = { delivered: boolean; lines: TranscriptLine[] };

export type AuditEntry = {
  id: string;
  createdAt: string;
  actorType: string;
  actor: { id: string; displayName: string } | null;
  action: string;
  caseId: string | null;
  caseNumber: number | null;
  accountId: string | null;
  before: unknown;
  after: unknown;
};

export type AuditPage = { events: AuditEntry[]; next: string | null };

export type QueueEvent = { type: 'queue'; change: 'opened' | 'claimed' | 'released' | 'reassigned' | 'closed'; caseId: string; caseNumber: number; caseType: string; locale: string; claimedById: string | null };
export type MessageEvent = { type: 'message'; caseId: string; claimedById: string | null; line: { direction: string; text: string; createdAt: string } };
export type CaseEvent = { type: 'case'; caseId: string; claimedById: string | null; change: 'evidence' | 'emailChange' | 'status' };
export type DeskEvent = QueueEvent | MessageEvent | CaseEvent;
