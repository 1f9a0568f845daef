// Run before the suite: without redis-server the tests cannot start their own Redis, and
// without redis-cli they cannot make a Redis Cluster of three (`redis-cli --cluster create`).
import { execFileSync } from 'node:child_process';

const missing = ['redis-server', 'redis-cli'].filter((command) => {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (missing.length) {
  console.error(
    `${missing.join(' and ')} not found on PATH: install Redis 7+ (Debian/Ubuntu: sudo apt-get install -y redis-server redis-tools; macOS: brew install redis) and run npm test again.`,
  );
  process.exit(1);
}
