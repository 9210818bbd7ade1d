/** The organizer's refusals of a name or a rating, as usage errors: the command was called wrongly. */
import { OrganizeInputError } from '../../main/core/organize/labels';
import { UsageError } from '../errors';

export function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof OrganizeInputError) throw new UsageError(err.message);
    throw err;
  }
}
