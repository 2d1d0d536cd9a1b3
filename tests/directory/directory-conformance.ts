// One suite for every adapter of the directory port (core/directory/directory.ts), as botbuilder's
// storageBaseTests are for its Storage adapters: each adapter's test file calls it with a way to
// stand the adapter up over CONFORMANCE_SNAPSHOT. What a marketplace's implementation of the HTTP
// contract must do is what these tests say the embedded directory does.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryError, type Directory, type DirectoryAccount } from '../../core/directory/directory.js';
import type { DirectoryUnderTest } from '../helpers/directory-under-test.js';
import { PASSWORD } from './conformance-snapshot.js';

const DAY = 86_400_000;
const day = (iso: string) => ({ from: new Date(Date.parse(`${iso}T00:00:00Z`) - DAY), to: new Date(Date.parse(`${iso}T00:00:00Z`) + 2 * DAY) });
const key = (what: string) => `conformance:${what}:${randomUUID()}`;

export function directoryConformance(name: string, standUp: () => Promise<DirectoryUnderTest>): void {
  describe(`the directory port, ${name}`, () => {
    let under: DirectoryUnderTest;
    let directory: Directory;

    beforeAll(async () => {
      under = await standUp();
      directory = under.directory;
    });
    afterAll(() => under.close());

    const refOf = async (orderNumber: string): Promise<string> => {
      const found = await directory.findByOrder(orderNumber);
      if (found.kind !== 'found') throw new Error(`order ${orderNumber} not found`);
      return found.account.ref;
    };
    const accountByEmail = async (email: string): Promise<DirectoryAccount> => {
      const found = await directory.findByEmail(email);
      if (found.kind !== 'found') throw new Error(`no live account uses ${email}`);
      return found.account;
    };

    describe('finding by order number', () => {
      it('gives the account the order belongs to, as its public view with a reference to it', async () => {
        const found = await directory.findByOrder('8200000000000001');
        expect(found).toEqual({
          kind: 'found',
          account: {
            ref: expect.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/),
            loginId: 'ru2000000001',
            email: 'Vera.Lookup@Example.com',
            emailConfirmed: true,
            status: 'ACTIVE',
            social: null,
            country: 'RU',
            phone: '+79161234567',
          },
        });
        expect(JSON.stringify(found)).not.toMatch(/password|hash|scrypt|427601|1520/i);
      });

      it('any order of the account leads to the same reference, and the reference to the same account', async () => {
        const ref = await refOf('8200000000000001');
        expect(await refOf('8200000000000002')).toBe(ref);
        expect(await directory.getAccount(ref)).toEqual(await directory.findByOrder('8200000000000001'));
      });

      it('finds a DELETED account too: the shopper is told it cannot be restored', async () => {
        expect(await directory.findByOrder('8200000000000005')).toMatchObject({ kind: 'found', account: { loginId: 'ua2000000005', status: 'DELETED' } });
      });

      it('answers notFound for an order nobody made', async () => {
        expect(await directory.findByOrder('8299999999999999')).toEqual({ kind: 'notFound' });
      });
    });

    describe('finding by card payment', () => {
      const vera = { bin: '427601', last4: '1111', amountMinor: 152050 };

      it('finds the account of a payment on that card, of that amount, within the window', async () => {
        const found = await directory.findByCardPayment({ ...vera, paidWithin: [day('2026-10-01')] });
        expect(found).toMatchObject({ kind: 'found', account: { loginId: 'ru2000000001' }, parts: { card: true, amount: true, date: true } });
      });

      it('the window is the day before to the day after; a payment outside every window does not match', async () => {
        expect(await directory.findByCardPayment({ ...vera, paidWithin: [day('2026-10-02')] })).toMatchObject({ kind: 'found' });
        expect(await directory.findByCardPayment({ ...vera, paidWithin: [day('2026-09-30')] })).toMatchObject({ kind: 'found' });
        expect(await directory.findByCardPayment({ ...vera, paidWithin: [day('2026-10-03'), day('2026-09-28')] })).toEqual({
          kind: 'notFound',
          parts: { card: true, amount: true, date: false },
        });
        // `to` is exclusive: a window ending at the very instant of the payment misses it.
        const paidAt = new Date('2026-10-01T10:00:00Z');
        expect(await directory.findByCardPayment({ ...vera, paidWithin: [{ from: new Date(paidAt.getTime() - DAY), to: paidAt }] })).toMatchObject({ kind: 'notFound' });
        expect(await directory.findByCardPayment({ ...vera, paidWithin: [{ from: paidAt, to: new Date(paidAt.getTime() + 1) }] })).toMatchObject({ kind: 'found' });
      });

      it('says which parts matched when the whole did not: the card, the amount, the date', async () => {
        expect(await directory.findByCardPayment({ ...vera, amountMinor: 152051, paidWithin: [day('2026-10-01')] })).toEqual({
          kind: 'notFound',
          parts: { card: true, amount: false, date: false },
        });
        expect(await directory.findByCardPayment({ ...vera, last4: '9999', paidWithin: [day('2026-10-01')] })).toEqual({
          kind: 'notFound',
          parts: { card: false, amount: false, date: false },
        });
      });

      it('a payment by wallet is not a card payment', async () => {
        const wallet = await directory.findByCardPayment({ bin: '427601', last4: '1111', amountMinor: 9900, paidWithin: [day('2026-09-12')] });
        expect(wallet).toEqual({ kind: 'notFound', parts: { card: true, amount: false, date: false } });
      });

      it('answers ambiguous, naming nobody, when several accounts made such a payment', async () => {
        const twins = await directory.findByCardPayment({ bin: '220220', last4: '2222', amountMinor: 70000, paidWithin: [day('2026-08-20')] });
        expect(twins).toEqual({ kind: 'ambiguous', parts: { card: true, amount: true, date: true } });
      });
    });

    describe('finding by email', () => {
      it('compares the address without case or surrounding spaces', async () => {
        expect(await directory.findByEmail('  vera.lookup@EXAMPLE.com ')).toMatchObject({ kind: 'found', account: { loginId: 'ru2000000001' } });
      });

      it('never finds a DELETED account: of a deleted and a live account with one mailbox, the live one', async () => {
        expect(await directory.findByEmail('shared.box@example.com')).toMatchObject({ kind: 'found', account: { loginId: 'ua2000000006', status: 'ACTIVE' } });
        expect(await directory.findByEmail('gone.address@example.com')).toEqual({ kind: 'notFound' });
      });

      it('answers notFound for an address nobody uses', async () => {
        expect(await directory.findByEmail('nobody.at.all@example.net')).toEqual({ kind: 'notFound' });
      });
    });

    describe('reading an account', () => {
      it('shows a social-login account with its network', async () => {
        const social = await accountByEmail('k9x1@aliexpress.com');
        expect(social).toMatchObject({ social: 'vk', phone: null });
      });

      it('reads the status alone', async () => {
        const blocked = await accountByEmail('temp.block@example.com');
        expect(await directory.readStatus(blocked.ref)).toEqual({ kind: 'found', status: 'TEMP_BLOCKED' });
      });

      it('answers notFound for a reference it never gave out', async () => {
        expect(await directory.getAccount('no-such.account~0')).toEqual({ kind: 'notFound' });
        expect(await directory.readStatus('no-such.account~0')).toEqual({ kind: 'notFound' });
      });
    });

    describe('setting a password', () => {
      it('the new password works at sign-in and the old one no longer does', async () => {
        const account = await accountByEmail('reset.me@example.com');
        const answer = await directory.setPassword(account.ref, { password: 'Violet kettle hums at dawn 71', idempotencyKey: key('password') });
        expect(answer).toEqual({ kind: 'done', account, before: { email: account.email, emailConfirmed: true, status: 'ACTIVE' } });
        expect(await under.signsIn('pl2000000007', 'Violet kettle hums at dawn 71')).toBe(true);
        expect(await under.signsIn('pl2000000007', PASSWORD)).toBe(false);
      });

      it('the same key again answers the same and changes nothing more', async () => {
        const account = await accountByEmail('reset.me@example.com');
        const k = key('password-retry');
        const first = await directory.setPassword(account.ref, { password: 'Amber river sings 2026 loud', idempotencyKey: k });
        const again = await directory.setPassword(account.ref, { password: 'Some other password 99 here', idempotencyKey: k });
        expect(again).toEqual(first);
        expect(await under.signsIn('pl2000000007', 'Amber river sings 2026 loud')).toBe(true);
        expect(await under.signsIn('pl2000000007', 'Some other password 99 here')).toBe(false);
      });

      it('is refused for a DELETED account, whose password stays; notFound for an unknown one', async () => {
        const deletedRef = await refOf('8200000000000005');
        expect(await directory.setPassword(deletedRef, { password: 'Violet kettle hums at dawn 71', idempotencyKey: key('password-deleted') })).toEqual({
          kind: 'refused',
          status: 'DELETED',
        });
        expect(await under.signsIn('ua2000000005', PASSWORD)).toBe(true);
        expect(await directory.setPassword('no-such.account~0', { password: 'Violet kettle hums at dawn 71', idempotencyKey: key('password-none') })).toEqual({
          kind: 'notFound',
        });
      });

      it('refuses a key that is not 1–200 letters, digits or ._:-', async () => {
        const account = await accountByEmail('reset.me@example.com');
        await expect(directory.setPassword(account.ref, { password: 'Violet kettle hums at dawn 71', idempotencyKey: 'has spaces in it' })).rejects.toThrow(DirectoryError);
      });
    });

    describe('changing an email', () => {
      it('makes the new address the account\'s, confirmed; an UNCONFIRMED account becomes ACTIVE', async () => {
        const account = await accountByEmail('moving.out@example.com');
        const answer = await directory.changeEmail(account.ref, { email: 'Moved.In@Example.org', idempotencyKey: key('email') });
        expect(answer).toEqual({
          kind: 'done',
          account: { ...account, email: 'Moved.In@Example.org', emailConfirmed: true, status: 'ACTIVE' },
          before: { email: 'moving.out@example.com', emailConfirmed: false, status: 'UNCONFIRMED' },
        });
        expect(await directory.findByEmail('moved.in@example.org')).toMatchObject({ kind: 'found', account: { ref: account.ref } });
        expect(await directory.findByEmail('moving.out@example.com')).toEqual({ kind: 'notFound' });
      });

      it('answers taken when another live account uses the address, in any case; a DELETED account\'s address is free', async () => {
        const account = await accountByEmail('retry.change@example.com');
        expect(await directory.changeEmail(account.ref, { email: 'TAKEN.address@example.com', idempotencyKey: key('email-taken') })).toEqual({ kind: 'taken' });
        expect(await directory.getAccount(account.ref)).toEqual({ kind: 'found', account });
        const freed = await directory.changeEmail(account.ref, { email: 'gone.address@example.com', idempotencyKey: key('email-free') });
        expect(freed).toMatchObject({ kind: 'done', account: { email: 'gone.address@example.com' } });
      });

      it('a retry with the same key answers the first change and does not undo a later one', async () => {
        const account = await accountByEmail('gone.address@example.com');
        const k = key('email-retry');
        const first = await directory.changeEmail(account.ref, { email: 'first.choice@example.com', idempotencyKey: k });
        await directory.changeEmail(account.ref, { email: 'second.choice@example.com', idempotencyKey: key('email-later') });
        expect(await directory.changeEmail(account.ref, { email: 'first.choice@example.com', idempotencyKey: k })).toEqual(first);
        expect(await directory.getAccount(account.ref)).toMatchObject({ account: { email: 'second.choice@example.com' } });
      });

      it('refuses one key used for another change', async () => {
        const account = await accountByEmail('second.choice@example.com');
        const k = key('email-reused');
        await directory.changeEmail(account.ref, { email: 'third.choice@example.com', idempotencyKey: k });
        await expect(directory.changeEmail(account.ref, { email: 'fourth.choice@example.com', idempotencyKey: k })).rejects.toMatchObject({
          name: 'DirectoryError',
          code: 'IdempotencyKeyReused',
        });
      });
    });

    describe('confirming an email', () => {
      it('confirms the address and activates an UNCONFIRMED account; again, it is done with nothing to change', async () => {
        const account = await accountByEmail('not.yet@example.com');
        expect(await directory.confirmEmail(account.ref, { idempotencyKey: key('confirm') })).toEqual({
          kind: 'done',
          account: { ...account, emailConfirmed: true, status: 'ACTIVE' },
          before: { email: account.email, emailConfirmed: false, status: 'UNCONFIRMED' },
        });
        expect(await directory.confirmEmail(account.ref, { idempotencyKey: key('confirm-again') })).toMatchObject({
          kind: 'done',
          before: { emailConfirmed: true, status: 'ACTIVE' },
        });
      });

      it('is refused for a DELETED account', async () => {
        expect(await directory.confirmEmail(await refOf('8200000000000005'), { idempotencyKey: key('confirm-deleted') })).toEqual({ kind: 'refused', status: 'DELETED' });
      });
    });

    describe('lifting a block', () => {
      it('a TEMP_BLOCKED account becomes ACTIVE; lifting again is refused with the status it has', async () => {
        const account = await accountByEmail('temp.block@example.com');
        expect(await directory.liftBlock(account.ref, { from: 'TEMP_BLOCKED', idempotencyKey: key('lift') })).toEqual({
          kind: 'done',
          account: { ...account, status: 'ACTIVE' },
          before: { email: account.email, emailConfirmed: true, status: 'TEMP_BLOCKED' },
        });
        expect(await directory.liftBlock(account.ref, { from: 'TEMP_BLOCKED', idempotencyKey: key('lift-again') })).toEqual({ kind: 'refused', status: 'ACTIVE' });
      });

      it('only from the status the operator saw: an ABOLISHED account is not lifted as TEMP_BLOCKED', async () => {
        const account = await accountByEmail('abolished@example.com');
        expect(await directory.liftBlock(account.ref, { from: 'TEMP_BLOCKED', idempotencyKey: key('lift-wrong') })).toEqual({ kind: 'refused', status: 'ABOLISHED' });
        expect(await directory.readStatus(account.ref)).toEqual({ kind: 'found', status: 'ABOLISHED' });
        expect(await directory.liftBlock(account.ref, { from: 'ABOLISHED', idempotencyKey: key('lift-right') })).toMatchObject({ kind: 'done', account: { status: 'ACTIVE' } });
      });

      it('the same key sent twice at once lifts once, and both get the one answer', async () => {
        const account = await accountByEmail('double.click@example.com');
        const k = key('lift-twice');
        const [a, b] = await Promise.all([
          directory.liftBlock(account.ref, { from: 'TEMP_BLOCKED', idempotencyKey: k }),
          directory.liftBlock(account.ref, { from: 'TEMP_BLOCKED', idempotencyKey: k }),
        ]);
        expect(a).toEqual(b);
        expect(a).toMatchObject({ kind: 'done', before: { status: 'TEMP_BLOCKED' } });
      });

      it('answers notFound for an unknown account', async () => {
        expect(await directory.liftBlock('no-such.account~0', { from: 'TEMP_BLOCKED', idempotencyKey: key('lift-none') })).toEqual({ kind: 'notFound' });
      });
    });
  });
}
