/** Number formatting for the engine's sentences (notes, reasons, findings), with formatters built once: they are costly to create. */

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "$49", "$17.61", "$4,300". */
export function usdLabel(amountCents: number): string {
  return `${amountCents < 0 ? '-' : ''}$${(amountCents % 100 ? cents : whole).format(Math.abs(amountCents) / 100)}`;
}

/** "1,000", "1,234.5". */
export function numberLabel(n: number): string {
  return decimal.format(n);
}
