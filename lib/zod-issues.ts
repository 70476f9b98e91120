/** How a zod validation failure reads in an InvalidArgumentError: each issue as `path: message`. */
import type { z } from 'zod';

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'options'}: ${i.message}`).join('; ');
}
