import { z } from 'zod';
import { isEmailAddress } from './guest.js';
import { isAllowedRedirectUri, redirectUriRule } from './redirect-uri.js';

const noControlCharacters = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

/** An invitation as the admin API and the plugin take it; every error names its field. */
export const invitationInput = z
  .object({
    email: z
      .string({ error: 'required, an email address' })
      .trim()
      .refine(isEmailAddress, { error: 'must be an email address, like name@example.com' }),
    redirectUrl: z
      .string({ error: 'required, a URL' })
      .refine(isAllowedRedirectUri, { error: redirectUriRule }),
    sendEmail: z.boolean({ error: 'must be true or false' }).default(true),
    displayName: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'at most 200 characters' })
      .refine(noControlCharacters, { error: 'must not contain control characters (CR, LF, …)' })
      .optional(),
  })
  .strict();
