/**
 * A minimal browser over real HTTP for integration tests: a cookie jar (with paths), manual
 * redirects, and form posts. Pages are read as HTML text.
 */
interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class HttpBrowser {
  readonly #cookies: Cookie[] = [];

  /** `headers`: sent with every request (a test playing a client that writes X-Forwarded-For) */
  constructor(private readonly headers: () => Record<string, string> = () => ({})) {}

  #cookieHeader(url: URL): string {
    return this.#cookies
      .filter(
        (c) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) ||
          c.path === '/',
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttribute
        ? pathAttribute.slice(5)
        : url.pathname.replace(/\/[^/]*$/, '') || '/';
      const expired =
        attributes.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a)) ||
        attributes.some((a) => /^max-age=0$/i.test(a));
      const index = this.#cookies.findIndex((c) => c.name === name && c.path === path);
      if (index >= 0) this.#cookies.splice(index, 1);
      if (!expired && value !== '') this.#cookies.push({ name, value, path });
    }
  }

  cookies(): readonly Cookie[] {
    return this.#cookies;
  }

  clearCookies() {
    this.#cookies.length = 0;
  }

  /** one request, no redirect following */
  async request(
    input: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Page> {
    const url = new URL(input);
    const headers: Record<string, string> = { accept: 'text/html', ...this.headers() };
    const cookie = this.#cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : null,
      redirect: 'manual',
    });
    this.#store(url, response);
    return {
      status: response.status,
      url: url.href,
      html: await response.text(),
      headers: response.headers,
    };
  }

  /**
   * Follows redirects until a page is shown or `stopAt` matches the location (for example
   * the relying party's redirect URI); returns the last response.
   */
  async go(
    input: string,
    init: { form?: Record<string, string> } = {},
    stopAt?: (url: string) => boolean,
  ): Promise<Page> {
    let page = await this.request(input, init);
    for (let hops = 0; hops < 20 && page.status >= 300 && page.status < 400; hops += 1) {
      const location = new URL(page.headers.get('location') ?? '', page.url).href;
      if (stopAt?.(location)) return { ...page, url: location };
      page = await this.request(location);
    }
    return page;
  }

  /**
   * submits the form whose action ends with `/{action}` on the page, as a browser does: its
   * hidden fields (the CSRF token) and then `fields`
   */
  async submit(
    page: Page,
    action: string,
    fields: Record<string, string> = {},
    stopAt?: (url: string) => boolean,
  ): Promise<Page> {
    const form = postFormOf(page, action);
    return this.go(
      new URL(form.action, page.url).href,
      { form: { ...form.hidden, ...fields } },
      stopAt,
    );
  }
}

const unescape = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The POST form whose action ends with `/{action}`: its action and its hidden fields. */
export function postFormOf(
  page: Page,
  action: string,
): { action: string; hidden: Record<string, string> } {
  const form = [
    ...page.html.matchAll(/<form\s+method="post"\s+action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g),
  ].find((m) => (m[1] ?? '').endsWith(`/${action}`));
  if (!form)
    throw new Error(
      `no form with action ${action} on ${page.url} (status ${page.status}):\n${page.html.slice(0, 2000)}`,
    );
  const hidden = [...(form[2] ?? '').matchAll(/<input\b([^>]*)>/g)]
    .map((m) => m[1] ?? '')
    .filter((attrs) => /\btype="hidden"/.test(attrs))
    .map((attrs) => [/\bname="([^"]*)"/.exec(attrs)?.[1], /\bvalue="([^"]*)"/.exec(attrs)?.[1]])
    .filter((pair): pair is [string, string] => pair[0] !== undefined)
    .map(([name, value]) => [unescape(name), unescape(value ?? '')]);
  return { action: unescape(form[1] ?? ''), hidden: Object.fromEntries(hidden) };
}

export function formAction(page: Page, action: string): string {
  return postFormOf(page, action).action;
}

export function heading(page: Page): string {
  return /<h1>([\s\S]*?)<\/h1>/.exec(page.html)?.[1] ?? '';
}

/** the attributes of the element `<tag ... name="name">` on the page */
export function attributesOf(page: Page, tag: string, name: string): Record<string, string> {
  const element = [...page.html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))]
    .map((m) => m[1] ?? '')
    .find((attrs) => new RegExp(`\\bname="${name}"`).test(attrs));
  if (element === undefined) throw new Error(`no <${tag} name="${name}"> on ${page.url}`);
  return Object.fromEntries(
    [...element.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** the visible text of the page's buttons */
export function buttons(page: Page): string[] {
  return [...page.html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((m) =>
    (m[1] ?? '').trim(),
  );
}
