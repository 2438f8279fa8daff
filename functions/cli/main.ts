import { ApiError } from './api-client';
import { parseImportArgs, USAGE, UsageError } from './args';
import { type ImportIo, runImport } from './import-runner';

/**
 * `nurture import customers|deals <file>`: the exit code is 0 when done,
 * 1 when stopped part-way (run again to resume), 2 when refused.
 */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: ImportIo,
): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    const options = parseImportArgs(argv, env);
    return (await runImport(options, io)).exitCode;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ApiError && error.status >= 400 ? 1 : 2;
  }
}
