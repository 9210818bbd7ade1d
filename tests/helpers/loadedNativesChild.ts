/**
 * Child process for the packaging test: imports the packages named on its
 * command line as the built app does, opens an SQLite database as the app does
 * at start (better-sqlite3 loads its binary on the first open), and prints, as
 * JSON, every native file then loaded: the addons Node opened and, on Linux,
 * every file the OS's loader mapped for them (their shared libraries).
 */
import fs from 'node:fs';

const opened = new Set<string>();
const dlopen = process.dlopen.bind(process);
process.dlopen = (module, filename, ...rest) => {
  opened.add(filename);
  return dlopen(module, filename, ...rest);
};

for (const name of process.argv.slice(2)) {
  const loaded = (await import(name)) as { default: unknown };
  if (name === 'better-sqlite3') new (loaded.default as new (file: string) => { close(): void })(':memory:').close();
}

const MAPS = '/proc/self/maps';
const mapped = fs.existsSync(MAPS)
  ? fs
      .readFileSync(MAPS, 'utf8')
      .split('\n')
      .flatMap((line) => (line.includes('/') ? [line.slice(line.indexOf('/'))] : []))
      .filter((file) => fs.existsSync(file))
  : [];
process.stdout.write(JSON.stringify([...new Set([...opened, ...mapped])]));
