import { describe, expect, it } from 'vitest';
import { PROMPTS } from '../../flows/recovery/prompts.js';
import { withWayOut } from '../../flows/recovery/recovery.setup.js';
import type { RecoveryEvent } from '../../flows/recovery/types.js';
import { ACCOUNT_EMAIL, CASE, event, flowAt, keys, outcome, startFlow } from './recovery-harness.js';

const FORGOT_ACCOUNT: RecoveryEvent = { type: 'CHOOSE', option: 'forgotAccount' };
const TO_PAYMENT: RecoveryEvent[] = [FORGOT_ACCOUNT, { type: 'YES' }, { type: 'NO' }];
const TO_CARD: RecoveryEvent[] = [...TO_PAYMENT, { type: 'PAYMENT', method: 'CARD' }];
const TO_RESET_CODE: RecoveryEvent[] = [{ type: 'CHOOSE', option: 'forgotPassword' }, { type: 'YES' }, event.email(ACCOUNT_EMAIL)];

describe('a request before the language is chosen', () => {
  it('is kept and answered in the chosen language', async () => {
    const flow = startFlow({ locale: null });
    flow.take();
    expect(await flow.send({ type: 'CHOOSE', option: 'forgotPassword' })).toEqual([PROMPTS.chooseLanguage]);
    expect(flow.at()).toBe('chooseLanguage');
    expect(keys(await flow.send({ type: 'LANGUAGE', locale: 'pl' }))).toEqual(['menu.prompt', PROMPTS.forgotPasswordRemembersEmail.key]);
    expect(flow.at()).toBe('forgotPassword');
    expect(flow.context()).toMatchObject({ locale: 'pl', pendingChoice: null });
  });

  it('an operator asked for before the language opens the case in the chosen language', async () => {
    const flow = startFlow({ locale: null });
    await flow.send({ type: 'OPERATOR' });
    expect(flow.fakes.openCase).not.toHaveBeenCalled();
    await flow.send({ type: 'LANGUAGE', locale: 'uk' });
    expect(flow.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'GENERAL', locale: 'uk' }));
  });
});

describe('misunderstandings', () => {
  it('the second miss in a row says what the bot can do and adds the ways out to the question', async () => {
    const flow = await flowAt([FORGOT_ACCOUNT]);
    expect(keys(await flow.send({ type: 'UNKNOWN' }))).toEqual(['common.didNotUnderstand', PROMPTS.askHasOrders.key]);
    expect(flow.context().misses).toBe(1);
    const said = await flow.send({ type: 'UNKNOWN', repeated: true });
    expect(said).toEqual([{ key: 'common.whatICanDo' }, withWayOut(PROMPTS.askHasOrders)]);
    expect(said[1]?.buttons).toEqual(['yes', 'no', 'operator', 'startOver']);
  });

  it('a new question starts the count again', async () => {
    const flow = await flowAt([FORGOT_ACCOUNT, { type: 'UNKNOWN' }]);
    expect(flow.context().misses).toBe(1);
    await flow.send({ type: 'YES' });
    expect(flow.context().misses).toBe(0);
  });

  it('"did you mean … or …?" offers both meanings as buttons and counts as a miss', async () => {
    const flow = await flowAt([]);
    const said = await flow.send({ type: 'CLARIFY', options: ['menu.changeEmail', 'noMailbox'] });
    expect(said).toEqual([
      { key: 'common.didYouMean', params: { firstButton: 'menu.changeEmail', secondButton: 'noMailbox' }, buttons: ['menu.changeEmail', 'noMailbox'] },
    ]);
    expect(flow.at()).toBe('menu');
    expect(flow.context().misses).toBe(1);
  });
});

describe('thanks, greetings, closing questions', () => {
  it.each([
    ['menu', []],
    ['retrieval.matchedActive', [...TO_PAYMENT.slice(0, 2), { type: 'YES' }, event.orderNumber()]],
  ] as const)('thanks at %s closes politely', async (_, events) => {
    const flow = await flowAt([...events], { impl: { lookupOrder: async () => outcome.match() } });
    expect(await flow.send({ type: 'THANKS' })).toEqual([PROMPTS.farewell]);
    expect(flow.at()).toBe('farewell');
  });

  it('thanks in the middle of a flow is answered and the question asked again', async () => {
    const flow = await flowAt(TO_RESET_CODE);
    expect(keys(await flow.send({ type: 'THANKS' }))).toEqual(['common.youreWelcome', PROMPTS.askCode.key]);
    expect(flow.at()).toBe('codeCheck.askCode');
  });

  it('"can I help with anything else?" takes yes (the menu) and no (a polite close)', async () => {
    const deleted = { impl: { lookupOrder: async () => outcome.status('DELETED') } };
    const toClosed = [FORGOT_ACCOUNT, { type: 'YES' }, { type: 'YES' }, event.orderNumber()] as RecoveryEvent[];
    const yes = await flowAt(toClosed, deleted);
    expect(yes.at()).toBe('retrieval.matchedClosed');
    expect(await yes.send({ type: 'YES' })).toEqual([PROMPTS.menu]);
    const no = await flowAt(toClosed, deleted);
    expect(await no.send({ type: 'NO' })).toEqual([PROMPTS.farewell]);
  });

  it('a greeting mid-flow is returned and the question asked again', async () => {
    const flow = await flowAt([FORGOT_ACCOUNT]);
    expect(keys(await flow.send({ type: 'GREETING' }))).toEqual(['common.hello', PROMPTS.askHasOrders.key]);
  });

  it('something the bot does not handle gets an operator offered', async () => {
    const flow = await flowAt([]);
    expect(await flow.send({ type: 'CHOOSE', option: 'other' })).toEqual([PROMPTS.offTopic]);
    expect(keys(await flow.send({ type: 'YES' }))).toEqual(['handoff.queued']);
    expect(flow.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'GENERAL' }));
  });
});

