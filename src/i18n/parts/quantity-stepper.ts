/**
 * English words of a part that loads lazily: the quantity stepper of `<checkout-line-items>`.
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const quantityStepperMessages = {
  quantityOf: 'Quantity of {name}',
  decreaseQuantity: 'Decrease quantity of {name}',
  increaseQuantity: 'Increase quantity of {name}',
};
