import type { Locale } from '../../core/domain.js';

/**
 * How shoppers of each language type what the understanding tests need: the phrasings the
 * review found misunderstood (issues 10 and 12), and variants of our own that are in no
 * corpus file.
 */
export type UnderstandingSpeech = {
  /** First messages → which question they must lead to. */
  forgotPassword: string[];
  forgotAccount: string[];
  changeEmail: string[];
  operator: string[];
  yes: string[];
  no: string[];
  thanks: string;
  cardInPaymentAnswer: string;
  orderInYes: string;
  amountInWords: string;
  amountWithDate: string;
  dateAtAmount: string;
  approximate: string;
  dontRememberCard: string;
  dontRememberAmount: string;
  dontRememberDate: string;
  dontKnowOrder: string;
  noMailbox: string;
  gibberish: [string, string];
  /** One word that could mean changing the email or having lost the mailbox. */
  vagueMail: string;
  /** A word of the copy that proves the reply is in this language. */
  marker: RegExp;
};

export const UNDERSTANDING: Record<Locale, UnderstandingSpeech> = {
  ru: {
    forgotPassword: ['не могу войти в личный кабинет', 'пароль забыл помогите', 'парль забыла', 'забыл пaроль', 'pf,sk gfhjkm', 'ЗАБЫЛААА ПАРОЛЬ!!!', 'не получается залогинится уже неделю'],
    forgotAccount: ['потеряла доступ к аккаунту, не помню ни почту ни логин', 'Я забыл свой аккаунт и хочу найти его', 'не помню на какую почту заводил профиль'],
    changeEmail: ['поменять почту в профиле', 'хочу новую электронку привязать'],
    operator: ['свяжите с поддержкой', 'позовите живого оператора пожалуйста'],
    yes: ['ага', 'ну да', 'конечно'],
    no: ['неа', 'да нет', 'нет, не было'],
    thanks: 'спасибо',
    cardInPaymentAnswer: 'картой, первые 427601 последние 1234',
    orderInYes: 'да, вот номер 8123 4567 8901 2345',
    amountInWords: '1520 руб 50 коп',
    amountWithDate: '1520,50 руб 1 октября 2026',
    dateAtAmount: '14 сентября',
    approximate: 'около 1520',
    dontRememberCard: 'не помню цифры карты',
    dontRememberAmount: 'сумму не помню',
    dontRememberDate: 'не помню дату',
    dontKnowOrder: 'не знаю номер заказа',
    noMailbox: 'у меня нет доступа к этой почте',
    gibberish: ['фыва олдж', 'ячсм ить'],
    vagueMail: 'почта',
    marker: /[а-яё]/i,
  },
  uk: {
    forgotPassword: ["не пам'ятаю пароля", 'забула пароль від кабінету', 'не можу увійти в особистий кабінет', 'забув пaроль'],
    forgotAccount: ['забув обліковий запис', 'не пам’ятаю на яку пошту реєструвала акаунт'],
    changeEmail: ['поміняти імейл', 'хочу змінити електронну пошту в профілі'],
    operator: ['покличте оператора', 'зв’яжіть мене з живою людиною'],
    yes: ['так', 'ага', 'авжеж'],
    no: ['та ні', 'ні', 'нема'],
    thanks: 'дякую',
    cardInPaymentAnswer: 'карткою 427601 1234',
    orderInYes: 'так, ось номер 8123 4567 8901 2345',
    amountInWords: '1520 грн 50 коп',
    amountWithDate: '1520,50 грн 1 жовтня 2026',
    dateAtAmount: '14 вересня',
    approximate: 'приблизно 1520',
    dontRememberCard: "не пам'ятаю цифр картки",
    dontRememberAmount: "суму не пам'ятаю",
    dontRememberDate: "не пам'ятаю дати оплати",
    dontKnowOrder: 'не знаю номера замовлення',
    noMailbox: 'у мене немає доступу до цієї пошти',
    gibberish: ['фіва олдж', 'ячсм іть'],
    vagueMail: 'пошта',
    marker: /[іїєґ]/i,
  },
  pl: {
    forgotPassword: ['zapomnialem haslo', 'nie moge sie zalogowac', 'zapomniałam hasła do konta, pomocy', 'nie pamietam hasłą'],
    forgotAccount: ['jak znaleźć moje konto', 'nie pamiętam na jaki mail zakładałem konto'],
    changeEmail: ['chcę zmienić adres e-mail', 'zmiana maila w profilu'],
    operator: ['połącz z obsługą klienta', 'poproszę żywego konsultanta'],
    yes: ['no jasne', 'no mam', 'no', 'pewnie'],
    no: ['nie', 'no nie', 'raczej nie'],
    thanks: 'dzięki',
    cardInPaymentAnswer: 'kartą 427601 1234',
    orderInYes: 'tak, numer 8123 4567 8901 2345',
    amountInWords: '1520 zł 50 gr',
    amountWithDate: '1520,50 zł 1.X.2026',
    dateAtAmount: '14 września',
    approximate: 'około 1520 zł',
    dontRememberCard: 'nie pamiętam cyfr karty',
    dontRememberAmount: 'nie pamiętam kwoty',
    dontRememberDate: 'nie pamiętam daty',
    dontKnowOrder: 'nie znam numeru zamówienia',
    noMailbox: 'nie mam dostępu do tego maila',
    gibberish: ['asdf qwer', 'zxcv bnm'],
    vagueMail: 'mail',
    marker: /[ąćęłńóśźż]/i,
  },
  en: {
    forgotPassword: ['I forgot my password', 'cant log in to my account', 'forgot my pasword pls help'],
    forgotAccount: ["Hi, I can't remember my account", "I can't remember my account", 'which email did I use for my account?'],
    changeEmail: ['I want to change my email address', 'update the email on my profile please'],
    operator: ['get me a real person', 'I want to talk to customer support'],
    yes: ['yep', 'sure', 'yes'],
    no: ['nope', 'no', 'never'],
    thanks: 'thanks a lot',
    cardInPaymentAnswer: 'by card, 427601 1234',
    orderInYes: 'yes, the number is 8123 4567 8901 2345',
    amountInWords: '1520 dollars and 50 cents',
    amountWithDate: '$1,520.50 on October 1, 2026',
    dateAtAmount: 'September 14',
    approximate: 'about 1520',
    dontRememberCard: "I don't remember the card digits",
    dontRememberAmount: "I don't remember the amount",
    dontRememberDate: 'no idea what the date was',
    dontKnowOrder: "I don't know the order number",
    noMailbox: "I don't have access to that email",
    gibberish: ['blorp fizzle', 'wub wub'],
    vagueMail: 'email',
    marker: /\b(the|you|your|I)\b/,
  },
};
