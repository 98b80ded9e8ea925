import { locale, type Locale } from './locale.svelte.js';

export type MessageParams = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

/**
 * Messages of one area of the app, in English and Simplified Chinese; the Chinese table must have
 * every English key (a missing one is a type error). `{name}` placeholders take `params`.
 */
export function defineMessages<const E extends Record<string, string>>(en: E, zh: { [K in keyof E]: string }): Translate<Extract<keyof E, string>> {
  const tables: Record<Locale, Record<string, string>> = { en, 'zh-CN': zh };
  return (key, params) => interpolate(tables[locale.current][key] ?? key, params);
}

export function interpolate(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
