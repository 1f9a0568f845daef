import { describe, expect, it } from '@jest/globals';
import { isAllowedRedirectUri } from '../../../src/directory/redirect-uri.js';

describe('redirect URIs: https anywhere, http only on loopback, never a fragment or credentials (no open redirects)', () => {
  it.each([
    ['an https URL', 'https://app.example.com/cb'],
    ['an https URL with a port and a query', 'https://app.example.com:8443/cb?tenant=a&x=1'],
    ['an https URL without a path', 'https://app.example.com'],
    [
      'an https URL written in capitals (URLs are case-insensitive there)',
      'HTTPS://APP.EXAMPLE.COM/cb',
    ],
    ['http on localhost (local development)', 'http://localhost:3000/cb'],
    ['http on localhost in capitals', 'http://LOCALHOST:3000/cb'],
    ['http on 127.0.0.1 (native apps)', 'http://127.0.0.1:9/cb'],
    ['http on the IPv6 loopback [::1]', 'http://[::1]:8080/cb'],
    ['http on the IPv6 loopback written in full', 'http://[0:0:0:0:0:0:0:1]/cb'],
  ])('allows %s: %s', (_case, uri) => {
    expect(isAllowedRedirectUri(uri)).toBe(true);
  });

  it.each([
    ['plain http off loopback', 'http://app.example.com/cb'],
    ['http on a host that only starts with localhost', 'http://localhost.evil.example/cb'],
    ['http on a loopback-looking DNS name', 'http://127.0.0.1.nip.io/cb'],
    ['http on another 127/8 address (only 127.0.0.1 is listed)', 'http://127.0.0.2/cb'],
    ['http on 0.0.0.0', 'http://0.0.0.0:3000/cb'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,hi'],
    ['a file: URL', 'file:///etc/passwd'],
    ['an ftp URL', 'ftp://app.example.com/cb'],
    ['a private-use scheme of a native app', 'com.example.app:/oauth2redirect'],
    ['a fragment', 'https://app.example.com/cb#x'],
    ['an empty fragment', 'https://app.example.com/cb#'],
    ['a fragment on loopback', 'http://localhost:3000/cb#x'],
    ['a user and password', 'https://user:pw@app.example.com/cb'],
    ['a user name alone', 'https://user@app.example.com/cb'],
    ['credentials on loopback', 'http://user:pw@127.0.0.1/cb'],
    ['a scheme-relative URL', '//evil.example/cb'],
    ['a path alone', '/cb'],
    ['text that is no URL', 'not a url'],
    ['an empty string', ''],
    // text a URL parser would repair into something else than what was checked
    ['CR LF in the path', 'https://app.example.com/cb\r\nx'],
    ['a tab in the host', 'https://app.exam\tple.com/cb'],
    ['a space in the path', 'https://app.example.com/a b'],
    ['a leading space', ' https://app.example.com/cb'],
    ['backslashes for slashes', 'https:\\\\evil.example\\cb'],
    ['a backslash before an @', 'https://app.example.com\\@evil.example/cb'],
    ['https: without //', 'https:evil.example'],
    ['https: with one slash', 'https:/evil.example/cb'],
    ['non-ASCII text that is not percent-encoded', 'https://app.example.com/café'],
    ['a NUL', 'https://app.example.com/cb\u0000'],
  ])('refuses %s: %j', (_case, uri) => {
    expect(isAllowedRedirectUri(uri)).toBe(false);
  });
});
