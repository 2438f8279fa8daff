import type { ErrorCode } from '../../core/errors';

/**
 * What each error code of the engine's error family means to the person at the console.
 * `{name}` placeholders are filled from the answer's details (`retryAfterSeconds`…).
 */
export const errorEn: Record<ErrorCode, string> = {
  internal: 'Something went wrong in the engine. Try again; if it keeps happening, tell your administrator.',
  invalid: 'Some fields are missing or not filled in correctly:',
  'invalid-template': 'The template does not read or render for the sample customer:',
  'invalid-rules': 'These rules would not run:',
  unauthorized: 'You are signed out. Sign in again.',
  'not-found': 'This was not found: it may have been removed, or it is not among your customers.',
  conflict: 'Someone changed this meanwhile (or it already exists). Reload and try again.',
  unreachable: 'The customer cannot be reached on this channel (no address, no consent or suppressed).',
  'provider-failed': 'The mail or SMS provider refused the message. Try again in a moment.',
  'idempotency-key-reused': 'This request was already made with different content.',
  'job-too-large': 'The message is too large to send.',
  forbidden: 'Your role may not do this. Ask an administrator.',
  'too-many-attempts': 'Too many failed sign-ins. Try again in {retryAfterSeconds} s.',
};

export const errorZh: Record<ErrorCode, string> = {
  internal: '系统出错了。请重试;如果一直出现,请告诉管理员。',
  invalid: '有些内容没有填写或填写有误:',
  'invalid-template': '模板无法解析,或无法为示例客户生成内容:',
  'invalid-rules': '这些规则无法运行:',
  unauthorized: '您已退出登录,请重新登录。',
  'not-found': '找不到该项:可能已被删除,或不属于您的客户。',
  conflict: '有人刚刚修改了这里(或它已存在)。请刷新后重试。',
  unreachable: '无法通过该渠道联系这位客户(没有地址、未同意接收或已被屏蔽)。',
  'provider-failed': '邮件或短信服务商拒绝了这条消息。请稍后重试。',
  'idempotency-key-reused': '这个请求之前已用不同的内容提交过。',
  'job-too-large': '消息太大,无法发送。',
  forbidden: '您的角色无权执行此操作。请联系管理员。',
  'too-many-attempts': '登录失败次数过多。请在 {retryAfterSeconds} 秒后重试。',
};

/** Words for the checks a field can break (the engine sends which one, with its bound). */
export const checkEn = {
  checkMaxNumber: 'At most {n}',
  checkMinNumber: 'At least {n}',
  checkMaxText: 'At most {n} characters',
  checkMinText: 'At least {n} characters',
  checkMaxList: 'At most {n} entries',
  checkMinList: 'At least {n} entries',
  checkWrongType: 'This is not the kind of value this field takes',
  checkNotChoice: 'Choose one of the offered values',
  checkFormat: 'This is not in the expected form',
  checkEmail: 'This is not a valid email address',
  checkUnknownField: 'The engine does not know this field',
};

export const checkZh: Record<keyof typeof checkEn, string> = {
  checkMaxNumber: '不能大于 {n}',
  checkMinNumber: '不能小于 {n}',
  checkMaxText: '最多 {n} 个字符',
  checkMinText: '至少 {n} 个字符',
  checkMaxList: '最多 {n} 项',
  checkMinList: '至少 {n} 项',
  checkWrongType: '此项的值类型不对',
  checkNotChoice: '请从给出的选项中选择',
  checkFormat: '格式不正确',
  checkEmail: '不是有效的邮箱地址',
  checkUnknownField: '系统无法识别此字段',
};
