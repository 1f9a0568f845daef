import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import { invite, relyingParty, SignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { mailSettled } from '../support/mail-settled.js';
import { cliFor } from '../support/run-cli.js';
import type { CliResult, RunOptions } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';

// the CLI cases spawn the real CLI (node + tsx): about a second each
jest.setTimeout(60_000);

let world: JourneyWorld;
let cli: (args: readonly string[], options?: RunOptions) => Promise<CliResult>;
beforeAll(async () => {
  world = await startJourneyWorld();
  cli = cliFor(world.t.url, world.t.adminToken);
});
afterAll(async () => world.close());

const hostileSupport = '<script>alert(1)</script> "Help" & it@fabrikam.example';
const brand = {
  logoUrl: 'https://cdn.fabrikam.example/brand/logo.png?v=1&size=2',
  accentColor: '#C50F1F',
  supportContact: hostileSupport,
};

/** a tenant of the calling test's own, with a relying party, branded as asked */
async function brandedTenant(branding?: Record<string, unknown>) {
  const id = uniqueId('brand');
  const rp = await relyingParty(world.t, id, { displayName: 'Fabrikam' });
  if (branding) {
    const set = await world.t.admin('PATCH', `/tenants/${id}`, { branding });
    expect(set.status).toBe(200);
  }
  return { id, rp };
}

/** the sources of one directive of the page's CSP */
function directive(page: Page, name: string): string[] {
  const csp = page.headers.get('content-security-policy') ?? '';
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1) ?? [];
}

