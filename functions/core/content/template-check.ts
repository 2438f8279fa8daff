import { TemplateError, type TemplateProblem } from '../errors';
import { type RenderedMessage, renderTemplate, type TemplateSource } from './render';

export type { TemplateProblem };

interface LiquidFailure {
  message: string;
  token?: { input?: string; getPosition?: () => [number, number] };
  originalError?: { message?: string };
}

function isLiquidFailure(error: unknown): error is Error & LiquidFailure {
  return error instanceof Error && 'token' in error;
}

/**
 * Renders `source` against `context` (a sample customer's variables) and
 * reports the first error with the part, line and column it is at: a parse
 * error, an unknown filter, a misspelt variable. Empty when it renders.
 * @example await templateProblems({ ...source, body: '{{ customer.nam }}' }, vars) // [{ field: 'body', line: 1, column: 1, message: 'undefined variable: customer.nam' }]
 */
export async function templateProblems(source: TemplateSource, context: object): Promise<TemplateProblem[]> {
  try {
    await renderTemplate(source, context);
    return [];
  } catch (error) {
    if (!isLiquidFailure(error)) {
      return [
        {
          field: 'body',
          line: 1,
          column: 1,
          message: String(error instanceof Error ? error.message : error),
        },
      ];
    }
    const input = error.token?.input;
    const field =
      input !== undefined && input === source.subject && input !== source.body
        ? 'subject'
        : input !== undefined && input === source.text && input !== source.body
          ? 'text'
          : 'body';
    const [line, column] = error.token?.getPosition?.() ?? [1, 1];
    const message = (error.originalError?.message ?? error.message).replace(/, line:\d+, col:\d+$/, '');
    return [{ field, line, column, message }];
  }
}

/**
 * Renders `source` with `variables`, or throws a TemplateError (a 422)
 * naming the part, line and column that failed.
 */
export async function renderOrExplain(source: TemplateSource, variables: object): Promise<RenderedMessage> {
  try {
    return await renderTemplate(source, variables);
  } catch (error) {
    const errors = await templateProblems(source, variables);
    const first = errors[0];
    const where = first ? ` (${first.field} line ${first.line}, column ${first.column})` : '';
    const message = first?.message ?? (error instanceof Error ? error.message : String(error));
    throw new TemplateError(
      `template ${source.name} (${source.locale}, ${source.channel}): ${message}${where}`,
      errors,
    );
  }
}
