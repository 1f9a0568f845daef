import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { xpath, parseDomFromString } from '@node-saml/node-saml/lib/xml.js';
import { issuerAllowed } from '../rule.js';

/**
 * A federation rule that names a SAML 2.0 identity provider (AD FS, Shibboleth, PingFederate,
 * Okta, Entra ID's SAML apps): its metadata, given inline or by URL, says who it is, where
 * guests sign in and which certificates sign its answers (all of them: rotation publishes
 * the next certificate beside the current one).
 */
export interface SamlRule {
  readonly id: string;
  readonly type: 'saml';
  readonly domains: readonly string[];
  /** where the metadata was fetched from (absent: the admin gave it inline) */
  readonly metadataUrl?: string;
  /** when it was fetched (ms), or a failed refresh's retry time less the refresh interval */
  readonly fetchedAt?: number;
  /** the attribute that carries the email address (absent: `email`) */
  readonly emailAttribute?: string;
  readonly idp: SamlIdp;
}

/** What Guestpass keeps of the IdP's metadata. */
export interface SamlIdp {
  readonly entityId: string;
  /** the SingleSignOnService with the HTTP-Redirect binding */
  readonly ssoUrl: string;
  /** PEM certificates that may sign responses and assertions */
  readonly certificates: readonly string[];
}

export const defaultEmailAttribute = 'email';

/** the bytes of metadata Guestpass reads, inline or fetched */
export const metadataMaxBytes = 512 * 1024;
export const metadataTimeoutMs = 5000;

export class SamlMetadataError extends Error {}

const redirectBinding = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

const pem = (base64: string) => {
  const body = base64.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
};

/** Reads an IdP's EntityDescriptor: entity ID, HTTP-Redirect SSO URL, signing certificates. */
export async function parseIdpMetadata(xml: string, production: boolean): Promise<SamlIdp> {
  if (Buffer.byteLength(xml) > metadataMaxBytes)
    throw new SamlMetadataError(`the metadata is larger than ${metadataMaxBytes} bytes`);
  let doc: Awaited<ReturnType<typeof parseDomFromString>>;
  try {
    doc = await parseDomFromString(xml);
  } catch {
    throw new SamlMetadataError('the metadata is not well-formed XML');
  }
  const value = (path: string) =>
    xpath.selectAttributes(doc, path).map((a) => (a.nodeValue ?? '').trim());
  const root = "/*[local-name()='EntityDescriptor']";
  const idp = `${root}/*[local-name()='IDPSSODescriptor']`;
  const [entityId] = value(`${root}/@entityID`);
  if (!entityId) throw new SamlMetadataError('no EntityDescriptor with an entityID');
  if (xpath.selectElements(doc, idp).length !== 1)
    throw new SamlMetadataError('the metadata must have one IDPSSODescriptor');
  const [ssoUrl] = value(
    `${idp}/*[local-name()='SingleSignOnService'][@Binding='${redirectBinding}']/@Location`,
  );
  if (!ssoUrl) throw new SamlMetadataError('no SingleSignOnService with the HTTP-Redirect binding');
  if (!issuerAllowed(ssoUrl, production))
    throw new SamlMetadataError(
      `the SingleSignOnService location ${ssoUrl} must be an https URL${production ? '' : ' (http only on localhost)'}`,
    );
  const certificates = xpath
    .selectElements(
      doc,
      `${idp}/*[local-name()='KeyDescriptor'][not(@use) or @use='signing']//*[local-name()='X509Certificate']`,
    )
    .map((e) => pem(e.textContent ?? ''));
  if (certificates.length === 0)
    throw new SamlMetadataError('no signing certificate (KeyDescriptor use="signing")');
  for (const certificate of certificates) {
    try {
      new X509Certificate(certificate);
    } catch {
      throw new SamlMetadataError('a signing certificate is not a valid X.509 certificate');
    }
  }
  return { entityId, ssoUrl, certificates: [...new Set(certificates)] };
}

