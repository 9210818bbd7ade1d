import { ZodError } from 'zod';

/** A validation error reads as its first issue (`folders.0: Too small...`); any other error as its message. */
export function describeError(err: unknown): string {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    if (!issue) return 'Invalid input';
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  }
  return err instanceof Error ? err.message : String(err);
}
