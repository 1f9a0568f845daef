import { describe, expect, it } from '@jest/globals';
import { generateClientKey } from '../../../src/federation/client-key.js';
import { parseIdpMetadata, samlRuleSchema } from '../../../src/federation/saml/saml-rule.js';

const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const [signing, next, encryption, wsfed] = await Promise.all(
  ['signing', 'next', 'encryption', 'ws-fed'].map((n) => generateClientKey(n)),
);
const key = (use: string | undefined, pem: string) =>
  `<KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
${body(pem)}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;

/** AD FS-shaped metadata: a WS-Fed RoleDescriptor with a key of its own, then the IdP */
const adfs = `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_x" entityID="http://adfs.northwind.com/adfs/services/trust" xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">${key('signing', wsfed!.certificate)}</RoleDescriptor>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${key('encryption', encryption!.certificate)}
    ${key('signing', signing!.certificate)}
    ${key(undefined, next!.certificate)}
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://adfs.northwind.com/adfs/ls/"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://adfs.northwind.com/adfs/ls/"/>
  </IDPSSODescriptor>
</EntityDescriptor>`;

describe('IdP metadata', () => {
  it("keeps the IdP's signing certificates (use signing, or no use) and not the encryption or WS-Fed ones", async () => {
    const idp = await parseIdpMetadata(adfs, true);
    expect(idp).toEqual({
      entityId: 'http://adfs.northwind.com/adfs/services/trust',
      ssoUrl: 'https://adfs.northwind.com/adfs/ls/',
      certificates: [signing!.certificate, next!.certificate],
    });
  });

  it.each<[string, string, string]>([
    [
      'no HTTP-Redirect SSO',
      adfs.replace(/<SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*>/, ''),
      'HTTP-Redirect',
    ],
    [
      'an http SSO URL in production',
      adfs.replaceAll('https://adfs.', 'http://adfs.'),
      'must be an https URL',
    ],
    [
      'no entityID',
      adfs.replace(' entityID="http://adfs.northwind.com/adfs/services/trust"', ''),
      'entityID',
    ],
    [
      'a certificate that is not one',
      adfs.replace(body(signing!.certificate), 'bm90IGEgY2VydA=='),
      'not a valid X.509',
    ],
    [
      'no IDPSSODescriptor',
      adfs.replace(/<IDPSSODescriptor[\s\S]*<\/IDPSSODescriptor>/, ''),
      'IDPSSODescriptor',
    ],
  ])('refuses %s', async (_name, xml, message) => {
    await expect(parseIdpMetadata(xml, true)).rejects.toThrow(message);
  });

  it('a rule takes metadataXml or metadataUrl, the email attribute, and nothing else', () => {
    const schema = samlRuleSchema(true);
    const rule = { id: 'adfs', type: 'saml', domains: ['Northwind.com'], metadataXml: adfs };
    expect(schema.parse(rule)).toEqual({ ...rule, domains: ['northwind.com'] });
    expect(schema.safeParse({ ...rule, clientId: 'x' }).success).toBe(false);
    expect(schema.safeParse({ ...rule, metadataUrl: 'https://x.example/m' }).success).toBe(false);
    expect(
      schema.safeParse({
        id: 'a',
        type: 'saml',
        domains: ['x.example'],
        metadataUrl: 'http://x.example/m',
      }).success,
    ).toBe(false);
  });
});
