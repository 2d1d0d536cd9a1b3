import { describe, expect, it } from 'vitest';
import type { Snapshot } from 'xstate';
import type { AccountStatus } from '../../core/domain.js';
import { PROMPTS } from '../../flows/recovery/prompts.js';
import type { RecoveryEvent, VerifyOutcome } from '../../flows/recovery/types.js';
import {
  ACCOUNT,
  ACCOUNT_EMAIL,
  CASE,
  GOOD_CODE,
  MASKED_NEW_EMAIL,
  NEW_EMAIL,
  NEW_PASSWORD,
  ORDER_EVIDENCE,
  PASSWORD_REJECTIONS,
  UNKNOWN_EMAIL,
  WRONG_CODE,
  answer,
  event,
  flowAt,
  keys,
  outcome,
  sequence,
  startFlow,
  statePath,
  type ActorId,
  type Flow,
  type FlowOptions,
} from './recovery-harness.js';

/** Self-service (SPEC §4): password reset, email change with the old mailbox, blocked accounts by an email code. */

const FORGOT_PASSWORD: RecoveryEvent = { type: 'CHOOSE', option: 'forgotPassword' };
const TO_RESET_EMAIL: RecoveryEvent[] = [FORGOT_PASSWORD, { type: 'YES' }];
const TO_RESET_CODE: RecoveryEvent[] = [...TO_RESET_EMAIL, event.email(ACCOUNT_EMAIL)];
const TO_NEW_PASSWORD: RecoveryEvent[] = [...TO_RESET_CODE, event.code()];
const TO_REPEAT_PASSWORD: RecoveryEvent[] = [...TO_NEW_PASSWORD, event.password()];
/** Forgot account → has orders → has the order number → the (matching) order number. */
const TO_ORDER_MATCH: RecoveryEvent[] = [{ type: 'CHOOSE', option: 'forgotAccount' }, { type: 'YES' }, { type: 'YES' }, event.orderNumber()];
const TO_CURRENT_EMAIL: RecoveryEvent[] = [{ type: 'CHOOSE', option: 'changeEmail' }, { type: 'YES' }];
const TO_NEW_ADDRESS: RecoveryEvent[] = [...TO_CURRENT_EMAIL, event.email(ACCOUNT_EMAIL), event.code()];
const TO_BLOCKED_CODE: RecoveryEvent[] = [{ type: 'CHOOSE', option: 'blocked' }, event.email(ACCOUNT_EMAIL)];

const SENT_IF_EXISTS = [{ key: 'code.sentIfExists' }, PROMPTS.askCode];
const SENT_TO_ACCOUNT = [{ key: 'code.sentToAccount', params: { email: ACCOUNT.maskedEmail } }, PROMPTS.askCode];
const TECHNICAL = [{ key: 'common.technicalProblem' }, PROMPTS.menu];
const FOUND = { key: 'retrieval.found', params: { loginId: ACCOUNT.loginId, email: ACCOUNT.maskedEmail } };
const QUEUED = { key: 'handoff.queued', params: { caseNumber: CASE.caseNumber, count: CASE.position } };

/** Asserts that none of the given actors was invoked: the step must not reach them. */
function untouched(flow: Flow, ...ids: ActorId[]) {
  for (const id of ids) expect(flow.fakes[id], `${id} is not called`).not.toHaveBeenCalled();
}

