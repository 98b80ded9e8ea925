import { locale } from '$lib/i18n/locale.svelte.js';

/** A BCP 47 code in the page's language (zh-CN → 中文(中国) / Chinese (China)); the code if unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([locale.current], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
