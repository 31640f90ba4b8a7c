/**
 * English words of a part that loads lazily: the crypto view (`<checkout-crypto>`).
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const cryptoMessages = {
  cryptoAssetLegend: 'Pay with cryptocurrency',
  asset_ETH: 'Ether (ETH)',
  asset_USDT: 'Tether (USDT)',
  asset_USDC: 'USD Coin (USDC)',
  cryptoQuoting: 'Getting the amount to send…',
  cryptoSend: 'Send exactly',
  cryptoAmount: '{amount} {asset}',
  cryptoRate: 'Rate',
  cryptoRateValue: '1 {asset} = {price}',
  cryptoNetwork: 'Network',
  cryptoNetwork_ethereum: 'Ethereum',
  cryptoAddress: 'Deposit address',
  copyAddress: 'Copy address',
  addressCopied: 'Address copied.',
  addressSelected: 'Address selected. Press Ctrl+C (⌘C on a Mac) to copy it.',
  cryptoExpiresIn: 'This amount holds for {time}',
  cryptoQuoteRenewing: 'This amount has expired. Getting a new one…',
  cryptoQuoteRefreshed: 'The previous amount expired, so it was updated. Send {amount} {asset}.',
  cryptoQr: 'QR code to send {amount} {asset} to the deposit address',
  cryptoScan: 'Scan with your wallet, or send to the address below.',
  cryptoTestHint: 'Test mode: no real cryptocurrency is sent.',
  simulatePayment: 'Simulate payment',
  cryptoWaiting: 'Waiting for confirmation…',
  cryptoWaitingBody:
    'Your transfer was seen on the network. This page updates when it is confirmed.',
  cryptoTransaction: 'Transaction',
  cryptoConfirmed: 'Payment confirmed.',
};