describe('password reset by email (SPEC §4.1)', () => {
  it('from the menu: email → code → new password twice → changed, back to the menu', async () => {
    const flow = startFlow({ locale: 'uk' });
    flow.take();
    expect(await flow.send(FORGOT_PASSWORD)).toEqual([PROMPTS.forgotPasswordRemembersEmail]);
    expect(await flow.send({ type: 'YES' })).toEqual([PROMPTS.resetAskEmail]);
    expect(flow.at()).toBe('passwordReset.askEmail');

    expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual(SENT_IF_EXISTS);
    expect(flow.fakes.startChallenge).toHaveBeenCalledTimes(1);
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith({
      purpose: 'PASSWORD_RESET',
      locale: 'uk',
      email: ACCOUNT_EMAIL,
      accountRef: null,
      newEmail: null,
    });
    expect(flow.at()).toBe('codeCheck.askCode');
    expect(flow.actor.getSnapshot().hasTag('expect:code')).toBe(true);
    expect(flow.context()).toMatchObject({ codePurpose: 'PASSWORD_RESET', pendingEmail: ACCOUNT_EMAIL, account: null });

    expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
    expect(flow.fakes.verifyCode).toHaveBeenCalledWith({ purpose: 'PASSWORD_RESET', code: GOOD_CODE });
    expect(flow.at()).toBe('passwordReset.askNew');
    expect(flow.actor.getSnapshot().hasTag('expect:password')).toBe(true);
    expect(flow.context().account).toEqual(ACCOUNT);

    expect(await flow.send(event.password())).toEqual([PROMPTS.askRepeatPassword]);
    expect(flow.fakes.setPendingPassword).toHaveBeenCalledWith({ password: NEW_PASSWORD });
    expect(flow.at()).toBe('passwordReset.askRepeat');
    expect(flow.actor.getSnapshot().hasTag('expect:password')).toBe(true);
    untouched(flow, 'confirmNewPassword');

    expect(await flow.send(event.password())).toEqual([{ key: 'password.changed' }, PROMPTS.menu]);
    expect(flow.fakes.confirmNewPassword).toHaveBeenCalledTimes(1);
    expect(flow.fakes.confirmNewPassword).toHaveBeenCalledWith({ password: NEW_PASSWORD, locale: 'uk' });
    expect(flow.at()).toBe('menu');
    expect(flow.context()).toMatchObject({ codePurpose: null, pendingEmail: null });
    untouched(flow, 'openCase', 'resendCode', 'lookupOrder');
  });

  // SPEC §4.1 / §8: no account enumeration. The real startChallenge answers `sent` for an
  // unknown address too (it stores a challenge without an account and sends nothing).
  it('the code-sent answer is the same whether or not an account uses the typed address, and does not repeat it', async () => {
    const knows = async ({ email }: { email: string | null }) => {
      expect([ACCOUNT_EMAIL, UNKNOWN_EMAIL]).toContain(email);
      return answer.challenge.sent();
    };
    const known = await flowAt(TO_RESET_EMAIL, { impl: { startChallenge: knows } });
    const unknown = await flowAt(TO_RESET_EMAIL, { impl: { startChallenge: knows } });
    const saidKnown = await known.send(event.email(ACCOUNT_EMAIL));
    const saidUnknown = await unknown.send(event.email(UNKNOWN_EMAIL));
    expect(saidKnown).toEqual(SENT_IF_EXISTS);
    expect(saidUnknown).toEqual(saidKnown);
    expect(JSON.stringify(saidKnown)).not.toContain(ACCOUNT_EMAIL);
    expect(JSON.stringify(saidUnknown)).not.toContain(UNKNOWN_EMAIL);
    expect(unknown.at()).toBe(known.at());
    expect(unknown.fakes.startChallenge).toHaveBeenCalledWith(expect.objectContaining({ email: UNKNOWN_EMAIL, accountRef: null }));

    // Any code for the unknown address is just wrong, exactly as a wrong code for a real one.
    unknown.fakes.verifyCode.mockResolvedValueOnce(answer.verify.wrong(4));
    known.fakes.verifyCode.mockResolvedValueOnce(answer.verify.wrong(4));
    expect(await unknown.send(event.code())).toEqual(await known.send(event.code(WRONG_CODE)));
  });

  it('from the retrieval tree: no orders → remembers the email → the same reset', async () => {
    const flow = await flowAt([{ type: 'CHOOSE', option: 'forgotAccount' }, { type: 'NO' }]);
    expect(flow.at()).toBe('retrieval.askRemembersEmail');
    expect(await flow.send({ type: 'YES' })).toEqual([PROMPTS.resetAskEmail]);
    expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual(SENT_IF_EXISTS);
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith({
      purpose: 'PASSWORD_RESET',
      locale: 'en',
      email: ACCOUNT_EMAIL,
      accountRef: null,
      newEmail: null,
    });
    expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
    expect(await flow.sendAll([event.password(), event.password()])).toEqual([
      PROMPTS.askRepeatPassword,
      { key: 'password.changed' },
      PROMPTS.menu,
    ]);
  });

  it.each([{ type: 'YES' }, { type: 'RESET_PASSWORD' }] as const)(
    'from a retrieval match ($type): the code goes to the proven account, named masked, then the new password',
    async (ev) => {
      const flow = await flowAt(TO_ORDER_MATCH, { locale: 'pl', impl: { lookupOrder: async () => outcome.match() } });
      expect(flow.at()).toBe('retrieval.matchedActive');
      const said = await flow.send(ev);
      expect(said).toEqual(SENT_TO_ACCOUNT);
      expect(JSON.stringify(said)).not.toContain(ACCOUNT_EMAIL);
      expect(flow.fakes.startChallenge).toHaveBeenCalledWith({
        purpose: 'PASSWORD_RESET',
        locale: 'pl',
        email: null,
        accountRef: ACCOUNT.ref,
        newEmail: null,
      });
      expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
      expect(flow.fakes.verifyCode).toHaveBeenCalledWith({ purpose: 'PASSWORD_RESET', code: GOOD_CODE });
      expect(await flow.send(event.password())).toEqual([PROMPTS.askRepeatPassword]);
      expect(await flow.send(event.password())).toEqual([{ key: 'password.changed' }, PROMPTS.menu]);
      expect(flow.fakes.confirmNewPassword).toHaveBeenCalledWith({ password: NEW_PASSWORD, locale: 'pl' });
      untouched(flow, 'openCase');
    },
  );

  it('after a card match the code also goes to the proven account', async () => {
    const flow = await flowAt(
      [{ type: 'CHOOSE', option: 'forgotAccount' }, { type: 'YES' }, { type: 'NO' }, { type: 'PAYMENT', method: 'CARD' }, event.cardDigits(), event.amount(), event.date()],
      { impl: { lookupCard: async () => outcome.match() } },
    );
    expect(flow.at()).toBe('retrieval.matchedActive');
    expect(await flow.send({ type: 'YES' })).toEqual(SENT_TO_ACCOUNT);
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith(expect.objectContaining({ email: null, accountRef: ACCOUNT.ref }));
  });

  describe('the code', () => {
    it('a wrong code says how many attempts are left and asks again; the right one then goes on', async () => {
      const flow = await flowAt(TO_RESET_CODE, {
        impl: { verifyCode: sequence<VerifyOutcome>([answer.verify.wrong(4), answer.verify.wrong(1), answer.verify.ok()]) },
      });
      expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.wrong', params: { count: 4 } }, PROMPTS.askCode]);
      expect(flow.at()).toBe('codeCheck.askCode');
      expect(await flow.send(event.code('111111'))).toEqual([{ key: 'code.wrong', params: { count: 1 } }, PROMPTS.askCode]);
      expect(flow.fakes.verifyCode.mock.calls.map((c) => c[0])).toEqual([
        { purpose: 'PASSWORD_RESET', code: WRONG_CODE },
        { purpose: 'PASSWORD_RESET', code: '111111' },
      ]);
      expect(flow.context().account).toBeNull();
      untouched(flow, 'setPendingPassword');
      expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
      expect(flow.at()).toBe('passwordReset.askNew');
    });

    it('an expired code → says so and asks again; a resent code then works', async () => {
      const flow = await flowAt(TO_RESET_CODE, { impl: { verifyCode: sequence<VerifyOutcome>([answer.verify.expired(), answer.verify.ok()]) } });
      expect(await flow.send(event.code())).toEqual([{ key: 'code.expired' }, PROMPTS.askCode]);
      expect(flow.at()).toBe('codeCheck.askCode');
      expect(await flow.send(event.resend())).toEqual([{ key: 'code.resent' }, PROMPTS.askCode]);
      expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
    });

    // The code check has no open challenge (e.g. it was voided and its cool-down is over):
    // the shopper is told the code no longer works and pointed at the resend button.
    it('no open challenge when verifying → "no longer valid", asks again (the resend then starts over)', async () => {
      const flow = await flowAt(TO_RESET_CODE, {
        impl: { verifyCode: async () => answer.verify.noChallenge(), resendCode: async () => answer.resend.noChallenge() },
      });
      expect(await flow.send(event.code())).toEqual([{ key: 'code.expired' }, PROMPTS.askCode]);
      expect(flow.at()).toBe('codeCheck.askCode');
      expect(await flow.send(event.resend())).toEqual([{ key: 'code.startAgain' }, PROMPTS.menu]);
      expect(flow.at()).toBe('menu');
    });

    it('too many wrong codes → paused for N minutes, operator offered; yes → a GENERAL case', async () => {
      const flow = await flowAt(TO_RESET_CODE, { impl: { verifyCode: async () => answer.verify.locked(15) } });
      expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.locked', params: { count: 15 } }, PROMPTS.codeLocked]);
      expect(flow.at()).toBe('codeCheck.locked');
      expect(flow.actor.getSnapshot().hasTag('expect:yesNo')).toBe(true);
      untouched(flow, 'setPendingPassword', 'openCase');

      expect(await flow.send({ type: 'YES' })).toEqual([QUEUED]);
      expect(flow.fakes.openCase).toHaveBeenCalledTimes(1);
      expect(flow.fakes.openCase).toHaveBeenCalledWith({
        type: 'GENERAL',
        locale: 'en',
        evidence: [],
        accountRef: null,
        blockStatus: null,
        requestedEmail: null,
      });
      expect(flow.at()).toBe('handoff.queued');
    });

    it('locked, the operator button → the same GENERAL case', async () => {
      const flow = await flowAt([...TO_RESET_CODE, event.code(WRONG_CODE)], { impl: { verifyCode: async () => answer.verify.locked(15) } });
      expect(flow.at()).toBe('codeCheck.locked');
      expect(await flow.send({ type: 'OPERATOR' })).toEqual([QUEUED]);
      expect(flow.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'GENERAL', accountRef: null }));
    });

    it('locked for a proven account → the case carries the account and its evidence', async () => {
      const flow = await flowAt([...TO_ORDER_MATCH, { type: 'YES' }], {
        impl: { lookupOrder: async () => outcome.match(), verifyCode: async () => answer.verify.locked(1) },
      });
      expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.locked', params: { count: 1 } }, PROMPTS.codeLocked]);
      await flow.send({ type: 'YES' });
      expect(flow.fakes.openCase).toHaveBeenCalledWith({
        type: 'GENERAL',
        locale: 'en',
        evidence: [{ ...ORDER_EVIDENCE, matched: true }],
        accountRef: ACCOUNT.ref,
        blockStatus: null,
        requestedEmail: null,
      });
    });

    it('locked → no: back to the menu without a case', async () => {
      const flow = await flowAt([...TO_RESET_CODE, event.code(WRONG_CODE)], { impl: { verifyCode: async () => answer.verify.locked() } });
      expect(await flow.send({ type: 'NO' })).toEqual([PROMPTS.menu]);
      expect(flow.at()).toBe('menu');
      untouched(flow, 'openCase');
    });

    it('the code start itself is locked (cool-down) → the same pause and operator offer, nothing to verify', async () => {
      const flow = await flowAt(TO_RESET_EMAIL, { impl: { startChallenge: async () => answer.challenge.locked(9) } });
      expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual([{ key: 'code.locked', params: { count: 9 } }, PROMPTS.codeLocked]);
      expect(flow.at()).toBe('codeCheck.locked');
      untouched(flow, 'verifyCode');
    });

    it('the first letter cannot be sent → says so, still asks for the code; a resend then goes out', async () => {
      const flow = await flowAt(TO_RESET_EMAIL, { impl: { startChallenge: async () => answer.challenge.mailFailed() } });
      expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual([{ key: 'mail.failed' }, PROMPTS.askCode]);
      expect(flow.at()).toBe('codeCheck.askCode');
      expect(await flow.send(event.resend())).toEqual([{ key: 'code.resent' }, PROMPTS.askCode]);
      expect(flow.fakes.resendCode).toHaveBeenCalledWith({ purpose: 'PASSWORD_RESET', locale: 'en' });
      expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
    });

    it.each([
      ['sent', answer.resend.sent(), [{ key: 'code.resent' }, PROMPTS.askCode], 'codeCheck.askCode'],
      ['tooSoon', answer.resend.tooSoon(42), [{ key: 'code.tooSoon', params: { count: 42 } }, PROMPTS.askCode], 'codeCheck.askCode'],
      ['limitReached', answer.resend.limitReached(), [{ key: 'code.resendLimit' }, PROMPTS.askCode], 'codeCheck.askCode'],
      ['mailFailed', answer.resend.mailFailed(), [{ key: 'mail.failed' }, PROMPTS.askCode], 'codeCheck.askCode'],
      ['noChallenge', answer.resend.noChallenge(), [{ key: 'code.startAgain' }, PROMPTS.menu], 'menu'],
    ] as const)('resend → %s', async (_, resent, said, state) => {
      const flow = await flowAt(TO_RESET_CODE, { locale: 'ru', impl: { resendCode: async () => resent } });
      expect(await flow.send(event.resend())).toEqual(said);
      expect(flow.fakes.resendCode).toHaveBeenCalledTimes(1);
      expect(flow.fakes.resendCode).toHaveBeenCalledWith({ purpose: 'PASSWORD_RESET', locale: 'ru' });
      expect(flow.at()).toBe(state);
      expect(flow.fakes.startChallenge).toHaveBeenCalledTimes(1);
      untouched(flow, 'verifyCode');
    });

    it.each([
      ['startChallenge', TO_RESET_EMAIL, event.email(ACCOUNT_EMAIL)],
      ['resendCode', TO_RESET_CODE, event.resend()],
      ['verifyCode', TO_RESET_CODE, event.code()],
    ] as const)('%s fails → technical problem, back to the menu', async (id, events, ev) => {
      const flow = await flowAt(events, { impl: { [id]: async () => Promise.reject(new Error('db down')) } });
      expect(await flow.send(ev)).toEqual(TECHNICAL);
      expect(flow.at()).toBe('menu');
      expect(flow.context()).toMatchObject({ codePurpose: null, pendingEmail: null });
    });
  });

  describe('the new password', () => {
    it.each(PASSWORD_REJECTIONS)('refused as %s → says why and asks again; an accepted one then goes on', async (reason) => {
      const flow = await flowAt(TO_NEW_PASSWORD, {
        impl: { setPendingPassword: sequence([answer.password.rejected(reason), answer.password.ok()]) },
      });
      expect(await flow.send(event.password('password1234'))).toEqual([
        { key: `password.rejected.${reason}` },
        PROMPTS.askNewPassword,
      ]);
      expect(flow.at()).toBe('passwordReset.askNew');
      expect(flow.fakes.setPendingPassword).toHaveBeenCalledWith({ password: 'password1234' });
      untouched(flow, 'confirmNewPassword');

      expect(await flow.send(event.password())).toEqual([PROMPTS.askRepeatPassword]);
      expect(flow.fakes.setPendingPassword).toHaveBeenLastCalledWith({ password: NEW_PASSWORD });
      expect(await flow.send(event.password())).toEqual([{ key: 'password.changed' }, PROMPTS.menu]);
      expect(flow.fakes.confirmNewPassword).toHaveBeenCalledTimes(1);
    });

    it('the second entry differs → says so and starts the new password over', async () => {
      const flow = await flowAt(TO_REPEAT_PASSWORD, {
        impl: { confirmNewPassword: sequence([answer.confirmPassword.mismatch(), answer.confirmPassword.changed()]) },
      });
      expect(await flow.send(event.password('Violet kettle hums at dusk 71'))).toEqual([{ key: 'password.mismatch' }, PROMPTS.askNewPassword]);
      expect(flow.fakes.confirmNewPassword).toHaveBeenCalledWith({ password: 'Violet kettle hums at dusk 71', locale: 'en' });
      expect(flow.at()).toBe('passwordReset.askNew');

      expect(await flow.send(event.password())).toEqual([PROMPTS.askRepeatPassword]);
      expect(flow.fakes.setPendingPassword).toHaveBeenCalledTimes(2);
      expect(await flow.send(event.password())).toEqual([{ key: 'password.changed' }, PROMPTS.menu]);
      expect(flow.fakes.confirmNewPassword).toHaveBeenCalledTimes(2);
    });

    it.each([
      ['setPendingPassword answers notVerified', TO_NEW_PASSWORD, { setPendingPassword: async () => answer.password.notVerified() }],
      ['confirmNewPassword answers notVerified', TO_REPEAT_PASSWORD, { confirmNewPassword: async () => answer.confirmPassword.notVerified() }],
      ['setPendingPassword fails', TO_NEW_PASSWORD, { setPendingPassword: async () => Promise.reject(new Error('db')) }],
      ['confirmNewPassword fails', TO_REPEAT_PASSWORD, { confirmNewPassword: async () => Promise.reject(new Error('db')) }],
    ] as const)('%s → technical problem, back to the menu', async (_, events, impl: FlowOptions['impl']) => {
      const flow = await flowAt(events, { impl });
      expect(await flow.send(event.password())).toEqual(TECHNICAL);
      expect(flow.at()).toBe('menu');
    });
  });
});

