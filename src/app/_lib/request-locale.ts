/** The request's locale for dates: the first Accept-Language tag Intl supports (server components only). */
import { headers } from 'next/headers';
import { localeFromAcceptLanguage } from './format';

export async function requestLocale(): Promise<string> {
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}