const inlineStyles = (page: Page) =>
  [...page.html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('branding through the admin API', () => {
  it('is stored, shown by the API, merged field by field and removed with null', async () => {
    const { id } = await brandedTenant(brand);
    const shown = (await world.t.admin('GET', `/tenants/${id}`)).body;
    expect(shown.branding).toEqual({
      logoUrl: brand.logoUrl,
      accentColor: '#c50f1f',
      supportContact: hostileSupport,
    });
    const changed = await world.t.admin('PATCH', `/tenants/${id}`, {
      branding: { logoUrl: null, accentColor: '#0a0' },
    });
    expect(changed.body.branding).toEqual({
      logoUrl: null,
      accentColor: '#0a0',
      supportContact: hostileSupport,
    });
  });

  /** per branding field, values the API refuses */
  const refusedValues: Record<string, unknown[]> = {
    logoUrl: [
      'javascript:alert(1)',
      'http://cdn.fabrikam.example/logo.png',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'https://user:secret@cdn.fabrikam.example/logo.png',
      'https://cdn.fabrikam.example/a.png" onerror="alert(1)',
      '//cdn.fabrikam.example/logo.png',
      42,
    ],
    accentColor: [
      'red',
      '#12345',
      '#fff;background:url(https://evil.example/x)',
      '#fff}</style><script>alert(1)</script>',
    ],
    supportContact: ['Call us\r\nBcc: attacker@example.com', '', 'x'.repeat(201)],
  };

  /** a branding body and the field its refusal names */
  type Refusal = [Record<string, unknown>, string];
  it.each<Refusal>([
    ...Object.entries(refusedValues).flatMap(([field, values]) =>
      values.map((value): Refusal => [{ [field]: value }, `branding.${field}`]),
    ),
    [{ favicon: 'https://cdn.example/x.ico' }, 'branding'],
  ])('refuses %j, naming %s', async (branding, field) => {
    const { id } = await brandedTenant();
    const refused = await world.t.admin('PATCH', `/tenants/${id}`, { branding });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
    expect(refused.body.error_description.startsWith(`${field}`)).toBe(true);
    // nothing of it was kept
    expect((await world.t.admin('GET', `/tenants/${id}`)).body.branding).toEqual({
      logoUrl: null,
      accentColor: null,
      supportContact: null,
    });
  });
});

describe('a branded page', () => {
  it('shows the logo, allowed by the CSP for its origin alone; the accent by a hashed stylesheet; the support line escaped', async () => {
    const { rp } = await brandedTenant(brand);
    const page = await new SignIn(rp).start();
    expect(heading(page)).toBe('Sign in');

    expect(page.html).toContain(
      '<img class="logo" src="https://cdn.fabrikam.example/brand/logo.png?v=1&amp;size=2" alt="Fabrikam logo" />',
    );
    expect(directive(page, 'img-src')).toEqual(["'self'", 'data:', 'https://cdn.fabrikam.example']);

    const styles = inlineStyles(page);
    expect(styles).toHaveLength(2);
    expect(styles[1]).toBe(':root{--accent:#c50f1f;--on-accent:#fff}');
    expect(directive(page, 'style-src').sort()).toEqual(styles.map(sha256).sort());
    expect(page.html).not.toMatch(/\sstyle=/);

    expect(page.html).toContain(
      '<p class="support">Need help? &lt;script&gt;alert(1)&lt;/script&gt; &quot;Help&quot; &amp; it@fabrikam.example</p>',
    );
    expect(page.html).not.toContain('<script>alert(1)');
  });

  it('a light accent gets dark text on buttons', async () => {
    const { rp } = await brandedTenant({ accentColor: '#ffdd00' });
    const page = await new SignIn(rp).start();
    expect(inlineStyles(page)[1]).toBe(':root{--accent:#ffdd00;--on-accent:#000}');
  });

  it('an error page of the tenant is branded the same way', async () => {
    const { id } = await brandedTenant(brand);
    const page = await new HttpBrowser().request(`${world.t.url}/${id}/interaction/gone`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('class="logo"');
    expect(directive(page, 'img-src')).toEqual(["'self'", 'data:', 'https://cdn.fabrikam.example']);
  });

  it('another tenant’s pages allow no logo origin and carry no accent', async () => {
    await brandedTenant(brand);
    const { rp } = await brandedTenant();
    const page = await new SignIn(rp).start();
    expect(directive(page, 'img-src')).toEqual(["'self'", 'data:']);
    expect(inlineStyles(page)).toHaveLength(1);
    expect(directive(page, 'style-src')).toEqual([sha256(inlineStyles(page)[0] ?? '')]);
    expect(page.html).not.toContain('class="logo"');
    expect(page.html).not.toContain('class="support"');
  });
});

describe('branded mails', () => {
  it('carry the support line (escaped in HTML) and the accent on the invitation button', async () => {
    const { id } = await brandedTenant(brand);
    const email = `${uniqueId('mail')}@contoso.example`;
    await invite(world.t, id, email);
    // the courier delivers the invitation after the request (src/mail/courier/)
    await mailSettled();
    const body = world.sendgrid.requests
      .map(
        (r) =>
          r.body as {
            personalizations: { to: { email: string }[] }[];
            content: { type: string; value: string }[];
          },
      )
      .filter((b) => b.personalizations.some((p) => p.to.some((to) => to.email === email)))
      .at(-1);
    if (!body) throw new Error(`no mail to ${email}`);
    const text = body.content.find((c) => c.type === 'text/plain')?.value ?? '';
    const html = body.content.find((c) => c.type === 'text/html')?.value ?? '';
    expect(text).toContain(`Need help? ${hostileSupport}`);
    expect(html).toContain(
      'Need help? &lt;script&gt;alert(1)&lt;/script&gt; &quot;Help&quot; &amp; it@fabrikam.example',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('background:#c50f1f;');
  });
});

describe('guestpass tenant update', () => {
  const ok = (result: CliResult) => {
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    return result;
  };

  it('sets the default language and branding, shows them, and removes them with --no-…', async () => {
    const { id } = await brandedTenant();
    const set = ok(
      await cli([
        'tenant',
        'update',
        id,
        '--default-language',
        'de',
        '--logo',
        'https://cdn.fabrikam.example/logo.svg',
        '--accent',
        '#0a7',
        '--support',
        'Help: it@fabrikam.example',
      ]),
    );
    expect(set.stdout).toContain(`Updated tenant ${id}.`);
    expect(set.stdout).toMatch(/^default-language:\s+de$/m);
    expect(set.stdout).toMatch(/^logo:\s+https:\/\/cdn\.fabrikam\.example\/logo\.svg$/m);
    expect(set.stdout).toMatch(/^accent:\s+#0a7$/m);
    expect(set.stdout).toMatch(/^support:\s+Help: it@fabrikam\.example$/m);

    ok(await cli(['tenant', 'update', id, '--no-logo', '--no-default-language']));
    const shown = (await world.t.admin('GET', `/tenants/${id}`)).body;
    expect(shown.defaultLanguage).toBeNull();
    expect(shown.branding).toEqual({
      logoUrl: null,
      accentColor: '#0a7',
      supportContact: 'Help: it@fabrikam.example',
    });
  });

  it('a hostile logo exits 1 with the API error naming the field', async () => {
    const { id } = await brandedTenant();
    const refused = await cli(['tenant', 'update', id, '--logo', 'javascript:alert(1)']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('branding.logoUrl');
  });

  it('nothing to change is a usage error', async () => {
    const { id } = await brandedTenant();
    const refused = await cli(['tenant', 'update', id]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('nothing to change');
  });
});
