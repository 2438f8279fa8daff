import type { RuleIssue } from '../../core/cadence/rule-set';
import type { TemplateProblem } from '../../core/content/template-check';
import { ValidationError } from '../../core/errors';

/** A template that does not parse or render: the marketer's error, with where it is when known (a 422). */
export class TemplateError extends ValidationError {
  constructor(
    message: string,
    readonly errors: readonly TemplateProblem[] = [],
  ) {
    super(message, [{ path: 'template', message }]);
  }
}

/** A rule edit that would not run: a bad parameter or a template that does not exist (a 422). */
export class RuleError extends ValidationError {
  constructor(issues: readonly RuleIssue[]) {
    super(
      `invalid rules: ${issues.map((i) => `${i.rule}: ${i.path}: ${i.message}`).join('; ')}`,
      issues.map((i) => ({ path: i.path, message: `${i.rule}: ${i.message}` })),
    );
  }
}
