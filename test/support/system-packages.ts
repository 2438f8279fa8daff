import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What the test layers need from the machine, each with the Debian package that brings it. */
const NEEDED = [
  {
    what: 'Java (DynamoDB Local, the store contract tests)',
    present: () => onPath('java'),
    package: 'openjdk-17-jre-headless',
  },
  {
    what: 'Chromium (the browser tests)',
    present: () => existsSync('/usr/bin/chromium'),
    package: 'chromium',
  },
  {
    what: 'a CJK font (Chinese in the browser tests’ screenshots)',
    present: () => existsSync('/usr/share/fonts/truetype/wqy'),
    package: 'fonts-wqy-zenhei',
  },
] as const;

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Vitest globalSetup: `npm test` works on a fresh Debian machine. What is
 * missing is installed with apt-get when the run may (root); otherwise the run
 * stops at once naming the packages, instead of failing test by test.
 */
export default function setup(): void {
  const missing = NEEDED.filter((need) => !need.present());
  if (missing.length === 0) return;
  const packages = missing.map((need) => need.package);
  const list = missing.map((need) => `${need.what}: ${need.package}`).join('; ');
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(
      `the tests need Debian packages that are not installed (${list}): apt-get install ${packages.join(' ')}`,
    );
  }
  process.stderr.write(`installing ${packages.join(', ')} for the tests (${list})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}
