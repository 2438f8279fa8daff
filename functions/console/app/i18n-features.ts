import { calendarEn, calendarZh } from './calendar-words';
import { campaignEn, campaignZh } from './i18n-campaigns';
import { customersEn, customersZh } from './i18n-customers';
import { dashboardEn, dashboardZh } from './i18n-dashboard';
import { checkEn, checkZh } from './i18n-errors';
import { replyEn, replyZh } from './i18n-replies';
import { rulesEn, rulesZh } from './i18n-rules';
import { sequencesEn, sequencesZh } from './i18n-sequences';
import { teamEn, teamZh } from './i18n-team';
import { templateEn, templateZh } from './i18n-templates';
import { timelineEn, timelineZh } from './i18n-timeline';

/** Each feature's words, one file per feature; a feature's zh-CN table has every key of its English one. */
export const featureEn = {
  ...teamEn,
  ...replyEn,
  ...calendarEn,
  ...dashboardEn,
  ...timelineEn,
  ...rulesEn,
  ...campaignEn,
  ...templateEn,
  ...customersEn,
  ...sequencesEn,
  ...checkEn,
};

export const featureZh: Record<keyof typeof featureEn, string> = {
  ...teamZh,
  ...replyZh,
  ...calendarZh,
  ...dashboardZh,
  ...timelineZh,
  ...rulesZh,
  ...campaignZh,
  ...templateZh,
  ...customersZh,
  ...sequencesZh,
  ...checkZh,
};
