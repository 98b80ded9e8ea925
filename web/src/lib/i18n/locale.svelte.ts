export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'broadcart.locale';

/** The browser's preferred language, mapped onto the two we ship: any Chinese → zh-CN, else en. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

function initialLocale(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  }
  if (typeof navigator !== 'undefined') return preferredLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
  return 'zh-CN';
}

class LocaleState {
  current = $state<Locale>(initialLocale());

  /** Switches the language and remembers the choice over the browser's default. */
  set(locale: Locale): void {
    this.current = locale;
    if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale);
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

/** The page's language; every `t()` and formatter reads it, so a switch re-renders at once. */
export const locale = new LocaleState();
