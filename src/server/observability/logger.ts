/**
 * The Node server's logger (pino): one JSON object per line for machines, or
 * a short line for people (`pretty`, the default on a terminal). Pretty lines
 * are made here from pino's own JSON, a few lines instead of a pretty-printer
 * dependency. Node only: the fetch handler never imports this.
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFormat = 'json' | 'pretty';

/** Where lines go: stdout unless a host or a test gives its own. */
export interface LogDestination {
  write(line: string): void;
}

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Default: `pretty` when stdout is a terminal, else `json`. */
  format?: LogFormat;
  destination?: LogDestination;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    // `"level":"info"` rather than 30: readable without a lookup table.
    formatters: { level: (label) => ({ level: label }) },
    // An error with its `cause` chain, each with message and stack.
    serializers: { err: pino.stdSerializers.errWithCause },
  };
  if (format === 'pretty') {
    const sink = options.destination ?? process.stdout;
    const color = sink === process.stdout && process.stdout.isTTY && !process.env.NO_COLOR;
    return pino(settings, { write: (line: string) => sink.write(prettyLine(line, color)) });
  }
  // pino's own stdout stream (sonic-boom) writes asynchronously and flushes on exit.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

const levelColors: Record<string, string> = {
  fatal: '35',
  error: '31',
  warn: '33',
  info: '32',
  debug: '36',
  trace: '90',
};

/**
 * `12:00:00.123 INFO  POST /v1/client/session/confirm 402 4.2 ms  request_id=… code=card_declined`:
 * the time of day, the level, what happened, then the remaining fields; an
 * error's stack (and its causes') on the lines below.
 */
export function prettyLine(json: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, pid: _pid, hostname: _hostname, err, ...fields } = entry;
  let text = String(msg ?? '');
  if (msg === 'request') {
    text = `${fields.method} ${fields.route} ${fields.status} ${fields.duration_ms} ms`;
    for (const key of ['method', 'route', 'status', 'duration_ms']) delete fields[key];
  }
  const label = String(level ?? '').toUpperCase();
  const shown = color ? `\u001b[${levelColors[String(level)] ?? '0'}m${label}\u001b[0m` : label;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const rest = Object.entries(fields)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
  let line = `${clock} ${shown}${' '.repeat(Math.max(1, 6 - label.length))}${text}`;
  if (rest) line += `  ${rest}`;
  for (let error = err as ErrorEntry | undefined; error; error = error.cause) {
    line += `\n    ${(error.stack ?? `${error.type}: ${error.message}`).replace(/\n/g, '\n    ')}`;
  }
  return `${line}\n`;
}

interface ErrorEntry {
  type?: string;
  message?: string;
  stack?: string;
  cause?: ErrorEntry;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
