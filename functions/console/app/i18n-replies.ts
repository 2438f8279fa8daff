/** The words for inbound mail kept but not acted on, and for owners' answers, in both languages. */
export const replyEn = {
  'failed-authentication': 'suspicious (failed the spam or sender checks): not acted on',
  'other-address': 'from another address than the one on file: not acted on',
  'owner-not-relayed':
    'the owner’s own mail to an alert (an automatic reply or an opt-out word): not passed on',
  answeredBy: 'answer from',
  answer: 'Answer',
  yourAnswer: 'Your answer to the customer',
  answerPreview: 'Preview',
  answerSend: 'Send to the customer',
  answerConfirm: 'Send this answer to the customer now, under your name?',
  answerSent: 'Sent to the customer.',
  sms: 'SMS',
};

export const replyZh: Record<keyof typeof replyEn, string> = {
  'failed-authentication': '可疑邮件(未通过垃圾邮件或发件人验证),未处理',
  'other-address': '并非客户登记的邮箱发来,未处理',
  'owner-not-relayed': '负责人回复提醒邮件的自动回复或退订字样,未转给客户',
  answeredBy: '回复人',
  answer: '回复',
  yourAnswer: '您给客户的回复',
  answerPreview: '预览',
  answerSend: '发送给客户',
  answerConfirm: '现在以您的名义把这条回复发给客户吗?',
  answerSent: '已发送给客户。',
  sms: '短信',
};
