/**
 * A typed path starting with `~` means the user's home folder, as in a shell.
 * Without this, `~/Pictures` typed in the app resolves against the server's
 * working folder and fails with a path the user never meant.
 */
import os from 'node:os';
import path from 'node:path';

export function expandHome(typed: string, home: string = os.homedir()): string {
  if (typed === '~') return home;
  if (typed.startsWith('~/') || (path.sep === '\\' && typed.startsWith('~\\'))) return path.join(home, typed.slice(2));
  return typed;
}
