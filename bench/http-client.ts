/**
 * The benchmark's browser: a cookie jar, manual redirects, form posts and a client address
 * sent as X-Forwarded-For (the servers trust one proxy hop), so per-IP limits stay on and
 * every simulated guest has an address of its own.
 */
export interface Answer {
  readonly status: number;
  readonly url: string;
  readonly location: string | undefined;
  readonly body: string;
}

export class BenchBrowser {
  readonly #jar = new Map<string, string>();
  /** HTTP requests this browser made */
  requests = 0;

  constructor(readonly clientAddress: string) {}

  async request(url: string, form?: Record<string, string>): Promise<Answer> {
    this.requests += 1;
    const headers: Record<string, string> = {
      accept: 'text/html',
      'x-forwarded-for': this.clientAddress,
    };
    if (this.#jar.size) headers.cookie = [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : null,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // paths are ignored: one guest, one tenant, and the names do not collide
      if (!value || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      url,
      location: location === undefined ? undefined : new URL(location, url).href,
      body: await response.text(),
    };
  }

  /** follows redirects until a page, or until the location matches `stopAt` */
  async go(url: string, form?: Record<string, string>, stopAt?: string): Promise<Answer> {
    let answer = await this.request(url, form);
    for (let hops = 0; answer.location && hops < 20; hops += 1) {
      if (stopAt && answer.location.startsWith(stopAt)) return answer;
      answer = await this.request(answer.location);
    }
    if (answer.status >= 400)
      throw new Error(`${answer.status} at ${url}: ${answer.body.slice(0, 200)}`);
    return answer;
  }
}

/** the action URL and hidden fields of the form posting to `…/{action}` */
export function formOf(
  page: Answer,
  action: string,
): { url: string; fields: Record<string, string> } {
  const forms = page.body.match(/<form[\s\S]*?<\/form>/g) ?? [];
  for (const form of forms) {
    const target = /action="([^"]+)"/.exec(form)?.[1]?.replace(/&amp;/g, '&');
    if (!target?.endsWith(`/${action}`)) continue;
    const fields: Record<string, string> = {};
    for (const input of form.match(/<input[^>]*>/g) ?? []) {
      if (!/type="hidden"/.test(input)) continue;
      const name = /name="([^"]+)"/.exec(input)?.[1];
      const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
      if (name) fields[name] = value.replace(/&amp;/g, '&');
    }
    return { url: new URL(target, page.url).href, fields };
  }
  throw new Error(`no form posting to ${action} at ${page.url}: ${page.body.slice(0, 300)}`);
}
