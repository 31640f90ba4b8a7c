/**
 * How code outside the elements follows one `<checkout-provider>`: the state a
 * framework binding shows and the provider's actions, bound to it. The
 * provider reports each change through `subscribe()`; `useCheckout()` in
 * `checkout-kit/react` and in `checkout-kit/vue` are both built on this.
 * No DOM is touched at import, so server rendering can load it.
 */
import type { ClientSession } from '../api/client-types.js';
import type { EndpointError } from '../client/session-client.js';
import type { Phase } from '../controllers/session-controller.js';
import type {
  ActionResult,
  CheckoutActions,
  CheckoutRegistry,
  CheckoutState,
  FieldProblem,
} from '../elements/checkout-provider/checkout-context.js';
import type { CheckoutProvider } from '../elements/checkout-provider/checkout-provider.js';
import { messages } from '../i18n/messages.js';

/** Where a checkout stands: `loading`, `failed`, `open`, or how it ended. */
export type CheckoutPhase = Phase;

/** What a checkout shows. A field keeps its identity until its value changes. */
export interface CheckoutStatus {
  /** The session as last seen; null until it has loaded. */
  readonly session: ClientSession | null;
  /**
   * Where the checkout stands. `'loading'` until the provider element has
   * reported (on the server, and in the browser's first render).
   */
  readonly phase: CheckoutPhase;
  /** What the last confirm found wrong, field by field in page order: the error summary's list. */
  readonly problems: readonly FieldProblem[];
  /** An error that belongs to no field (a decline, a lost connection), as the messages show it. */
  readonly formError: string | null;
  /** Why loading failed, when `phase` is `'failed'`. */
  readonly loadError: EndpointError | null;
  /** A confirm, a bank challenge or a cancel is in flight. */
  readonly busy: boolean;
}

/**
 * Every action of `<checkout-provider>`, with the element's own signatures.
 * Each resolves to `{ type: 'success', session }` or `{ type: 'error', error }`
 * (`reload` to nothing) and never throws for the customer's mistakes.
 */
export type CheckoutControls = CheckoutActions &
  Pick<CheckoutRegistry, 'authenticate'> &
  Pick<CheckoutProvider, 'reload'>;

const noProblems: readonly FieldProblem[] = Object.freeze([]);

/** Before the provider element has reported: nothing loaded yet. */
export const initialStatus: CheckoutStatus = Object.freeze({
  session: null,
  phase: 'loading',
  problems: noProblems,
  formError: null,
  loadError: null,
  busy: false,
});

/** The provider's problems without their owners (elements' internals), one copy per list. */
const plainProblems = new WeakMap<readonly FieldProblem[], readonly FieldProblem[]>();

function plain(problems: readonly FieldProblem[]): readonly FieldProblem[] {
  if (!problems.length) return noProblems;
  let copy = plainProblems.get(problems);
  if (!copy) {
    copy = Object.freeze(problems.map(({ field, message }) => Object.freeze({ field, message })));
    plainProblems.set(problems, copy);
  }
  return copy;
}

/** The status a provider's state shows; `null` (no state yet) is `initialStatus`. */
export function statusOf(state: CheckoutState | null): CheckoutStatus {
  if (!state) return initialStatus;
  return {
    session: state.session,
    phase: state.phase,
    problems: plain(state.problems),
    formError: state.formError,
    loadError: state.loadError,
    busy: state.busy,
  };
}

const statusKeys = Object.keys(initialStatus) as (keyof CheckoutStatus)[];

/** Whether two statuses show the same thing, so a binding can skip a render. */
export function sameStatus(a: CheckoutStatus, b: CheckoutStatus): boolean {
  return statusKeys.every((key) => Object.is(a[key], b[key]));
}

// A record, so the compiler notices when the provider gains an action and this does not.
const controlNames = Object.keys({
  confirm: 0,
  cancel: 0,
  reload: 0,
  authenticate: 0,
  updateLineItemQuantity: 0,
  applyPromotionCode: 0,
  removePromotionCode: 0,
  updateEmail: 0,
  updateBillingAddress: 0,
  updateShippingAddress: 0,
  updateShippingRate: 0,
  updatePhone: 0,
  selectCryptoAsset: 0,
  simulateCryptoPayment: 0,
} satisfies Record<keyof CheckoutControls, 0>) as (keyof CheckoutControls)[];

/**
 * The actions, each calling the provider `current()` returns at call time, so
 * the object can stay the same for a component's whole life. Before there is
 * a provider element (on the server, before mounting) they resolve to a
 * `session_not_loaded` error, and `reload` to nothing.
 */
export function bindControls(current: () => CheckoutProvider | null | undefined): CheckoutControls {
  const notLoaded: ActionResult = {
    type: 'error',
    error: { code: 'session_not_loaded', message: messages.session_not_loaded },
  };
  const bound =
    (name: keyof CheckoutControls) =>
    (...args: unknown[]): Promise<unknown> => {
      const provider = current();
      const action = provider?.[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (typeof action !== 'function') {
        return Promise.resolve(name === 'reload' ? undefined : notLoaded);
      }
      return action.apply(provider, args);
    };
  return Object.fromEntries(
    controlNames.map((name) => [name, bound(name)]),
  ) as unknown as CheckoutControls;
}
