import type { Directory } from '../directory/directory.js';

/**
 * Whether another live account uses this address, or the directory did not answer. A DELETED
 * account's mailbox is free: SPEC §4.4 tells its owner to register anew with the same mailbox.
 * A check ahead of a change, to answer early; the directory checks again when it changes.
 */
export async function isEmailTaken(directory: Directory, email: string, exceptAccountId: string): Promise<boolean | 'unavailable'> {
  const found = await directory.findByEmail(email);
  if (found.kind === 'unavailable') return 'unavailable';
  return found.kind === 'found' && found.account.ref !== exceptAccountId;
}
