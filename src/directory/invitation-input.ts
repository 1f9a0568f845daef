import { z } from 'zod';
import { checkEmail } from './guest.js';
import { normalizeRedirectUrl, redirectUriProblem } from './redirect-uri.js';
import { languageInput } from './tenant-branding.js';

const noControlCharacters = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

/**
 * An invitation as the admin API and the plugin take it; every error names its field. The
 * address becomes its canonical form (checkEmail) and the redirect URL its normal form, so
 * what is stored, mailed and later followed is exactly what was checked.
 */
export const invitationInput = z
  .object({
    email: z.string({ error: 'required, an email address' }).transform((value, ctx) => {
      const checked = checkEmail(value);
      if (checked.email !== undefined) return checked.email;
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }),
    redirectUrl: z.string({ error: 'required, a URL' }).transform((value, ctx) => {
      const url = normalizeRedirectUrl(value);
      if (url !== undefined) return url;
      ctx.addIssue({ code: 'custom', message: redirectUriProblem(value) ?? 'invalid' });
      return z.NEVER;
    }),
    sendEmail: z.boolean({ error: 'must be true or false' }).default(true),
    displayName: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'at most 200 characters' })
      .refine(noControlCharacters, { error: 'must not contain control characters (CR, LF, …)' })
      .optional(),
    /** invite even when no sign-in method would apply (else 409 no_sign_in_method) */
    force: z.boolean({ error: 'must be true or false' }).optional(),
    /** the invitation mail's language (default: the tenant's default language, else English) */
    language: languageInput.optional(),
  })
  .strict();
