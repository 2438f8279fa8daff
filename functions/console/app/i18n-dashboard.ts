/** The dashboard's table of customer-facing templates, in both languages. */
export const dashboardEn = {
  templateColumn: 'template',
  sent12: 'sent (12 weeks)',
  replied12: 'replied (12 weeks)',
  trend: 'sends per week',
  sentAllTime: 'sent (all time)',
  replyRateAllTime: 'reply rate (all time)',
  noSends: 'Nothing sent to customers yet.',
};

export const dashboardZh: Record<keyof typeof dashboardEn, string> = {
  templateColumn: '模板',
  sent12: '发送(近 12 周)',
  replied12: '回复(近 12 周)',
  trend: '每周发送',
  sentAllTime: '发送(累计)',
  replyRateAllTime: '回复率(累计)',
  noSends: '还没有发给客户的消息。',
};
