import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { signXml } from '@node-saml/node-saml/lib/xml.js';
import { generateClientKey } from '../../src/federation/client-key.js';
import type { ClientKey } from '../../src/federation/client-key.js';
import { freePort } from './free-port.js';

/** Who the IdP says signed in, and how it builds the next response (tests change these). */
export interface SamlAnswer {
  nameId: string;
  email?: string;
  /** the Name of the attribute with the email (default `email`) */
  emailAttribute?: string;
  /** which parts carry an XML signature (a real IdP signs one or both) */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** the signing key (default: the IdP's current key) */
  key?: ClientKey;
  audience?: string;
  recipient?: string;
  destination?: string;
  /** absent: the AuthnRequest's ID; null: no InResponseTo at all */
  inResponseTo?: string | null;
  /** seconds from now */
  notBefore?: number;
  notOnOrAfter?: number;
  assertionId?: string;
  issuer?: string;
  /** changes the signed XML as an attacker on the way would (wrapping, comments) */
  tamper?: (xml: string) => string;
}

export interface SamlIdp {
  readonly url: string;
  readonly entityId: string;
  readonly metadataUrl: string;
  /** the current signing key and the next one (both in the metadata: rotation) */
  readonly keys: [ClientKey, ClientKey];
  /** set: /metadata answers this status (an IdP whose metadata is down) */
  metadataDown?: number;
  /** a key rotation: the next key becomes the current one, a new next key is published */
  rotate(): Promise<void>;
  /** the account that signs in at the next AuthnRequest, and how the answer is made */
  answer: SamlAnswer;
  /** AuthnRequests received (their ID, ACS URL and RelayState) */
  readonly requests: { id: string; acs: string; relayState: string; signed: boolean }[];
  metadata(): string;
  /** a signed SAMLResponse (base64) for an AuthnRequest */
  respond(request: { id: string; acs: string }, answer?: SamlAnswer): string;
  stop(): Promise<void>;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const certBody = (pem: string) =>
  pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

const iso = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

const assertionPath = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";

/**
 * A SAML 2.0 identity provider on loopback with real RSA keys and self-signed certificates:
 * metadata at /metadata, SSO (HTTP-Redirect) at /sso answering with an auto-submitting
 * HTTP-POST form. Responses are signed by node-saml's signXml (xml-crypto), never by hand.
 */
export async function startSamlIdp(
  first: SamlAnswer,
  /** `localhost`: another site than Guestpass on 127.0.0.1, so its form POST is cross-site */
  host: '127.0.0.1' | 'localhost' = '127.0.0.1',
): Promise<SamlIdp> {
  const port = await freePort();
  const url = `http://${host}:${port}`;
  const entityId = `${url}/saml/idp`;
  const keys: [ClientKey, ClientKey] = [
    await generateClientKey('Loopback IdP current'),
    await generateClientKey('Loopback IdP next'),
  ];

  const idp: SamlIdp = {
    url,
    entityId,
    metadataUrl: `${url}/metadata`,
    keys,
    async rotate() {
      keys[0] = keys[1];
      keys[1] = await generateClientKey('Loopback IdP next');
    },
    answer: first,
    requests: [],
    metadata: () => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="true">
${keys
  .map(
    (k) => `    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody(k.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>`,
  )
  .join('\n')}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${url}/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${url}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`,
    respond(request, answer = idp.answer) {
      const key = answer.key ?? keys[0];
      const sp = request.acs.replace(/\/acs$/, '/metadata');
      const inResponseTo = answer.inResponseTo === undefined ? request.id : answer.inResponseTo;
      const irt = inResponseTo === null ? '' : ` InResponseTo="${escape(inResponseTo)}"`;
      const assertionId = answer.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
      const issuer = answer.issuer ?? entityId;
      const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(0)}" Destination="${escape(answer.destination ?? request.acs)}"${irt}><saml:Issuer>${escape(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${iso(0)}"><saml:Issuer>${escape(issuer)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${escape(answer.nameId)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(answer.notOnOrAfter ?? 300)}" Recipient="${escape(answer.recipient ?? request.acs)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(answer.notBefore ?? -5)}" NotOnOrAfter="${iso(answer.notOnOrAfter ?? 300)}"><saml:AudienceRestriction><saml:Audience>${escape(answer.audience ?? sp)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(0)}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>${
        answer.email === undefined
          ? ''
          : `<saml:AttributeStatement><saml:Attribute Name="${escape(answer.emailAttribute ?? 'email')}"><saml:AttributeValue>${escape(answer.email)}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`
      }</saml:Assertion></samlp:Response>`;
      const options = {
        privateKey: key.privateKey,
        publicCert: key.certificate,
        signatureAlgorithm: 'sha256' as const,
        digestAlgorithm: 'sha256',
      };
      const sign = answer.sign ?? 'assertion';
      let signed = xml;
      if (sign === 'assertion' || sign === 'both')
        signed = signXml(
          signed,
          assertionPath,
          { reference: `${assertionPath}/*[local-name(.)='Issuer']`, action: 'after' },
          options,
        );
      if (sign === 'response' || sign === 'both')
        signed = signXml(
          signed,
          "/*[local-name(.)='Response']",
          { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
          options,
        );
      return Buffer.from(answer.tamper ? answer.tamper(signed) : signed).toString('base64');
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    if (requestUrl.pathname === '/metadata' && idp.metadataDown) {
      res.writeHead(idp.metadataDown).end();
      return;
    }
    if (requestUrl.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end(idp.metadata());
      return;
    }
    if (requestUrl.pathname === '/sso') {
      const samlRequest = requestUrl.searchParams.get('SAMLRequest') ?? '';
      const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
      const id = /\bID="([^"]+)"/.exec(xml)?.[1] ?? '';
      const acs = /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1] ?? '';
      const relayState = requestUrl.searchParams.get('RelayState') ?? '';
      idp.requests.push({
        id,
        acs,
        relayState,
        signed: requestUrl.searchParams.has('Signature'),
      });
      const response = idp.respond({ id, acs });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><body onload="document.forms[0].submit()"><h1>Signing you in</h1><form method="post" action="${escape(acs)}"><input type="hidden" name="SAMLResponse" value="${response}"><input type="hidden" name="RelayState" value="${escape(relayState)}"><noscript><button type="submit">Continue</button></noscript></form></body></html>`,
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return idp;
}
