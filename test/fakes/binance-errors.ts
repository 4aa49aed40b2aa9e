/**
 * Binance's error answers, as its REST API sends them: an HTTP status and a `{"code":-NNNN,"msg":"..."}`
 * body. The codes and texts are Binance's own (spot and USD-M futures share most of them).
 */
export class BinanceError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly status = 400,
  ) {
    super(msg);
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.msg };
  }
}

export const errors = {
  unknown: () => new BinanceError(-1000, 'An unknown error occured while processing the request.', 500),
  disconnected: () => new BinanceError(-1001, 'Internal error; unable to process your request. Please try again.', 503),
  tooManyRequests: () =>
    new BinanceError(-1003, 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.', 429),
  banned: (until: number) =>
    new BinanceError(-1003, `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use the websocket for live updates to avoid bans.`, 418),
  timestampOutside: () => new BinanceError(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  timestampAhead: () => new BinanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: () => new BinanceError(-1022, 'Signature for this request is not valid.'),
  illegalChars: (name: string) => new BinanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.`),
  mandatory: (name: string) => new BinanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  badParam: (name: string) => new BinanceError(-1102, `Parameter '${name}' was malformed.`),
  notRequired: (name: string) => new BinanceError(-1106, `Parameter '${name}' sent when not required.`),
  badPrecision: () => new BinanceError(-1111, 'Precision is over the maximum defined for this asset.'),
  badTif: () => new BinanceError(-1115, 'Invalid timeInForce.'),
  badType: () => new BinanceError(-1116, 'Invalid orderType.'),
  badSide: () => new BinanceError(-1117, 'Invalid side.'),
  badInterval: () => new BinanceError(-1120, 'Invalid interval.'),
  badSymbol: () => new BinanceError(-1121, 'Invalid symbol.'),
  badListenKey: () => new BinanceError(-1125, 'This listenKey does not exist.'),
  badRecvWindow: () => new BinanceError(-1131, 'recvWindow must be less than 60000'),
  filter: (which: string) => new BinanceError(-1013, `Filter failure: ${which}`),
  spotRejected: (msg: string) => new BinanceError(-2010, msg),
  cancelRejected: () => new BinanceError(-2011, 'Unknown order sent.'),
  noSuchOrder: () => new BinanceError(-2013, 'Order does not exist.'),
  keyFormat: () => new BinanceError(-2014, 'API-key format invalid.', 401),
  badKey: () => new BinanceError(-2015, 'Invalid API-key, IP, or permissions for action.', 401),
  marginInsufficient: () => new BinanceError(-2019, 'Margin is insufficient.'),
  wouldTrigger: () => new BinanceError(-2021, 'Order would immediately trigger.'),
  reduceOnlyRejected: () => new BinanceError(-2022, 'ReduceOnly Order is rejected.'),
  qtyNotPositive: () => new BinanceError(-4003, 'Quantity less than or equal to zero.'),
  qtyBelowMin: (min: string) => new BinanceError(-4004, `Quantity less than minimum quantity ${min}.`),
  qtyAboveMax: (max: string) => new BinanceError(-4005, `Quantity greater than max quantity ${max}.`),
  priceNotPositive: () => new BinanceError(-4001, 'Price less than 0.'),
  priceTick: () => new BinanceError(-4014, 'Price not increased by tick size.'),
  limitAbove: (p: string) => new BinanceError(-4016, `Limit price can't be higher than ${p}.`),
  limitBelow: (p: string) => new BinanceError(-4024, `Limit price can't be lower than ${p}.`),
  badLeverage: () => new BinanceError(-4028, 'Leverage 0 is not valid'),
  duplicateClientId: () => new BinanceError(-4116, 'ClientOrderId is duplicated.'),
  algoEndpoint: () =>
    new BinanceError(-4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.'),
  futuresNotional: (min: string) =>
    new BinanceError(-4164, `Order's notional must be no smaller than ${min} (unless you choose reduce only).`),
  noNeedMarginType: () => new BinanceError(-4046, 'No need to change margin type.'),
  gtxWouldTake: () => new BinanceError(-5022, 'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history'),
} as const;
