/** The timeline's notes as sentences, and the names of what they are about, in both languages. */
export const timelineEn = {
  'note.moved': '{what} moved to {until}: {cap} (tier {tier})',
  'note.dropped': '{what} not sent: {cap} (tier {tier}) until past its {days}-day limit',
  'note.late-stage':
    '{what} not sent for deal {deal}: the “{stage}” stage happened on {on}, more than {hours} hours before it was reported',
  'note.late-survey':
    '{what} not sent for deal {deal}: the survey was due on {on}, more than {days} days before the completion was reported',
  'note.late-referral':
    '{what} not sent for deal {deal}: {name}’s first order was on {on}, more than {days} days before it was reported',
  'note.campaign-expired': 'Campaign “{campaign}” not sent by its last day ({date} + {days} days)',
  'note.answer-undelivered': '{by}’s answer by {channel} was not sent: {reason}',
  'note.offer-refused.expired':
    'Offer code {code} on deal {deal} came after it expired: not counted as redeemed',
  'note.offer-refused.used': 'Offer code {code} on deal {deal} was already redeemed by another deal',
  'note.offer-refused.unknown': 'Offer code {code} on deal {deal} is not one of this customer’s codes',
  'cap.capped-7d': 'the 7-day limit is reached',
  'cap.capped-30d': 'the 30-day limit is reached',
  chaseStep: 'Follow-up step {step}',
  chaseName: 'The follow-up',
  campaignName: 'The campaign',
  offerName: 'The offer',
  ruleName: '“{rule}”',
  occasionOf: '“{rule}” of {occurrence}',
  yourTime: 'your time: {time}',
};

export const timelineZh: Record<keyof typeof timelineEn, string> = {
  'note.moved': '{what}顺延到 {until}:{cap}({tier} 类)',
  'note.dropped': '{what}未发送:{cap}({tier} 类),已超过 {days} 天的最长顺延期',
  'note.late-stage': '{what}未就订单 {deal} 发送:“{stage}”阶段发生在 {on},报告时已超过 {hours} 小时',
  'note.late-survey': '{what}未就订单 {deal} 发送:问卷应在 {on} 发出,完成报告时已超过 {days} 天',
  'note.late-referral': '{what}未就订单 {deal} 发送:{name} 的首单在 {on},报告时已超过 {days} 天',
  'note.campaign-expired': '群发活动“{campaign}”在最后期限({date} 后 {days} 天)前未能发出',
  'note.answer-undelivered': '{by} 通过{channel}的回复未能发出:{reason}',
  'note.offer-refused.expired': '订单 {deal} 上的优惠码 {code} 已过期:不计为兑换',
  'note.offer-refused.used': '订单 {deal} 上的优惠码 {code} 已被另一订单兑换',
  'note.offer-refused.unknown': '订单 {deal} 上的优惠码 {code} 不属于这位客户',
  'cap.capped-7d': '7 天内已达上限',
  'cap.capped-30d': '30 天内已达上限',
  chaseStep: '追访第 {step} 步',
  chaseName: '追访',
  campaignName: '群发活动',
  offerName: '优惠',
  ruleName: '“{rule}”',
  occasionOf: '{occurrence} 的“{rule}”',
  yourTime: '您的时间:{time}',
};
