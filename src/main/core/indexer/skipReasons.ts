/**
 * Which skips to remember. A file that could not be read (permission denied, a
 * file another program holds locked, a network share gone) may be readable on
 * the next run without any change to the file itself, so it is tried again each
 * run: a failed read costs little. A file whose bytes were read and found wanting
 * (corrupt, not an image, too large) stays skipped until it changes, so it is not
 * decoded again on every run.
 */
const READ_FAILURES = [/^unreadable\b/, /^file not found$/, /^file vanished\b/, /^could not read image\b/];

/** Whether a skip says the file could not be read, rather than what its bytes are. */
export function isReadFailure(reason: string): boolean {
  return READ_FAILURES.some((pattern) => pattern.test(reason));
}
