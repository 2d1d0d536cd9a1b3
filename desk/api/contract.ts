// What the desk API answers with: the one description of its JSON, used by the server's services
// and by the console (desk-console/src/types.ts). Types only and no imports, so the browser build
// can read it without any server module.

/** What every listing and page of a case starts with. */
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

export type EvidenceSummary = { kind: string; display: string; matched: boolean | null };

/** A waiting case in the queue. */
export type QueueItem = {
  id: string;
  number: number;
  type: string;
  locale: string;
  createdAt: string;
  waitingSeconds: number;
  evidence: EvidenceSummary[];
  /** How many pieces matched, of how many: the queue's one-glance summary. */
  evidenceMatched: number;
  evidenceTotal: number;
};

/** What the desk shows of a case's account; never a password or its hash. */
export type AccountView = {
  id: string;
  /** False until a piece of evidence matched this account: then every field is masked (SPEC §6). */
  revealed: boolean;
  loginId: string;
  email: string;
  emailConfirmed: boolean;
  phone: string | null;
  country: string;
  status: string;
  social: string | null;
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
  /** The requesting operator's note for the supervisor (digit runs masked). */
  requestNote: string | null;
  requestedById: string;
  holdUntil: string | null;
  cancelReason: string | null;
  createdAt: string;
  appliedAt: string | null;
  cancelledAt: string | null;
};

export type TranscriptLineView = {
  id: string;
  direction: string;
  /** Redacted when stored; returned as data, exactly as stored: the console escapes it. */
  text: string;
  createdAt: string;
  operator: { id: string; displayName: string } | null;
};

/** Everything the case page shows (SPEC §6). */
export type CaseView = CaseHeader & {
  resolution: string | null;
  claimedBy: { id: string; displayName: string } | null;
  requestedEmail: string | null;
  blockStatus: string | null;
  evidence: { id: string; kind: string; display: string; matched: boolean | null; matchesAccount: boolean; createdAt: string }[];
  accountProven: boolean;
  twoIndependentMatches: boolean;
  account: AccountView | null;
  /** The case is about an account but the marketplace's directory did not answer: `account` is null for now. */
  accountUnavailable: boolean;
  /** What the bot is waiting for the shopper to answer, for an operator's evidence request. */
  evidenceRequest: string | null;
  emailChanges: EmailChangeView[];
  transcript: TranscriptLineView[];
};

/** What an operator's message or evidence request did: the lines written, and whether the shopper's chat took them. */
export type DeliveryView = {
  delivered: boolean;
  lines: { direction: 'OUT' | 'OPERATOR'; text: string; operatorId: string | null; createdAt: string }[];
};

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

// What the event stream (/desk/api/events) carries besides `ready` and `signedOut`.

/** What changed in the queue; the console refreshes the list or shows a notification. */
export type QueueEvent = {
  type: 'queue';
  change: 'opened' | 'claimed' | 'released' | 'reassigned' | 'closed';
  caseId: string;
  caseNumber: number;
  caseType: string;
  locale: string;
  /** Who holds the case after the change, if anyone: that operator gets the case's own events. */
  claimedById: string | null;
};

/** A new line in a held case's transcript: the shopper's message or the bot's answer to it. */
export type MessageEvent = {
  type: 'message';
  caseId: string;
  claimedById: string | null;
  line: { direction: string; text: string; createdAt: string };
};

/** Something on a held case changed (evidence checked, email change moved on): the console reloads the case. */
export type CaseEvent = {
  type: 'case';
  caseId: string;
  claimedById: string | null;
  change: 'evidence' | 'emailChange' | 'status';
};

export type DeskEvent = QueueEvent | MessageEvent | CaseEvent;
