/**
 * Whether a template is written to the business's own team (owner alerts,
 * digests, call tasks) rather than to customers: the team's templates share the
 * `owner-` prefix, and the dashboard's customer figures leave them out.
 */
export function addressedToTeam(templateId: string): boolean {
  return templateId.startsWith('owner-');
}
