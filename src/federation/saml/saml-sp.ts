import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { CacheProvider, Profile } from '@node-saml/node-saml';
import { parseDomFromString, xpath } from '@node-saml/node-saml/lib/xml.js';
import type { ClientKey } from '../client-key.js';
import { FederationError } from '../upstreams.js';
import { defaultEmailAttribute } from './saml-rule.js';
import type { SamlRule } from './saml-rule.js';

/** This tenant as a SAML service provider: the URLs the partner registers. */
export interface SpEndpoints {
  /** the SP entity ID (the URL of its metadata) */
  readonly entityId: string;
  /** the AssertionConsumerService (HTTP-POST) */
  readonly acsUrl: string;
}

/** how far the IdP's clock may be from ours (NotBefore, NotOnOrAfter) */
export const samlClockSkewMs = 60_000;

/** What a verified response says about the guest. */
export interface SamlIdentity {
  /** the IdP entity ID */
  readonly issuer: string;
  /** the NameID */
  readonly subject: string;
  readonly email: string | undefined;
  /** the assertion's ID (for the replay cache) and until when it is valid */
  readonly assertionId: string;
  readonly notOnOrAfter: number | undefined;
}

/**
 * node-saml's request cache, holding only the one AuthnRequest this browser started (its
 * single use is the flow's, taken from Redis before validation); saving captures a new ID.
 */
class OneRequest implements CacheProvider {
  saved: string | undefined;
  constructor(private readonly id?: string) {}
  saveAsync(key: string, value: string) {
    this.saved = key;
    return Promise.resolve({ value, createdAt: Date.now() });
  }
  getAsync(key: string) {
    // node-saml reads the value as the request's start; the flow's TTL in Redis bounds its age
    return Promise.resolve(
      this.id !== undefined && key === this.id ? new Date().toISOString() : null,
    );
  }
  removeAsync(key: string | null) {
    return Promise.resolve(key);
  }
}

function saml(rule: SamlRule, sp: SpEndpoints, key: ClientKey, cache: CacheProvider) {
  return new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    entryPoint: rule.idp.ssoUrl,
    idpIssuer: rule.idp.entityId,
    idpCert: [...rule.idp.certificates],
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: 'sha256',
    // a signed response or a signed assertion: node-saml then requires the one present
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    acceptedClockSkewMs: samlClockSkewMs,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: 10 * 60_000,
    cacheProvider: cache,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => `_${randomBytes(20).toString('hex')}`,
  });
}

/** The redirect to the IdP (HTTP-Redirect binding, signed) and the AuthnRequest's ID. */
export async function authnRequest(
  rule: SamlRule,
  sp: SpEndpoints,
  key: ClientKey,
  relayState: string,
): Promise<{ url: string; requestId: string }> {
  const cache = new OneRequest();
  const url = await saml(rule, sp, key, cache).getAuthorizeUrlAsync(relayState, undefined, {});
  if (!cache.saved) throw new Error('node-saml did not report the AuthnRequest ID');
  return { url, requestId: cache.saved };
}

/** The SP metadata the partner imports: entity ID, ACS (HTTP-POST), signing certificate. */
export function spMetadata(sp: SpEndpoints, key: ClientKey): string {
  const placeholder: SamlRule = {
    id: 'sp',
    type: 'saml',
    domains: [],
    idp: { entityId: 'none', ssoUrl: 'https://none.invalid/', certificates: [key.certificate] },
  };
  return saml(placeholder, sp, key, new OneRequest()).generateServiceProviderMetadata(null, [
    key.certificate,
  ]);
}

const invalid = (message: string) => new FederationError('invalid_response', message);

type Attributes = Record<string, unknown>;

function firstString(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
}

/** xml2js object of the verified assertion: one attribute of the first element at a path */
function at(node: unknown, path: readonly string[], attribute: string): string | undefined {
  let current: unknown = node;
  for (const name of path) {
    const children = (current as Record<string, unknown> | undefined)?.[name];
    current = Array.isArray(children) ? children[0] : children;
  }
  const value = (current as { $?: Record<string, unknown> } | undefined)?.$?.[attribute];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Verifies a posted SAMLResponse with node-saml (signature by one of the IdP's certificates on
 * the response or the assertion, one assertion only, Issuer, Audience, NotBefore and
 * NotOnOrAfter with a small skew, InResponseTo equal to the request this browser started),
 * then what node-saml leaves to its caller: Destination and Recipient equal to this ACS.
 */
export async function verifyResponse(
  rule: SamlRule,
  sp: SpEndpoints,
  key: ClientKey,
  samlResponse: string,
  requestId: string,
): Promise<SamlIdentity> {
  let profile: Profile | null;
  try {
    ({ profile } = await saml(rule, sp, key, new OneRequest(requestId)).validatePostResponseAsync({
      SAMLResponse: samlResponse,
    }));
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : 'the response did not verify');
  }
  if (!profile) throw invalid('no assertion');
  const doc = await parseDomFromString(Buffer.from(samlResponse, 'base64').toString('utf8'));
  const destination = xpath
    .selectAttributes(doc, "/*[local-name()='Response']/@Destination")
    .map((a) => a.nodeValue);
  if (destination.length !== 1 || destination[0] !== sp.acsUrl)
    throw invalid(`the response's Destination is not ${sp.acsUrl}`);
  // the verified assertion (node-saml parsed it from the signed XML only)
  const assertion = (profile.getAssertion?.() as { Assertion?: unknown } | undefined)?.Assertion;
  const confirmation = ['Subject', 'SubjectConfirmation', 'SubjectConfirmationData'];
  if (at(assertion, confirmation, 'Recipient') !== sp.acsUrl)
    throw invalid(`the assertion's Recipient is not ${sp.acsUrl}`);
  const assertionId = at(assertion, [], 'ID');
  if (!assertionId) throw invalid('the assertion has no ID');
  if (profile.issuer !== rule.idp.entityId) throw invalid('the assertion is from another issuer');
  if (!profile.nameID) throw invalid('the assertion has no NameID');
  const notOnOrAfter =
    at(assertion, confirmation, 'NotOnOrAfter') ?? at(assertion, ['Conditions'], 'NotOnOrAfter');
  const attributes = (profile.attributes ?? {}) as Attributes;
  const email = firstString(
    attributes[rule.emailAttribute ?? defaultEmailAttribute] ??
      (profile as unknown as Attributes)[rule.emailAttribute ?? defaultEmailAttribute],
  );
  return {
    issuer: rule.idp.entityId,
    subject: profile.nameID,
    email,
    assertionId,
    notOnOrAfter: notOnOrAfter ? Date.parse(notOnOrAfter) : undefined,
  };
}
