import { unsafeCSS } from 'lit';
import { fieldRules } from './field-rules.styles.js';

/**
 * The field rules as a Lit stylesheet. A module of its own: the build leaves
 * unminified any module that calls `unsafeCSS`, so base.styles.ts does not.
 */
export const fieldStyles = unsafeCSS(fieldRules);
