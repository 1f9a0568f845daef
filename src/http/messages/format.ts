/** The languages pages and mails are written in; English is the source of every sentence. */
export const languages = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

/** The plural categories a sentence may give (CLDR, as Intl.PluralRules names them). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

/** Numbers, plurals and durations in one language, for the catalogs' sentences. */
export interface Format {
  readonly lang: Language;
  /** a number as the language writes it */
  number(n: number): string;
  /** the form of `forms` Intl.PluralRules picks for n, with `#` replaced by n */
  plural(n: number, forms: PluralForms): string;
  /** "1 minute", "2 Minuten": whole minutes */
  minutes(n: number): string;
  /** how long to wait: seconds under two minutes, whole minutes (rounded up) above */
  wait(seconds: number): string;
}

const minutesOf = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export function formatFor(lang: Language): Format {
  const rules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const unit = (name: 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'long' });
  const minute = unit('minute');
  const second = unit('second');
  return {
    lang,
    number: (n) => numbers.format(n),
    plural: (n, forms) =>
      (forms[rules.select(n)] ?? forms.other).replaceAll('#', numbers.format(n)),
    minutes: (n) => minute.format(n),
    wait: (seconds) => (seconds < 120 ? second.format(seconds) : minute.format(minutesOf(seconds))),
  };
}
