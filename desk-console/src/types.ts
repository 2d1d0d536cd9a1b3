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

// The product's vocabulary and the reject reasons come from the server's own import-free modules.
export { CASE_STATUSES, CASE_TYPES, isLocale as isLanguage, LOCALES as LANGUAGES, type Locale as Language } from '../../core/domain.js';
export { REJECT_REASONS } from '../../desk/cases/reject-reasons.js';
export const EVIDENCE_REQUEST_KINDS = ['ORDER_NUMBER', 'CARD', 'ORDER_DETAILS'] as const;

export type Operator = {
  id: string;
  email: string;
  displayName: string;
  role: 'AGENT' | 'SUPERVISOR';
  languages: string[];
  active: boolean;
};

export type Me = { operator: Operator; csrfToken: string; expiresAt: string; devOutbox?: boolean; maxMessageLength?: number };

export type { DeliveryView as Delivery } from '../../desk/api/contract.js';