describe('email change with the old mailbox (SPEC §4.2)', () => {
  it('current email → its code → the new address → its code → changed, back to the menu', async () => {
    const flow = startFlow({ locale: 'ru' });
    flow.take();
    expect(await flow.send({ type: 'CHOOSE', option: 'changeEmail' })).toEqual([PROMPTS.changeEmailHasMailbox]);
    expect(await flow.send({ type: 'YES' })).toEqual([PROMPTS.askCurrentEmail]);

    expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual(SENT_IF_EXISTS);
    expect(flow.fakes.startChallenge).toHaveBeenLastCalledWith({
      purpose: 'EMAIL_CURRENT',
      locale: 'ru',
      email: ACCOUNT_EMAIL,
      accountRef: null,
      newEmail: null,
    });
    expect(flow.at()).toBe('codeCheck.askCode');

    expect(await flow.send(event.code())).toEqual([PROMPTS.askNewAddress]);
    expect(flow.fakes.verifyCode).toHaveBeenLastCalledWith({ purpose: 'EMAIL_CURRENT', code: GOOD_CODE });
    expect(flow.at()).toBe('emailChangeSelf.askNewAddress');
    expect(flow.actor.getSnapshot().hasTag('expect:email')).toBe(true);
    expect(flow.context().account).toEqual(ACCOUNT);

    expect(await flow.send(event.email(NEW_EMAIL))).toEqual([{ key: 'code.sentToNew', params: { email: NEW_EMAIL } }, PROMPTS.askCode]);
    expect(flow.fakes.checkNewEmail).toHaveBeenCalledWith({ email: NEW_EMAIL });
    expect(flow.fakes.startChallenge).toHaveBeenCalledTimes(2);
    expect(flow.fakes.startChallenge).toHaveBeenLastCalledWith({
      purpose: 'EMAIL_NEW',
      locale: 'ru',
      email: null,
      accountRef: ACCOUNT.ref,
      newEmail: NEW_EMAIL,
    });
    expect(flow.context()).toMatchObject({ codePurpose: 'EMAIL_NEW', pendingEmail: NEW_EMAIL });
    untouched(flow, 'applyEmailChange');

    expect(await flow.send(event.code())).toEqual([{ key: 'email.changed', params: { email: MASKED_NEW_EMAIL } }, PROMPTS.menu]);
    expect(flow.fakes.verifyCode).toHaveBeenLastCalledWith({ purpose: 'EMAIL_NEW', code: GOOD_CODE });
    expect(flow.fakes.applyEmailChange).toHaveBeenCalledTimes(1);
    expect(flow.fakes.applyEmailChange).toHaveBeenCalledWith({ locale: 'ru' });
    expect(flow.at()).toBe('menu');
    expect(flow.context()).toMatchObject({ codePurpose: null, pendingEmail: null, purpose: 'retrieval', requestedEmail: null });
    untouched(flow, 'openCase', 'setPendingPassword', 'lookupOrder');
  });

  it.each([
    ['taken', answer.newEmail.taken(), 'email.taken'],
    ['same', answer.newEmail.same(), 'email.same'],
  ] as const)('the new address is %s → says so, asks for another; that one gets its code', async (_, checked, key) => {
    const flow = await flowAt(TO_NEW_ADDRESS, { impl: { checkNewEmail: sequence([checked, answer.newEmail.ok()]) } });
    expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual([{ key }, PROMPTS.askNewAddress]);
    expect(flow.at()).toBe('emailChangeSelf.askNewAddress');
    expect(flow.fakes.startChallenge).toHaveBeenCalledTimes(1);

    expect(await flow.send(event.email('anna.other@example.org'))).toEqual([
      { key: 'code.sentToNew', params: { email: 'anna.other@example.org' } },
      PROMPTS.askCode,
    ]);
    expect(flow.fakes.checkNewEmail.mock.calls.map((c) => c[0])).toEqual([{ email: ACCOUNT_EMAIL }, { email: 'anna.other@example.org' }]);
    expect(flow.fakes.startChallenge).toHaveBeenLastCalledWith(expect.objectContaining({ purpose: 'EMAIL_NEW', newEmail: 'anna.other@example.org' }));
  });

  it('the code for the new address: wrong, resent, then right', async () => {
    const flow = await flowAt([...TO_NEW_ADDRESS, event.email(NEW_EMAIL)]);
    expect(flow.at()).toBe('codeCheck.askCode');
    expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.wrong', params: { count: 4 } }, PROMPTS.askCode]);
    expect(flow.fakes.verifyCode).toHaveBeenLastCalledWith({ purpose: 'EMAIL_NEW', code: WRONG_CODE });
    expect(await flow.send(event.resend())).toEqual([{ key: 'code.resent' }, PROMPTS.askCode]);
    expect(flow.fakes.resendCode).toHaveBeenCalledWith({ purpose: 'EMAIL_NEW', locale: 'en' });
    expect(keys(await flow.send(event.code()))).toEqual(['email.changed', 'menu.prompt']);
  });

  it('the current-address code: wrong attempts, then locked → operator offer', async () => {
    const flow = await flowAt([...TO_CURRENT_EMAIL, event.email(ACCOUNT_EMAIL)], {
      impl: { verifyCode: sequence<VerifyOutcome>([answer.verify.wrong(1), answer.verify.locked(30)]) },
    });
    expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.wrong', params: { count: 1 } }, PROMPTS.askCode]);
    expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.locked', params: { count: 30 } }, PROMPTS.codeLocked]);
    expect(flow.fakes.verifyCode).toHaveBeenLastCalledWith({ purpose: 'EMAIL_CURRENT', code: WRONG_CODE });
    untouched(flow, 'checkNewEmail');
  });

  it('the new address was taken meanwhile (applying answers taken) → says so, asks for another', async () => {
    const flow = await flowAt([...TO_NEW_ADDRESS, event.email(NEW_EMAIL)], { impl: { applyEmailChange: async () => answer.emailChange.taken() } });
    expect(await flow.send(event.code())).toEqual([{ key: 'email.taken' }, PROMPTS.askNewAddress]);
    expect(flow.at()).toBe('emailChangeSelf.askNewAddress');
  });

  it.each([
    ['checkNewEmail answers notVerified', TO_NEW_ADDRESS, event.email(NEW_EMAIL), { checkNewEmail: async () => answer.newEmail.notVerified() }],
    ['checkNewEmail fails', TO_NEW_ADDRESS, event.email(NEW_EMAIL), { checkNewEmail: async () => Promise.reject(new Error('db')) }],
    ['applyEmailChange answers notVerified', [...TO_NEW_ADDRESS, event.email(NEW_EMAIL)], event.code(), { applyEmailChange: async () => answer.emailChange.notVerified() }],
    ['applyEmailChange fails', [...TO_NEW_ADDRESS, event.email(NEW_EMAIL)], event.code(), { applyEmailChange: async () => Promise.reject(new Error('db')) }],
  ] as const)('%s → technical problem, back to the menu', async (_, events, ev, impl: FlowOptions['impl']) => {
    const flow = await flowAt(events, { impl });
    expect(await flow.send(ev)).toEqual(TECHNICAL);
    expect(flow.at()).toBe('menu');
    expect(flow.context()).toMatchObject({ codePurpose: null, pendingEmail: null });
  });

  it('OPERATOR during the self-service change → a GENERAL case with the proven account', async () => {
    const flow = await flowAt(TO_NEW_ADDRESS);
    expect(await flow.send({ type: 'OPERATOR' })).toEqual([QUEUED]);
    expect(flow.fakes.openCase).toHaveBeenCalledWith({
      type: 'GENERAL',
      locale: 'en',
      // The code answered from the account's mailbox: that proof goes to the desk.
      evidence: [{ kind: 'EMAIL', display: ACCOUNT.maskedEmail, matched: true, accountId: ACCOUNT.ref }],
      accountRef: ACCOUNT.ref,
      blockStatus: null,
      requestedEmail: null,
    });
  });
});

