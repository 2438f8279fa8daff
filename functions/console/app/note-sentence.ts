import { assertNever } from '../../core/assert-never';
import type { NoteFacts } from '../../core/timeline/note-facts';
import { t } from './i18n';
import { formatLocalDate } from './local-time';

/** What a note is about, in words: "Follow-up step 2", "The campaign", "“monthly-letter” of 2027-03". */
export function ruleSubject(rule: string, occurrence: string): string {
  if (rule === 'chase') {
    const step = /:(\d+)$/.exec(occurrence)?.[1];
    return step ? t('chaseStep', { step }) : t('chaseName');
  }
  if (rule.startsWith('campaign:')) return t('campaignName');
  if (rule === 'offer') return t('offerName');
  return /^\d{4}-\d{2}(-\d{2})?$/.test(occurrence)
    ? t('occasionOf', { rule, occurrence: formatLocalDate(occurrence) })
    : t('ruleName', { rule });
}

/**
 * A timeline note told in the reader's language from its facts; a note filed
 * before notes carried facts keeps its English text.
 */
export function noteSentence(entry: {
  rule: string;
  occurrence: string;
  note: string;
  facts?: NoteFacts;
}): string {
  const { facts } = entry;
  if (!facts) return `${entry.rule} ${entry.note}`;
  const what = ruleSubject(entry.rule, entry.occurrence);
  switch (facts.kind) {
    case 'moved':
      return t('note.moved', {
        what,
        until: formatLocalDate(facts.until),
        cap: t(`cap.${facts.cap}`),
        tier: facts.tier,
      });
    case 'dropped':
      return t('note.dropped', {
        what,
        cap: t(`cap.${facts.cap}`),
        tier: facts.tier,
        days: facts.maxDelayDays,
      });
    case 'late-stage':
      return t('note.late-stage', {
        what,
        deal: facts.dealId,
        stage: facts.stage,
        on: formatLocalDate(facts.on),
        hours: facts.hours,
      });
    case 'late-survey':
      return t('note.late-survey', {
        what,
        deal: facts.dealId,
        on: formatLocalDate(facts.dueOn),
        days: facts.days,
      });
    case 'late-referral':
      return t('note.late-referral', {
        what,
        deal: facts.dealId,
        name: facts.name,
        on: formatLocalDate(facts.on),
        days: facts.days,
      });
    case 'campaign-expired':
      return t('note.campaign-expired', {
        campaign: facts.campaign,
        date: formatLocalDate(facts.date),
        days: facts.maxDelayDays,
      });
    case 'answer-undelivered':
      return t('note.answer-undelivered', {
        by: facts.by,
        channel: t(facts.channel === 'sms' ? 'sms' : 'email'),
        reason: facts.reason,
      });
    case 'offer-refused':
      return t(`note.offer-refused.${facts.status}`, { code: facts.code, deal: facts.dealId });
    case 'sequence-ended':
      return t('note.sequence-ended', { sequence: facts.sequence, by: facts.by });
    default:
      return assertNever(facts);
  }
}
