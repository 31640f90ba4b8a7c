import type { Plugin } from 'vite';

export function lazyParts(options: {
  form: 'module' | 'classic';
  leaves?: Map<string, string>;
}): Plugin;
