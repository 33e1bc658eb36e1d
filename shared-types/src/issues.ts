import type { z } from 'zod';

/**
 * One line per problem, each with the field's path and what was expected, so that an
 * editor or operator can find the field to fix without reading a stack trace.
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(document)';
    return `${path}: ${issue.message}`;
  });
}
