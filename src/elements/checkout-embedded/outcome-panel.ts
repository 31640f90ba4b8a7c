import { css, html, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { brandLabel } from '../../core/card.js';
import { addEnglish } from '../../i18n/messages.js';
import { outcomeMessages } from '../../i18n/parts/outcome.js';
import type { Translator } from '../../i18n/translator.js';

addEnglish(outcomeMessages);

/**
 * The panel that takes the form's place once a session is no longer open:
 * paid (with a short receipt), saved, expired or canceled. Few page loads
 * reach it, so it loads beside the script once the session ends.
 */
export function renderOutcome(session: ClientSession, i18n: Translator): TemplateResult {
  const t = i18n.t.bind(i18n);
  const payment = session.payment;
  const amount = i18n.money(session.amount_total, session.currency, session.formatted_amounts);
  const quote = session.crypto?.quote;
  const card = payment && !session.crypto ? brandLabel(payment.brand as never) : '';
  const complete = session.status === 'complete';
  const [title, body] = complete
    ? session.mode === 'setup'
      ? [t('savedTitle'), t('savedBody', payment ? { brand: card, last4: payment.last4 } : {})]
      : [
          t('paidTitle'),
          session.crypto
            ? quote
              ? t('paidCryptoBody', { amount, crypto: quote.amount, asset: quote.asset })
              : t('paidCryptoAsset', { amount, asset: payment?.brand ?? '' })
            : payment
              ? t('paidBody', { amount, brand: card, last4: payment.last4 })
              : '',
        ]
    : session.status === 'expired'
      ? [t('expiredTitle'), t('expiredBody')]
      : [t('canceledTitle'), t('canceledBody')];
  // What a shopper checks on a receipt: what was paid, with which card, where the receipt goes.
  const receipt: [string, string][] = complete
    ? [
        ...(session.mode === 'setup' ? [] : [[t('total'), amount] as [string, string]]),
        ...(card && payment
          ? [[t('cardDetails'), `${card} •••• ${payment.last4}`] as [string, string]]
          : []),
        ...(session.customer_email
          ? [[t('email'), session.customer_email] as [string, string]]
          : []),
      ]
    : [];
  return html`<section part="status" class="status status-${session.status}" role="status">
    ${complete ? html`<svg class="mark" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>` : nothing}
    <h2 part="heading" tabindex="-1">${title}</h2>
    <p>${body}</p>
    ${
      receipt.length
        ? html`<dl part="receipt" class="receipt">${receipt.map(
            ([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`,
          )}</dl>`
        : nothing
    }
  </section>`;
}

export const styles = css`
  .status {
    display: grid;
    gap: var(--_space);
    align-content: start;
  }

  .status h2 {
    margin: 0;
    font-size: 1.375em;
  }

  .status p {
    margin: 0;
  }

  .status-complete h2 {
    color: var(--_success);
  }

  .mark {
    width: 48px;
    height: 48px;
    padding: 10px;
    border-radius: 50%;
    background: var(--_success);
    fill: none;
    stroke: var(--_background);
    stroke-width: 3;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .receipt {
    display: grid;
    margin: var(--_space) 0 0;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: var(--_panel);
  }

  .receipt div {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 calc(var(--_space) * 2);
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 2);
  }

  .receipt div + div {
    border-top: 1px solid var(--_line);
  }

  .receipt dt {
    color: var(--_muted);
  }

  .receipt dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  @media (forced-colors: active) {
    .mark {
      border: 2px solid CanvasText;
      stroke: CanvasText;
    }
  }
`;