describe('blocked accounts by an email code (SPEC §4.4)', () => {
  const blockedFlow = (status: AccountStatus, options: FlowOptions = {}) =>
    flowAt(TO_BLOCKED_CODE, { ...options, impl: { verifyCode: async () => answer.verify.ok({ status }), ...options.impl } });

  it('the email gets a code to prove the account; before that nothing about the account is said', async () => {
    const flow = await flowAt([{ type: 'CHOOSE', option: 'blocked' }]);
    expect(await flow.send(event.email(ACCOUNT_EMAIL))).toEqual(SENT_IF_EXISTS);
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith({
      purpose: 'ACCOUNT_PROOF',
      locale: 'en',
      email: ACCOUNT_EMAIL,
      accountRef: null,
      newEmail: null,
    });
    expect(flow.at()).toBe('codeCheck.askCode');
    expect(flow.context()).toMatchObject({ codePurpose: 'ACCOUNT_PROOF', pendingEmail: ACCOUNT_EMAIL, account: null });
  });

  it('ACTIVE → found + what next; the reset then sends a code to the proven account', async () => {
    const flow = await blockedFlow('ACTIVE');
    expect(await flow.send(event.code())).toEqual([FOUND, PROMPTS.matched]);
    expect(flow.fakes.verifyCode).toHaveBeenCalledWith({ purpose: 'ACCOUNT_PROOF', code: GOOD_CODE });
    expect(flow.at()).toBe('retrieval.matchedActive');
    expect(flow.context().account).toEqual(ACCOUNT);
    expect(await flow.send({ type: 'YES' })).toEqual(SENT_TO_ACCOUNT);
    expect(flow.fakes.startChallenge).toHaveBeenLastCalledWith({
      purpose: 'PASSWORD_RESET',
      locale: 'en',
      email: null,
      accountRef: ACCOUNT.ref,
      newEmail: null,
    });
    expect(await flow.send(event.code())).toEqual([PROMPTS.askNewPassword]);
  });

  it.each(['TEMP_BLOCKED', 'ABOLISHED'] as const)('%s → found + the status, UNBLOCK offered; yes → an UNBLOCK case for the account', async (status) => {
    const flow = await blockedFlow(status);
    expect(await flow.send(event.code())).toEqual([FOUND, { key: `blocked.status.${status}` }, PROMPTS.matchedBlocked]);
    expect(flow.at()).toBe('retrieval.matchedBlocked');
    expect(await flow.send({ type: 'YES' })).toEqual([QUEUED]);
    expect(flow.fakes.openCase).toHaveBeenCalledWith({
      type: 'UNBLOCK',
      locale: 'en',
      // The code answered from the account's mailbox: that proof goes to the desk.
      evidence: [{ kind: 'EMAIL', display: ACCOUNT.maskedEmail, matched: true, accountId: ACCOUNT.ref }],
      accountRef: ACCOUNT.ref,
      blockStatus: status,
      requestedEmail: null,
    });
  });

  it('TEMP_BLOCKED, the operator button → the same UNBLOCK case', async () => {
    const flow = await blockedFlow('TEMP_BLOCKED');
    await flow.send(event.code());
    expect(await flow.send({ type: 'OPERATOR' })).toEqual([QUEUED]);
    expect(flow.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'UNBLOCK', blockStatus: 'TEMP_BLOCKED', accountRef: ACCOUNT.ref }));
  });

  it('DELETED → cannot be restored, register anew', async () => {
    const flow = await blockedFlow('DELETED');
    expect(await flow.send(event.code())).toEqual([
      { key: 'retrieval.foundDeleted', params: { loginId: ACCOUNT.loginId, email: ACCOUNT.maskedEmail } },
      PROMPTS.matchedClosed,
    ]);
    expect(flow.at()).toBe('retrieval.matchedClosed');
    untouched(flow, 'openCase', 'sendConfirmation');
  });

  it('UNCONFIRMED → found + a new confirmation letter, then what next', async () => {
    const flow = await blockedFlow('UNCONFIRMED', { locale: 'pl' });
    expect(await flow.send(event.code())).toEqual([
      FOUND,
      { key: 'confirmation.sent', params: { email: ACCOUNT.maskedEmail } },
      PROMPTS.matched,
    ]);
    expect(flow.fakes.sendConfirmation).toHaveBeenCalledTimes(1);
    expect(flow.fakes.sendConfirmation).toHaveBeenCalledWith({ accountRef: ACCOUNT.ref, locale: 'pl' });
    expect(flow.at()).toBe('retrieval.matchedActive');
  });

  it('a social-login account → sign in with the network', async () => {
    const flow = await flowAt(TO_BLOCKED_CODE, { impl: { verifyCode: async () => answer.verify.ok({ social: 'google' }) } });
    expect(keys(await flow.send(event.code()))).toEqual(['retrieval.foundSocial', 'retrieval.closedWhatNext']);
    expect(flow.at()).toBe('retrieval.matchedClosed');
  });

  it('a wrong code says nothing about the account', async () => {
    const flow = await flowAt(TO_BLOCKED_CODE);
    expect(await flow.send(event.code(WRONG_CODE))).toEqual([{ key: 'code.wrong', params: { count: 4 } }, PROMPTS.askCode]);
    expect(flow.context().account).toBeNull();
  });

  it('no → back to the menu; the "find by order" button → the retrieval tree', async () => {
    const no = await flowAt([{ type: 'CHOOSE', option: 'blocked' }]);
    expect(await no.send({ type: 'NO' })).toEqual([PROMPTS.menu]);
    expect(no.at()).toBe('menu');
    const byOrder = await flowAt([{ type: 'CHOOSE', option: 'blocked' }]);
    expect(await byOrder.send({ type: 'CHOOSE', option: 'forgotAccount' })).toEqual([PROMPTS.askHasOrders]);
    expect(byOrder.at()).toBe('retrieval.askHasOrders');
    untouched(byOrder, 'startChallenge');
  });
});

