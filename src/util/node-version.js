// Plain JavaScript (checked by tsc through JSDoc) so that the CLI launcher (bin/guestpass.js)
// and the test preflight (test/support/preflight.js) use it without a TypeScript loader, and
// it runs on any Node.js old enough to need it.

/** the oldest Node.js major Guestpass runs on (package.json "engines"; oidc-provider 9) */
export const minimumNodeMajor = 22;

/**
 * The one line that says this Node.js is too old and how to get a newer one, or undefined.
 * @param {string} version process.versions.node, like "20.11.1"
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version) {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (major >= minimumNodeMajor) return undefined;
  return (
    `Guestpass needs Node.js ${minimumNodeMajor} or newer; this is v${version}. ` +
    'Get it with `nvm install` (.nvmrc says 24), from https://nodejs.org, or without root as ' +
    '.ci/run does: `npm install --prefix ~/.cache/guestpass-node24 node@24 && ' +
    'export PATH=~/.cache/guestpass-node24/node_modules/.bin:$PATH`'
  );
}

/** Stops the process (exit code 1) with that line on stderr when this Node.js is too old. */
export function requireNode() {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem === undefined) return;
  process.stderr.write(`guestpass: ${problem}\n`);
  process.exit(1);
}
