import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';

export type PhoneReset =
  | { kind: 'invalid' }
  | { kind: 'eligible'; site: 'global' | 'ruLocal'; country: string; e164: string }
  | { kind: 'notEligible'; country: string | null; e164: string };

/* SPEC §4.3: countries where password reset by phone exists, per site. */
const GLOBAL_SITE: ReadonlySet<string> = new Set(['FR', 'IT', 'ES', 'NL', 'SA', 'AE']);
const RU_LOCAL_SITE: ReadonlySet<string> = new Set([
  'RU', 'AM', 'AZ', 'KZ', 'BY', 'MD', 'KG', 'TJ', 'UZ', 'TM', 'GE',
]);

/* Only characters people format phone numbers with; anything else is not a phone. */
const PHONE_CHARS = /^\+?[\d\s\u00A0\u202F().-]+$/u;

/*
 * Without a leading + or 00 the country is unknown, so only the one national
 * notation that is unambiguous in practice is accepted: 11 digits starting
 * with 8 or 7 (Russia and Kazakhstan, +7), and 8 0XX… (Belarus). Anything else
 * is refused so the bot asks for the international format instead of
 * guessing a country.
 */
function nationalDefault(digits: string): CountryCode[] {
  if (digits.length !== 11) return [];
  if (digits.startsWith('80')) return ['BY'];
  return digits.startsWith('8') || digits.startsWith('7') ? ['RU'] : [];
}

function parse(text: string): PhoneNumber | null {
  // Drop a label such as "мой номер:" — the number starts at its first + or digit.
  const start = text.search(/[+\d]/);
  if (start < 0) return null;
  const candidate = text.slice(start).trim().replace(/^00/, '+');
  if (!PHONE_CHARS.test(candidate)) return null;
  if (candidate.startsWith('+')) {
    const phone = parsePhoneNumberFromString(candidate);
    return phone?.isValid() ? phone : null;
  }
  const digits = candidate.replace(/\D/g, '');
  for (const country of nationalDefault(digits)) {
    const phone = parsePhoneNumberFromString(digits, country);
    if (phone?.isValid()) return phone;
  }
  return null;
}

/**
 * Says whether the phone number the shopper typed qualifies for password
 * reset by phone (SPEC §4.3) and on which site. The number must be valid for
 * its country (libphonenumber "max" metadata, which checks the digits, not
 * only the length). The E.164 form is returned for the caller to mask before
 * storing it.
 */
export function checkPhoneReset(text: string): PhoneReset {
  const phone = parse(text);
  if (!phone) return { kind: 'invalid' };
  const e164 = phone.number;
  const country = phone.country ?? null;
  if (country && GLOBAL_SITE.has(country)) return { kind: 'eligible', site: 'global', country, e164 };
  if (country && RU_LOCAL_SITE.has(country)) return { kind: 'eligible', site: 'ruLocal', country, e164 };
  return { kind: 'notEligible', country, e164 };
}
