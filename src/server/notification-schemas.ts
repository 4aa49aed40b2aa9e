import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../domain/notifications/notification.js';
import { exchangeInput, positiveJsonDecimal, symbolInput } from './schemas.js';

const events = z
  .array(z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }))
  .max(NOTIFICATION_KINDS.length * 2)
  .describe(`the events sent on this channel (each switchable): ${NOTIFICATION_KINDS.join(', ')}`);
const url = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL');
const template = z
  .string()
  .max(4096, 'must be at most 4096 characters')
  .refine((t) => {
    try {
      const v = JSON.parse(t) as unknown;
      return v !== null && typeof v === 'object';
    } catch {
      return false;
    }
  }, 'must be a JSON object or array')
  .nullable();
const email = z.string().max(320).regex(/^[^\s@,]+@[^\s@,]+$/, 'must be an email address');

const base = { enabled: z.boolean().optional().describe('whether this channel is used'), events: events.optional() };
export const configBody = z
  .strictObject({
    slack: z.strictObject({ ...base, webhook_url: url.nullable().optional().describe('the Slack incoming webhook URL (a secret: stored encrypted, answered masked); null removes it') }).optional(),
    webhook: z
      .strictObject({
        ...base,
        url: url.nullable().optional().describe('the webhook URL (a secret: stored encrypted, answered masked), e.g. a Discord webhook or https://api.telegram.org/bot<token>/sendMessage'),
        template: template.optional().describe('the JSON body to send, placeholders {{title}} {{body}} {{text}} {{kind}} {{time}} {{dedup_key}} filled in its strings; null: the fixed shape {kind, title, body, text, time, dedup_key}'),
      })
      .optional(),
    email: z
      .strictObject({
        ...base,
        host: z.string().max(253).regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or address').optional().describe('the SMTP server'),
        port: z.number().int().min(1).max(65535).optional().describe('default 587'),
        security: z.enum(['starttls', 'tls', 'none']).optional().describe('starttls (default: STARTTLS required), tls (TLS from the start, port 465) or none'),
        user: z.string().max(256).nullable().optional().describe('the SMTP login (none: no auth)'),
        password: z.string().max(256).nullable().optional().describe('the SMTP password (a secret: stored encrypted, never answered)'),
        from: email.nullable().optional(),
        to: email.optional().describe('the recipient'),
        allow_self_signed: z.boolean().optional().describe('accept a self-signed certificate (a local relay); default false'),
      })
      .optional(),
    browser: z.strictObject(base).optional().describe('the page shows these as browser notifications (Notification API)'),
  })
  .describe('any subset of the channels; a field left out keeps its value');
export type ConfigBody = z.infer<typeof configBody>;

const health = z.object({
  state: z.enum(['ok', 'failing', 'disabled']).describe('failing: the last delivery failed (retried with back-off, or given up)'),
  pending: z.number().describe('messages waiting to go out on this channel'),
  last_error: z.string().nullable(),
  last_error_at: z.number().nullable(),
  last_sent_at: z.number().nullable(),
});
const view = { enabled: z.boolean(), events: z.array(z.string()), status: health };
export const configView = z.object({
  events: z.array(z.string()).describe('every event a channel can be switched on for'),
  channels: z.object({
    slack: z.object({ ...view, webhook_url: z.string().nullable().describe('masked: origin and the last 4 characters') }),
    webhook: z.object({ ...view, url: z.string().nullable().describe('masked'), template: z.string().nullable() }),
    email: z.object({
      ...view,
      host: z.string().nullable(),
      port: z.number(),
      security: z.string(),
      user: z.string().nullable(),
      has_password: z.boolean(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      allow_self_signed: z.boolean(),
    }),
    browser: z.object(view),
  }),
});

export const testBody = z.strictObject({ channel: z.enum(['slack', 'webhook', 'email'], { error: 'must be slack, webhook or email (the page tests the browser itself)' }) });

export const alertBody = z.strictObject({
  symbol: symbolInput.describe('e.g. BTCUSDT'),
  exchange: exchangeInput.optional().describe('default: the active exchange'),
  direction: z.enum(['above', 'below'], { error: 'must be above or below' }).describe('fires when the last price reaches the price from below (above) or from above (below)'),
  price: positiveJsonDecimal.describe('the threshold'),
  repeat: z.boolean().optional().describe('false (default): once; true: again each time the price comes back and crosses it'),
});
export const alertView = z.object({
  id: z.number(),
  exchange: z.string(),
  symbol: z.string(),
  direction: z.enum(['above', 'below']),
  price: z.number(),
  repeat: z.boolean(),
  fired: z.number().describe('how many times it fired'),
  armed: z.boolean().describe('false: fired (a once alert is done; a repeating one waits for the price to cross back)'),
  created_at: z.number(),
  fired_at: z.number().nullable(),
});
export const movePriceBody = z.strictObject({ price: positiveJsonDecimal.describe('the new threshold (a dragged line); the alert is armed again') });
