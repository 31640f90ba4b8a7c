import type { z } from 'zod';
import type { ApiErrorBody } from '../api/client-types.js';

type ErrorType = ApiErrorBody['error']['type'];

/** An error the endpoint answers with; anything else becomes a 500 with no detail. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly extra: Partial<Omit<ApiErrorBody['error'], 'code' | 'message'>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get type(): ErrorType {
    if (this.extra.type) return this.extra.type;
    if (this.status === 401) return 'authentication_error';
    if (this.status === 402) return 'card_error';
    return 'invalid_request_error';
  }

  toBody(): ApiErrorBody {
    return { error: { ...this.extra, type: this.type, code: this.code, message: this.message } };
  }
}

/** A 400 naming the field at fault and the rule it broke. */
/** What a 500 says: nothing of the failure itself, which goes to the log. */
export const internalErrorBody = {
  error: {
    type: 'api_error',
    code: 'internal_error',
    message: 'Something went wrong on our side. Try again.',
  },
} as const;

export function invalidParam(param: string, rule: string, message: string): ApiError {
  return new ApiError(400, 'parameter_invalid', message, { param, rule });
}

/** `['line_items', 0, 'quantity']` → `line_items[0].quantity`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

type Issue = z.core.$ZodIssue;

/** Turns the first schema issue into the endpoint's 400: field, rule and a sentence. */
export function fromZodIssues(issues: readonly Issue[], input: unknown): ApiError {
  const issue = issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const param = formatPath([...issue.path, issue.keys[0]!]);
    return new ApiError(400, 'parameter_unknown', `Received unknown parameter: ${param}.`, {
      param,
      rule: 'unknown',
    });
  }
  const param = formatPath(issue.path) || 'body';
  const { rule, message } =
    issue.code !== 'custom' && issue.path.length > 0 && valueAt(input, issue.path) === undefined
      ? { rule: 'required', message: `${param} is required.` }
      : describeIssue(issue, param);
  return new ApiError(
    400,
    rule === 'required' ? 'parameter_missing' : 'parameter_invalid',
    message,
    {
      param,
      rule,
    },
  );
}

function describeIssue(issue: Issue, param: string): { rule: string; message: string } {
  switch (issue.code) {
    case 'invalid_type':
      return { rule: 'type', message: `${param} must be ${typeName(issue.expected)}.` };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min === 1 && !issue.exact
          ? { rule: 'min_length', message: `${param} must not be empty.` }
          : {
              rule: issue.exact ? 'length' : 'min_length',
              message: `${param} must be ${issue.exact ? 'exactly' : 'at least'} ${min} characters long.`,
            };
      if (issue.origin === 'array')
        return {
          rule: 'min_items',
          message: `${param} must have at least ${min} ${min === 1 ? 'item' : 'items'}.`,
        };
      return {
        rule: 'minimum',
        message: `${param} must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${min}.`,
      };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string')
        return {
          rule: issue.exact ? 'length' : 'max_length',
          message: `${param} must be ${issue.exact ? 'exactly' : 'at most'} ${max} characters long.`,
        };
      if (issue.origin === 'array')
        return { rule: 'max_items', message: `${param} must have at most ${max} items.` };
      if (issue.origin === 'object')
        return { rule: 'max_keys', message: `${param} must have at most ${max} keys.` };
      return { rule: 'maximum', message: `${param} must be at most ${max}.` };
    }
    case 'invalid_value':
      return {
        rule: 'enum',
        message: `${param} must be one of: ${issue.values.map((v) => String(v)).join(', ')}.`,
      };
    case 'invalid_format':
      if (issue.format === 'regex')
        return { rule: 'pattern', message: `${param} must match ${issue.pattern}.` };
      return {
        rule: issue.format,
        message: `${param} must be a valid ${formatName(issue.format)}.`,
      };
    case 'custom': {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'invalid';
      return { rule, message: issue.message };
    }
    default:
      return { rule: 'invalid', message: `${param} is invalid: ${issue.message}.` };
  }
}

/** The value the request had at `path`, to tell a missing field from a wrong one. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Schema type names as a reader says them: zod's `int` is an integer, its `record` an object. */
const plainTypeNames: Record<string, string> = { int: 'integer', record: 'object', tuple: 'array' };

/** The type a value must have, with its article: `int` → "an integer", `string` → "a string". */
function typeName(type: string): string {
  const name = plainTypeNames[type] ?? type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function formatName(format: string): string {
  return format === 'url' ? 'http or https URL' : format === 'email' ? 'email address' : format;
}