/** Fetches metadata with a timeout and a size limit. */
export async function fetchIdpMetadata(url: string): Promise<string> {
  const signal = AbortSignal.timeout(metadataTimeoutMs);
  const failed = () =>
    new SamlMetadataError(
      `could not fetch ${url} (${signal.aborted ? `no answer within ${metadataTimeoutMs} ms` : 'unreachable'})`,
    );
  const tooLarge = () =>
    new SamlMetadataError(`the metadata is larger than ${metadataMaxBytes} bytes`);
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: 'error',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch {
    throw failed();
  }
  if (!response.ok) throw new SamlMetadataError(`${url} answered ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > metadataMaxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).byteLength;
      if (size > metadataMaxBytes) break;
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch {
    throw failed();
  }
  if (size > metadataMaxBytes) throw tooLarge();
  return Buffer.concat(chunks).toString('utf8');
}

const domainPattern =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const domain = z
  .string({ error: 'each must be a domain name like example.com' })
  .trim()
  .toLowerCase()
  .regex(domainPattern, { error: 'each must be a domain name like example.com' });

/** A SAML rule as an admin writes it: `metadataXml` or `metadataUrl`, and the email attribute. */
export function samlRuleSchema(production: boolean) {
  return z
    .object({
      id: z.string({ error: 'required, a string' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        error: 'must be lowercase letters, digits and hyphens (1 to 63 characters)',
      }),
      type: z.literal('saml'),
      domains: z
        .array(domain, { error: 'must be an array of domain names' })
        .min(1, { error: 'must name at least one domain' }),
      metadataXml: z
        .string({ error: 'must be a string (the IdP metadata XML)' })
        .min(1, { error: 'must not be empty' })
        .max(metadataMaxBytes, { error: `must be at most ${metadataMaxBytes} characters` })
        .optional(),
      metadataUrl: z
        .string({ error: 'must be a string (the URL of the IdP metadata)' })
        .refine((v) => issuerAllowed(v, production), {
          error: production
            ? 'must be an https URL'
            : 'must be an https URL (http only on localhost)',
        })
        .optional(),
      emailAttribute: z
        .string({ error: 'must be a string (the attribute name that carries the email)' })
        .min(1, { error: 'must not be empty' })
        .max(256, { error: 'must be at most 256 characters' })
        .optional(),
    })
    .strict()
    .superRefine((rule, ctx) => {
      if ((rule.metadataXml === undefined) === (rule.metadataUrl === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['metadataXml'],
          message: 'give exactly one of metadataXml and metadataUrl',
        });
    });
}

export type SamlRuleInput = z.output<ReturnType<typeof samlRuleSchema>>;

/** An admin's SAML rule with its metadata read (fetched when given by URL). */
export async function resolveSamlRule(
  input: SamlRuleInput,
  production: boolean,
  now: number,
): Promise<SamlRule> {
  const xml = input.metadataXml ?? (await fetchIdpMetadata(input.metadataUrl ?? ''));
  const idp = await parseIdpMetadata(xml, production);
  return {
    id: input.id,
    type: 'saml',
    domains: input.domains,
    ...(input.metadataUrl ? { metadataUrl: input.metadataUrl, fetchedAt: now } : {}),
    ...(input.emailAttribute ? { emailAttribute: input.emailAttribute } : {}),
    idp,
  };
}

export const isSamlInput = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'saml';

/**
 * One rule of a tenant's list as an admin writes it: a SAML rule (`type: "saml"`) or an
 * OpenID one (the OIDC schema), each error named at its place in the list.
 */
export function ruleOrSamlSchema<T extends z.ZodType>(production: boolean, oidc: T) {
  const saml = samlRuleSchema(production);
  return z.unknown().transform((value, ctx): z.output<T> | SamlRuleInput => {
    const parsed = isSamlInput(value) ? saml.safeParse(value) : oidc.safeParse(value);
    if (parsed.success) return parsed.data as z.output<T> | SamlRuleInput;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}
