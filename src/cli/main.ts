import { CommanderError } from 'commander';
import { CliError, exitCodes } from './errors.js';
import { buildProgram } from './program.js';

/** Reports an error on stderr (commander has already reported its own) and picks the exit code. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : exitCodes.usage;
  if (error instanceof CliError) {
    process.stderr.write(`guestpass: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `guestpass: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 70; // EX_SOFTWARE: a bug in the CLI, not the caller's doing
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // exitCode, not exit(): let piped stdout drain first
  process.exitCode = exitCodeFor(error);
}
