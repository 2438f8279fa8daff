/** The rule id every message of a campaign is sent under: the send guard keys on it. */
export function campaignRule(campaignId: string): string {
  return `campaign:${campaignId}`;
}

/** Whether a rule is a campaign's (`campaign:<id>`). */
export function isCampaignRule(rule: string): boolean {
  return rule.startsWith('campaign:');
}
