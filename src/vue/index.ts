/**
 * `checkout-kit/vue`: Vue 3 support for the Checkout Kit elements. Importing
 * it registers the elements and types them as global components, so templates
 * check `<checkout-embedded :fetch-client-secret.prop="…" @checkout-success="…">`.
 * Vue itself renders them as the custom elements they are: tell its compiler
 * with `compilerOptions: { isCustomElement }`.
 *
 * `useCheckout()` gives a component inside `<checkout-provider>` the
 * checkout's state as read-only computed refs (`session`, `phase`,
 * `problems`, `formError`, `loadError`, `busy`) and every action of the
 * provider as a function:
 *
 * ```vue
 * <!-- Summary.vue, used as <checkout-provider :fetch-client-secret.prop="…"><Summary/></checkout-provider> -->
 * <script setup lang="ts">
 * import { useCheckout } from 'checkout-kit/vue';
 * const { session, phase, busy, applyPromotionCode, confirm } = useCheckout();
 * </script>
 * <template>
 *   <p v-if="!session">{{ phase === 'failed' ? 'Could not load.' : 'Loading…' }}</p>
 *   <template v-else>
 *     <p>Total: {{ session.amount_total }}</p>
 *     <button @click="applyPromotionCode('SPRING')">Apply SPRING</button>
 *     <button :disabled="busy" @click="confirm()">Pay</button>
 *   </template>
 * </template>
 * ```
 *
 * A component that renders the provider itself passes its template ref:
 * `useCheckout(useTemplateRef('provider'))`.
 *
 * Safe to import on the server: nothing touches `window` or `customElements`
 * there, and `useCheckout()` renders with `session: null`, `phase: 'loading'`.
 */
import type { LitElement } from 'lit';
import type { DefineSetupFnComponent } from 'vue';
import '../define.js';
import type { CheckoutEvent, CheckoutEventName } from '../events/checkout-events.js';

export type {
  ActionError,
  ActionResult,
  CheckoutCancelEvent,
  CheckoutChangeEvent,
  CheckoutControls,
  CheckoutErrorDetail,
  CheckoutErrorEvent,
  CheckoutEvent,
  CheckoutEventDetails,
  CheckoutEventName,
  CheckoutExpiredEvent,
  CheckoutPhase,
  CheckoutReadyEvent,
  CheckoutStatus,
  CheckoutSuccessEvent,
  ClientSession,
  FieldProblem,
} from '../index.js';
export { isCustomElement } from './is-custom-element.js';
export { type UseCheckoutReturn, useCheckout } from './use-checkout.js';

/** `checkout-success` → `CheckoutSuccess`. */
type Pascal<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<Name>;

/** `@checkout-success="handler"` in a template is the `onCheckoutSuccess` prop to Vue's types. */
export type CheckoutEventHandlers = {
  [Name in CheckoutEventName as `on${Pascal<Name>}`]?: (event: CheckoutEvent<Name>) => void;
};

type IfEquals<X, Y, Then, Else> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? Then : Else;

/** An element's settable properties: no methods, no read-only getters, nothing from HTMLElement or Lit. */
export type ElementInputs<Element extends HTMLElement> = {
  [Key in keyof Element as Key extends keyof LitElement
    ? never
    : Element[Key] extends (...args: never[]) => unknown
      ? never
      : IfEquals<
          { [Only in Key]: Element[Key] },
          { -readonly [Only in Key]: Element[Key] },
          Key,
          never
        >]?: Element[Key];
};

/** Every tag the kit registers for use in markup. */
export type CheckoutTag =
  | 'checkout-embedded'
  | 'checkout-provider'
  | 'checkout-line-items'
  | 'checkout-totals'
  | 'checkout-promotion-code'
  | 'checkout-email'
  | 'checkout-card'
  | 'checkout-address'
  | 'checkout-phone'
  | 'checkout-shipping-rates'
  | 'checkout-crypto'
  | 'checkout-pay-button'
  | 'checkout-cancel-button'
  | 'checkout-messages';

/** The two elements that fire the checkout events; the others fire none. */
type EventfulTag = 'checkout-embedded' | 'checkout-provider';

/** The props of one tag in a Vue template. */
export type CheckoutElementProps<Tag extends CheckoutTag> = ElementInputs<
  HTMLElementTagNameMap[Tag]
> &
  (Tag extends EventfulTag ? CheckoutEventHandlers : unknown);

export type CheckoutGlobalComponents = {
  [Tag in CheckoutTag]: DefineSetupFnComponent<CheckoutElementProps<Tag>>;
};

declare module 'vue' {
  interface GlobalComponents extends CheckoutGlobalComponents {}
}
