import type { FieldCheck } from '../../core/errors';
import type { ErrorBody } from './api';
import { lang, t } from './i18n';

/** What a field broke, in the reader's language when the engine named the check; its English message otherwise. */
export function issueText(body: ErrorBody, issue: { path: string; message: string }): string {
  const check = body.checks?.find((c) => c.path === issue.path);
  return check ? (checkText(check) ?? issue.message) : issue.message;
}

function checkText(check: FieldCheck): string | undefined {
  switch (check.code) {
    case 'required':
      return t('checkRequired');
    case 'too-big':
      return t(
        check.of === 'text' ? 'checkMaxText' : check.of === 'list' ? 'checkMaxList' : 'checkMaxNumber',
        {
          n: check.bound,
        },
      );
    case 'too-small':
      return t(
        check.of === 'text' ? 'checkMinText' : check.of === 'list' ? 'checkMinList' : 'checkMinNumber',
        {
          n: check.bound,
        },
      );
    case 'wrong-type':
      return t('checkWrongType');
    case 'not-a-choice':
      return t('checkNotChoice');
    case 'format':
      if (check.format === 'email') return t('checkEmail');
      // A pattern's own message names the form wanted ("HH:mm"): better than any generic words, in English.
      return check.format === 'regex' && lang() === 'en' ? undefined : t('checkFormat');
    case 'unknown-field':
      return t('checkUnknownField');
    default:
      return undefined;
  }
}
