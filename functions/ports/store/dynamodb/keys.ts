/** Key builders for the single table (layout in table.ts). */
export const keys = {
  customer: (customerId: string) => `C#${customerId}`,
  profile: '#PROFILE',
  deal: (dealId: string) => `DEAL#${dealId}`,
  message: (messageId: string) => `MSG#${messageId}`,
  reply: (id: string) => `RPL#${id}`,
  task: (id: string) => `TASK#${id}`,
  note: (id: string) => `NOTE#${id}`,
  event: (id: string) => `EVT#${id}`,
  email: (email: string) => `EMAIL#${email.toLowerCase()}`,
  phone: (e164: string) => `PHONE#${e164}`,
  receipt: (key: string) => `RCPT#${key}`,
  /** An address on the suppression list, already normalised (core/customers/address.ts). */
  suppression: (address: string) => `SUP#${address}`,
  stats: 'STATS',
  /** A template's all-time counters, as kept before they were counted per week (still summed in). */
  templateStats: (template: string) => `TPL#${template}`,
  /** A sequence's per-step counters, beside the templates' under the stats partition. */
  sequenceStats: (sequenceId: string) => `SEQ#${sequenceId}`,
  /** A template's counters in one ISO week (`2026-W47`). */
  templateWeekStats: (week: string, template: string) => `TPLW#${week}#${template}`,
  /** The cross-customer inbox of replies; complaints sort above the rest. */
  inbox: 'INBOX',
  inboxEntry: (complaint: boolean, at: string, replyId: string) => `${complaint ? 1 : 0}#${at}#${replyId}`,
  /** The cross-customer board of owners' tasks, by status then filing time. */
  taskBoard: 'TASKS',
  taskBoardEntry: (status: string, at: string, customerId: string, taskId: string) =>
    `${status}#${at}#${customerId}#${taskId}`,
  /** A customer this customer referred, filed in the referrer's partition. */
  referral: (referredId: string) => `REF#${referredId}`,
  /** The alarm index's partition for one UTC hour (core/planning/alarm-buckets.ts `alarmHourOf`). */
  alarmHour: (hour: string) => `ALARM#${hour}`,
  /** Within an hour, alarms in time order; the customer id keeps equal times apart. */
  alarmSlot: (nextAtIso: string, customerId: string) => `${nextAtIso}#${customerId}`,
  segments: 'SEGMENTS',
  segment: (id: string) => `SEG#${id}`,
  campaign: (id: string) => `CAMPAIGN#${id}`,
  campaignItem: '#CAMPAIGN',
  campaignList: 'CAMPAIGNS',
  campaignCounter: (shard: number) => `CNT#${shard}`,
  /** One fan-out page's recipients due within one UTC hour (`YYYY-MM-DDTHH`), by minute. */
  campaignSendList: (hour: string, page: number) => `SEND#${hour}#${String(page).padStart(6, '0')}`,
  campaignSendListsOf: (hour: string) => `SEND#${hour}#`,
  /** Everything in a campaign's partition sorts before its send lists but the lists themselves. */
  campaignSendListFloor: 'SEND#',
  redemption: (customerId: string) => `RDM#${customerId}`,
  /** The live set: every edited source's and rule's current version, under one partition. */
  contentLive: 'CONTENT',
  contentCurrent: (keyId: string) => `CUR#${keyId}`,
  /** One source's or rule's versions (core/content/content-versions.ts `contentKeyId`). */
  contentVersions: (keyId: string) => `CONTENT#${keyId}`,
  contentVersion: (version: number) => `V#${String(version).padStart(6, '0')}`,
  expiredCode: (customerId: string, dealId: string) => `RDX#${customerId}#${dealId}`,
  /** The team: every user and every email claim under one small partition. */
  users: 'USERS',
  user: (id: string) => `USER#${id}`,
  userEmail: (email: string) => `EMAIL#${email.toLowerCase()}`,
  /** A setup or reset link's token hash, pointing at its user. */
  link: (tokenHash: string) => `LINK#${tokenHash}`,
  /** A console session, keyed by its token's hash. */
  session: (tokenHash: string) => `SESSION#${tokenHash}`,
  /** Failed sign-ins counted for one account or address. */
  signInAttempts: (key: string) => `SIGNIN#${key}`,
  /** The audit trail, newest last; gsi1 reads it by actor, gsi2 by target. */
  audit: 'AUDIT',
  auditEntry: (at: string, id: string) => `${at}#${id}`,
  auditBy: (by: string) => `AUDITBY#${by}`,
  auditOf: (target: string) => `AUDITOF#${target}`,
  /** An owner's own copy of the inbox and the task board (by the owner's lower-cased email). */
  ownerInbox: (email: string) => `INBOX#${email.toLowerCase()}`,
  ownerTaskBoard: (email: string) => `TASKS#${email.toLowerCase()}`,
  /** That a customer was erased, by the keyed hash of their id (core/customers/address-hash.ts). */
  erased: (idHash: string) => `ERASED#${idHash}`,
  /** The live versions (ports/store/fire-reads.ts): one small item every change to content or endpoints moves. */
  liveVersions: { pk: 'LIVE', sk: 'VERSIONS' },
  /** The registered webhook endpoints, under one partition. */
  webhookEndpoints: 'HOOKS',
  webhookEndpoint: (id: string) => `EP#${id}`,
  /** Deliveries of events about one subject (`C#<customer>`, `CAMPAIGN#<id>`): an erasure drops the partition. */
  webhookDeliveries: (subjectKey: string) => `HOOK#${subjectKey}`,
  webhookDelivery: (endpointId: string, webhookId: string) => `${endpointId}#${webhookId}`,
  /** An endpoint's delivery log (gsi1) and its dead letters (gsi2), oldest first. */
  webhookLog: (endpointId: string) => `HOOKLOG#${endpointId}`,
  webhookDeadLetters: (endpointId: string) => `HOOKDEAD#${endpointId}`,
  webhookLogEntry: (createdAt: string, webhookId: string) => `${createdAt}#${webhookId}`,
} as const;

/** The customer id inside a `C#<id>` key. */
export function customerIdOf(key: string): string {
  return key.slice(2);
}
