/** A mistake in how the command was called: exit code 2, with a hint to --help. */
export class UsageError extends Error {}