describe('answers taken in context', () => {
  it('an address at "do you remember the email?" sends the code to it', async () => {
    const flow = await flowAt([{ type: 'CHOOSE', option: 'forgotPassword' }]);
    expect(keys(await flow.send(event.email(ACCOUNT_EMAIL)))).toEqual(['code.sentIfExists', PROMPTS.askCode.key]);
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith(expect.objectContaining({ purpose: 'PASSWORD_RESET', email: ACCOUNT_EMAIL }));
  });

  it('an address at "do you have the mailbox?" is the current one: its code goes out', async () => {
    const flow = await flowAt([{ type: 'CHOOSE', option: 'changeEmail' }]);
    await flow.send(event.email(ACCOUNT_EMAIL));
    expect(flow.fakes.startChallenge).toHaveBeenCalledWith(expect.objectContaining({ purpose: 'EMAIL_CURRENT', email: ACCOUNT_EMAIL }));
  });

  it('card digits at "how did you pay?" skip to the amount; amount and date together skip to the lookup', async () => {
    const flow = await flowAt(TO_PAYMENT, { impl: { lookupCard: async () => outcome.match() } });
    expect(await flow.send(event.cardDigits())).toEqual([PROMPTS.askAmount]);
    await flow.send({ type: 'AMOUNT', minor: 152050, display: '1520.50', candidates: ['2026-10-01'] });
    expect(flow.fakes.lookupCard).toHaveBeenCalledWith({ bin: '427601', last4: '1234', amountMinor: 152050, dates: ['2026-10-01'] });
  });

  it('a date or an approximate amount at the amount question is explained and the question asked again', async () => {
    const flow = await flowAt([...TO_CARD, event.cardDigits()]);
    expect(keys(await flow.send({ type: 'NOT_AN_AMOUNT', reason: 'date' }))).toEqual(['retrieval.dateNotAmount', PROMPTS.askAmount.key]);
    expect(keys(await flow.send({ type: 'NOT_AN_AMOUNT', reason: 'approximate' }))).toEqual(['retrieval.amountNotExact', PROMPTS.askAmount.key]);
    expect(flow.at()).toBe('retrieval.askAmount');
  });
});

describe('no dead ends', () => {
  it.each([
    ['card digits', [...TO_CARD]],
    ['amount', [...TO_CARD, event.cardDigits()]],
    ['date', [...TO_CARD, event.cardDigits(), event.amount()]],
  ] as const)('"I don\'t remember" at the %s offers an order number instead, or an operator', async (_, events) => {
    const flow = await flowAt([...events], { impl: { lookupOrder: async () => outcome.match() } });
    const said = await flow.send({ type: 'DONT_KNOW' });
    expect(said).toEqual([PROMPTS.cardDetailsUnknown]);
    expect(said[0]?.buttons).toEqual(['operator', 'startOver']);
    expect(flow.at()).toBe('retrieval.cardDetailsUnknown');
    await flow.send(event.orderNumber());
    expect(flow.at()).toBe('retrieval.matchedActive');
  });

  it('"I don\'t remember" at the order number goes on to the payment', async () => {
    const flow = await flowAt([FORGOT_ACCOUNT, { type: 'YES' }, { type: 'YES' }]);
    expect(await flow.send({ type: 'DONT_KNOW' })).toEqual([PROMPTS.askPaymentMethod]);
  });

  it('"I don\'t remember the address" at the reset finds the account first', async () => {
    const flow = await flowAt([{ type: 'CHOOSE', option: 'forgotPassword' }, { type: 'YES' }]);
    expect(await flow.send({ type: 'DONT_KNOW' })).toEqual([PROMPTS.askHasOrders]);
  });

  it('no access to the mailbox at the code step leads to the lost-mailbox path and its case', async () => {
    const flow = await flowAt(TO_RESET_CODE, { impl: { lookupOrder: async () => outcome.match() } });
    expect(keys(await flow.send({ type: 'CHOOSE', option: 'lostMailbox' }))).toEqual(['email.lockedMailbox', PROMPTS.askHasOrders.key]);
    expect(flow.context()).toMatchObject({ purpose: 'emailChange', codePurpose: null, pendingEmail: null });
    await flow.send({ type: 'YES' });
    await flow.send({ type: 'YES' });
    expect(keys(await flow.send(event.orderNumber()))).toEqual(['retrieval.found', PROMPTS.askNewEmail.key]);
    await flow.send(event.email('anna.new@example.org'));
    expect(flow.fakes.openCase).toHaveBeenCalledWith(expect.objectContaining({ type: 'EMAIL_CHANGE_LOCKED_MAILBOX', requestedEmail: 'anna.new@example.org' }));
    expect(flow.context().caseNumber).toBe(CASE.caseNumber);
  });
});
