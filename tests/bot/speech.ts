import type { Locale } from '../../core/domain.js';

/** How a shopper of each language types the answers the transcripts need. */
export const SPEECH: Record<
  Locale,
  { yes: string; no: string; card: string; operator: string; startOver: string; amount: string; date: string; orderInSentence: string; switchTo: string; switchedTo: Locale }
> = {
  ru: {
    yes: 'да',
    no: 'нет',
    card: 'картой',
    operator: 'позовите оператора',
    startOver: 'начать сначала',
    amount: '1 520,50 ₽',
    date: '01.10.2026',
    orderInSentence: 'вот мой заказ 8123 4567 8901 2346',
    switchTo: 'українською',
    switchedTo: 'uk',
  },
  uk: {
    yes: 'так',
    no: 'ні',
    card: 'карткою',
    operator: 'оператор',
    startOver: 'почати спочатку',
    amount: '1520,50 грн',
    date: '1 жовтня 2026',
    orderInSentence: 'мій номер замовлення 8123456789012346',
    switchTo: 'по-русски',
    switchedTo: 'ru',
  },
  pl: {
    yes: 'tak',
    no: 'nie',
    card: 'kartą',
    operator: 'konsultant',
    startOver: 'zacznij od nowa',
    amount: '1520,50 zł',
    date: '1 października 2026',
    orderInSentence: 'moje zamówienie 8123-4567-8901-2346',
    switchTo: 'in english',
    switchedTo: 'en',
  },
  en: {
    yes: 'yes',
    no: 'no',
    card: 'credit card',
    operator: 'I want a human operator',
    startOver: 'start over',
    amount: '$1,520.50',
    date: 'October 1, 2026',
    orderInSentence: 'my order is #8123456789012346',
    switchTo: 'po polsku',
    switchedTo: 'pl',
  },
};
