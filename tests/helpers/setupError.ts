/**
 * An error for what a machine lacks (a browser, Python): its one line says what
 * to install, and the report shows that line alone, no stack trace, since the
 * place it was thrown says nothing the line does not.
 */
export function setupError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}
