import { createHash } from 'node:crypto';

/**
 * The one stylesheet of every page, inlined and allowed by its hash in the CSP
 * (so no 'unsafe-inline' and no extra request). Mobile first, system fonts, visible focus.
 * The organization's accent comes in as custom properties (--accent, --on-accent) from a
 * second, hashed <style> (src/http/branding.ts). Long text wraps at spaces; only a token
 * longer than the line (a URL, a token) breaks inside (overflow-wrap:anywhere).
 */
export const stylesheet = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f3f5f8}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
@media (max-width:30rem){main{margin:0;border-radius:0;min-height:100vh}}
h1{font-size:1.4rem;margin:0 0 1rem}
.org{color:#57606a;font-size:.9rem;margin:0 0 .25rem}
.logo{display:block;max-height:3rem;max-width:12rem;margin:0 0 .75rem}
.support{color:#57606a;font-size:.9rem;margin:1.5rem 0 0;border-top:1px solid #d0d7de;padding-top:.75rem;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem;font-size:1.1rem;border:1px solid #8c959f;border-radius:.35rem}
input:focus,button:focus,a:focus{outline:3px solid var(--accent,#0969da);outline-offset:2px}
button{margin-top:1rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;border:0;border-radius:.35rem;background:var(--accent,#0969da);color:var(--on-accent,#fff);cursor:pointer}
button.secondary{background:#eaeef2;color:#1b1f24}
.error{color:#a40e26;background:#ffebe9;border-radius:.35rem;padding:.6rem}
.notice{background:#ddf4ff;border-radius:.35rem;padding:.6rem}
.muted{color:#57606a;font-size:.9rem}
pre{white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;background:#f6f8fa;padding:.75rem;border-radius:.35rem;font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;border-bottom:1px solid #d0d7de;padding:.3rem;overflow-wrap:anywhere}
`.trim();

export const stylesheetHash = `'sha256-${createHash('sha256').update(stylesheet).digest('base64')}'`;
