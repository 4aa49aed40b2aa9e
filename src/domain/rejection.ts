/**
 * A rule refused a command: bad input, a venue rule, a risk limit. `code` is a stable
 * UPPER_SNAKE name from the error catalogue; the server maps it to an HTTP status.
 *
 * @example throw new Rejection('INVALID_QUANTITY', 'quantity 0.0015 is not a multiple of the lot size 0.001', { field: 'quantity' })
 */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'Rejection';
  }
}
