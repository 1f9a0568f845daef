import { z } from 'zod';
import { accentColorPattern } from '../http/branding.js';
import { languages } from '../http/messages/format.js';

const noControlCharacters = (v: string) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v);

/** A language of pages and mails: en, de, fr or es. */
export const languageInput = z.enum(languages, {
  error: `must be one of ${languages.join(', ')}`,
});

/**
 * A logo: an https URL of an image, and nothing that could run or smuggle (no javascript:,
 * data:, http:, credentials). Its origin alone joins the pages' img-src.
 */
const logoUrl = z
  .string({ error: 'must be an https URL' })
  .trim()
  .max(2048, { error: 'at most 2048 characters' })
  .refine(
    (value) => {
      if (!noControlCharacters(value) || /\s/.test(value)) return false;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && !url.username && !url.password && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: 'must be an https URL (https://…), without credentials' },
  )
  .transform((value) => new URL(value).href);

const accentColor = z
  .string({ error: 'must be a colour like #0969da or #09d' })
  .trim()
  .regex(accentColorPattern, { error: 'must be a colour like #0969da or #09d' })
  .transform((value) => value.toLowerCase());

const supportContact = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty (null removes it)' })
  .max(200, { error: 'at most 200 characters' })
  .refine(noControlCharacters, {
    error: 'must not contain control characters (CR, LF, …): it appears in mails',
  });

/**
 * A change of a tenant's branding: each field set, or null to remove it; an absent field
 * keeps what the tenant has.
 */
export const brandingInput = z
  .object({
    logoUrl: logoUrl.nullable().optional(),
    accentColor: accentColor.nullable().optional(),
    supportContact: supportContact.nullable().optional(),
  })
  .strict();

export type BrandingInput = z.infer<typeof brandingInput>;
