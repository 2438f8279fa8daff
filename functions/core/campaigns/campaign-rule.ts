const PREFIX = 'campaign:';

/** The rule id every message of a campaign is sent under: the send guard keys on it. */
export function campaignRule(campaignId: string): string {
  return `${PREFIX}${campaignId}`;
}

/**
 * The campaign a rule belongs to, or undefined for any other rule.
 * @example campaignIdOf('campaign:cmp-1') // 'cmp-1'
 */
export function campaignIdOf(rule: string): string | undefined {
  return rule.startsWith(PREFIX) ? rule.slice(PREFIX.length) : undefined;
}
