import type { Plugin } from 'vite';

export function terserPass(): Plugin;
