// Run before the suite: without redis-server the tests cannot start their own Redis.
import { execFileSync } from 'node:child_process';

try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  console.error(
    'redis-server not found on PATH: install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) and run npm test again.',
  );
  process.exit(1);
}
