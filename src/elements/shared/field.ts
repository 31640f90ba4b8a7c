import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/**
 * One labelled field: label, optional hint, the control, and the error
 * message by it (GOV.UK's pattern). The control itself points at the hint and
 * error with `aria-describedby` built by `describedBy`.
 */
export function field(options: {
  id: string;
  label: string;
  control: TemplateResult;
  error?: string | undefined;
  hint?: string | TemplateResult | undefined;
  extra?: TemplateResult;
}): TemplateResult {
  const { id, label, control, error, hint, extra } = options;
  return html`<div part="field" class="field ${error ? 'invalid' : ''}">
    <label part="label" for=${id}>${label}</label>
    ${hint ? html`<span part="hint" id="${id}-hint" class="hint">${hint}</span>` : nothing}
    ${control}
    ${extra ?? nothing}
    ${error ? html`<p part="error" class="error" id="${id}-error">${error}</p>` : nothing}
  </div>`;
}

/** The `aria-describedby` value for a control with an optional hint and error. */
export function describedBy(
  id: string,
  { hint = false, error }: { hint?: boolean; error?: string | undefined },
) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ifDefined(ids || undefined);
}
