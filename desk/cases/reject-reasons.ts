/**
 * The reasons an operator may reject a case with. Each is a text in the bot's locale files
 * (`desk.rejectReasons.<reason>`), so the shopper reads it in their own language whatever the
 * operator speaks.
 */
export const REJECT_REASONS = ['notEnoughEvidence', 'evidenceMismatch', 'accountNotEligible', 'duplicateRequest', 'outOfScope'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
