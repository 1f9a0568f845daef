import { describe, expect, it } from '@jest/globals';
import { minimumNodeMajor, nodeVersionProblem } from '../../../src/util/node-version.js';

describe('the Node.js version check (server, CLI and npm test)', () => {
  it.each([
    ['24.11.0', false],
    ['22.0.0', false],
    ['23.1.0', false],
    ['21.7.3', true],
    ['20.11.1', true],
    ['18.19.0', true],
    ['not-a-version', true],
  ])('%s too old: %s', (version, tooOld) => {
    expect(nodeVersionProblem(version) !== undefined).toBe(tooOld);
  });

  it('says in one line what is needed, what this is, and how to get it', () => {
    const line = nodeVersionProblem('20.11.1') ?? '';
    expect(minimumNodeMajor).toBe(22);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^Guestpass needs Node\.js 22 or newer; this is v20\.11\.1\. /);
    expect(line).toContain('nvm install');
    expect(line).toContain('npm install --prefix ~/.cache/guestpass-node24 node@24');
  });
});
