// Imported first by src/main.ts: a module is evaluated before the ones imported after it, so
// an old Node.js gets one clear line before any dependency can fail in its own words.
import { requireNode } from './util/node-version.js';

requireNode();