describe('registration help (SPEC §5)', () => {
  it('asked in the middle of a code check → how to register, back to the menu, the code check over', async () => {
    const flow = await flowAt(TO_RESET_CODE);
    expect(await flow.send({ type: 'CHOOSE', option: 'register' })).toEqual([{ key: 'register.info' }, PROMPTS.menu]);
    expect(flow.at()).toBe('menu');
    expect(flow.context()).toMatchObject({ codePurpose: null, pendingEmail: null });
  });
});

describe('persistence of the self-service flows', () => {
  const roundTrip = (json: string) => JSON.parse(json) as Snapshot<unknown>;
  const OTHER_PASSWORD = 'Amber lantern sings 2049!';
  const REFUSED_PASSWORD = 'qwerty123456';

  it('the stored JSON never holds a password: at askNew, at askRepeat, after each PASSWORD, after a refusal and a mismatch', async () => {
    const flow = await flowAt(TO_NEW_PASSWORD, {
      impl: {
        setPendingPassword: sequence([answer.password.rejected('tooCommon'), answer.password.ok()]),
        confirmNewPassword: sequence([answer.confirmPassword.mismatch(), answer.confirmPassword.changed()]),
      },
    });
    const secrets = [REFUSED_PASSWORD, NEW_PASSWORD, OTHER_PASSWORD];
    const clean = (where: string) => {
      const json = flow.persistedJson();
      for (const secret of secrets) expect(json, `${secret} in the snapshot at ${where}`).not.toContain(secret);
    };
    expect(flow.at()).toBe('passwordReset.askNew');
    clean('askNew');

    await flow.send(event.password(REFUSED_PASSWORD));
    expect(flow.at()).toBe('passwordReset.askNew');
    expect(flow.fakes.setPendingPassword).toHaveBeenLastCalledWith({ password: REFUSED_PASSWORD });
    clean('askNew after a refusal');

    await flow.send(event.password());
    expect(flow.at()).toBe('passwordReset.askRepeat');
    clean('askRepeat');

    await flow.send(event.password(OTHER_PASSWORD));
    expect(flow.at()).toBe('passwordReset.askNew');
    expect(flow.fakes.confirmNewPassword).toHaveBeenLastCalledWith({ password: OTHER_PASSWORD, locale: 'en' });
    clean('askNew after a mismatch');

    await flow.sendAll([event.password(), event.password()]);
    expect(flow.at()).toBe('menu');
    expect(flow.fakes.confirmNewPassword).toHaveBeenLastCalledWith({ password: NEW_PASSWORD, locale: 'en' });
    clean('the menu after the change');
  });

  it('the stored JSON never holds a code typed: at askCode after wrong and expired codes, at askNew after the right one', async () => {
    const flow = await flowAt(TO_RESET_CODE, {
      impl: { verifyCode: sequence<VerifyOutcome>([answer.verify.wrong(4), answer.verify.expired(), answer.verify.ok()]) },
    });
    const typed = [WRONG_CODE, '905531', GOOD_CODE];
    const clean = (where: string) => {
      const json = flow.persistedJson();
      for (const code of typed) expect(json, `${code} in the snapshot at ${where}`).not.toContain(code);
    };
    clean('askCode');
    await flow.send(event.code(WRONG_CODE));
    expect(flow.at()).toBe('codeCheck.askCode');
    clean('askCode after a wrong code');
    await flow.send(event.code('905531'));
    expect(flow.at()).toBe('codeCheck.askCode');
    clean('askCode after an expired code');
    await flow.send(event.code());
    expect(flow.at()).toBe('passwordReset.askNew');
    expect(flow.fakes.verifyCode.mock.calls.map((c) => c[0].code)).toEqual(typed);
    clean('askNew');
  });

  it('a JSON round trip at the code question resumes the reset: the code, then the new password', async () => {
    const first = await flowAt(TO_RESET_CODE, { locale: 'pl' });
    const before = first.actor.getSnapshot();
    const persisted = roundTrip(first.persistedJson());
    first.actor.stop();

    const second = startFlow({ locale: 'pl', snapshot: persisted });
    expect(second.take().said).toEqual([]);
    expect(statePath(second.actor.getSnapshot().value)).toBe('codeCheck.askCode');
    expect(second.context()).toEqual(before.context);
    expect(second.actor.getSnapshot().hasTag('expect:code')).toBe(true);
    untouched(second, 'startChallenge');

    expect(await second.send(event.code())).toEqual([PROMPTS.askNewPassword]);
    expect(second.fakes.verifyCode).toHaveBeenCalledWith({ purpose: 'PASSWORD_RESET', code: GOOD_CODE });
    expect(await second.sendAll([event.password(), event.password()])).toEqual([
      PROMPTS.askRepeatPassword,
      { key: 'password.changed' },
      PROMPTS.menu,
    ]);
    expect(second.fakes.confirmNewPassword).toHaveBeenCalledWith({ password: NEW_PASSWORD, locale: 'pl' });
  });

  it('a JSON round trip between the two password entries resumes at the repeat', async () => {
    const first = await flowAt(TO_REPEAT_PASSWORD);
    const persisted = roundTrip(first.persistedJson());
    const before = first.context();
    first.actor.stop();

    const second = startFlow({ snapshot: persisted });
    expect(second.take().said).toEqual([]);
    expect(second.at()).toBe('passwordReset.askRepeat');
    expect(second.context()).toEqual(before);
    expect(await second.send(event.password())).toEqual([{ key: 'password.changed' }, PROMPTS.menu]);
    untouched(second, 'setPendingPassword');
  });

  it('a JSON round trip at the new-address code keeps what the code is for: resend and verify go to EMAIL_NEW', async () => {
    const first = await flowAt([...TO_NEW_ADDRESS, event.email(NEW_EMAIL)]);
    expect(first.at()).toBe('codeCheck.askCode');
    const persisted = roundTrip(first.persistedJson());
    first.actor.stop();

    const second = startFlow({ snapshot: persisted });
    expect(second.context()).toMatchObject({ codePurpose: 'EMAIL_NEW', pendingEmail: NEW_EMAIL, account: ACCOUNT });
    expect(await second.send(event.resend())).toEqual([{ key: 'code.resent' }, PROMPTS.askCode]);
    expect(second.fakes.resendCode).toHaveBeenCalledWith({ purpose: 'EMAIL_NEW', locale: 'en' });
    expect(await second.send(event.code())).toEqual([{ key: 'email.changed', params: { email: MASKED_NEW_EMAIL } }, PROMPTS.menu]);
    expect(second.fakes.verifyCode).toHaveBeenCalledWith({ purpose: 'EMAIL_NEW', code: GOOD_CODE });
  });

  it('a JSON round trip at the blocked check code resumes to the status', async () => {
    const first = await flowAt(TO_BLOCKED_CODE);
    const persisted = roundTrip(first.persistedJson());
    first.actor.stop();
    const second = startFlow({ snapshot: persisted, impl: { verifyCode: async () => answer.verify.ok({ status: 'TEMP_BLOCKED' }) } });
    expect(second.at()).toBe('codeCheck.askCode');
    expect(keys(await second.send(event.code()))).toEqual(['retrieval.found', 'blocked.status.TEMP_BLOCKED', 'retrieval.blockedWhatNext']);
  });

  it('a JSON round trip at the locked code offer still opens the case', async () => {
    const first = await flowAt([...TO_RESET_CODE, event.code(WRONG_CODE)], { impl: { verifyCode: async () => answer.verify.locked() } });
    const persisted = roundTrip(first.persistedJson());
    first.actor.stop();
    const second = startFlow({ snapshot: persisted });
    expect(second.at()).toBe('codeCheck.locked');
    expect(await second.send({ type: 'YES' })).toEqual([QUEUED]);
    expect(second.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'GENERAL' }));
  });
});
