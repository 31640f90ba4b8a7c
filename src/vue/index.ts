/**
 * `checkout-kit/vue`: Vue 3 support for the Checkout Kit elements. Importing
 * it registers the elements and types them as global components, so templates
 * check `<checkout-embedded :fetch-client-secret.prop="…" @checkout-success="…">`.
 * Vue itself renders them as the custom elements they are: tell its compiler
 * with `compilerOptions: { isCustomElement }`.
 *
 * Vue is needed only for types; this module has no Vue code to ship.
 */
import type { LitElement } from 'lit';
import type { DefineSetupFnComponent } from 'vue';
import '../define.js';
import type { CheckoutEvent, CheckoutEventName } from '../events/checkout-events.js';

export { isCustomElement } from './is-custom-element.js';

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
