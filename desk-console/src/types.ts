// The shapes the desk API answers with: the server's own contract (desk/api/contract.ts, types
// only, no imports), plus what only the console needs.
import type { EmailChangeView, TranscriptLineView } from '../../desk/api/contract.js';

export type {
  AccountView,
  AuditEntry,
  AuditPage,
  CaseEvent,
  CaseHeader,
  CaseListItem,
  CaseView,
  DeskEvent,
  EvidenceSummary,
  MessageEvent,
  QueueEvent,
  QueueItem,
} from '../../desk/api/contract.js';
export type EmailChange = EmailChangeView;
export type TranscriptLine = TranscriptLineView;

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

export type Delivery = { delivered: boolean; lines: TranscriptLine[] };
