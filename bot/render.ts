import { ActionTypes, ActivityTypes, InputHints, type Activity } from 'botbuilder';
import type { Locale } from '../core/domain.js';
import type { Message } from '../flows/recovery/types.js';
import type { Translate } from './i18n/translator.js';

const LANGUAGE_TAGS: Record<Locale, string> = { ru: 'ru-RU', uk: 'uk-UA', pl: 'pl-PL', en: 'en-US' };

const KNOWN_NETWORKS = new Set(['vk', 'facebook', 'google', 'apple']);

/** Renders a flow message as a Bot Framework activity in the shopper's language. */
export function renderMessage(message: Message, locale: Locale, translate: Translate): Partial<Activity> {
  const params = { ...message.params };
  // Parameters named …Button hold a button key: shown as that button's title ("Did you mean …?").
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Button') && typeof value === 'string') params[name] = translate(locale, `buttons.${value}`);
  }
  if (typeof params.network === 'string') {
    const network = params.network.toLowerCase();
    params.network = translate(locale, `social.${KNOWN_NETWORKS.has(network) ? network : 'other'}`);
  }
  const text = translate(locale, message.key, params);
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text,
    locale: LANGUAGE_TAGS[locale],
    inputHint: message.buttons ? InputHints.ExpectingInput : InputHints.AcceptingInput,
  };
  if (message.buttons && message.buttons.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: message.buttons.map((key) => {
        const title = translate(locale, `buttons.${key}`);
        return { type: ActionTypes.ImBack, title, value: title };
      }),
    };
  }
  return activity;
}

/** Maps a channel locale tag (ru-RU, uk, pl-PL, en-GB, ua) to a supported language. */
export function localeFromTag(tag: string | undefined | null): Locale | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'ua') return 'uk';
  return primary === 'ru' || primary === 'uk' || primary === 'pl' || primary === 'en' ? primary : null;
}
