import { z } from 'zod';
import { NOTIFICATION_KINDS, type ChannelId } from '../../domain/notifications/notification.js';
import { Rejection } from '../../domain/rejection.js';
import type { ChannelPatch } from '../../engine/notifications/ports.js';
import type { ServerDeps } from '../deps.js';
import { configBody, configView, testBody, type ConfigBody } from '../notification-schemas.js';
import type { NotificationsPort } from '../notifications-port.js';
import { errorResponses } from '../schemas.js';
import { requireToken } from '../auth/require-token.js';
import { routes, type RouteModule } from './plugin.js';

export function notificationsOf(deps: ServerDeps): NotificationsPort {
  if (!deps.notifications) throw new Rejection('NOT_SUPPORTED', 'this server sends no notifications');
  return deps.notifications;
}

const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The channels as shown: secrets masked (an SMTP password only as "there is one"), each with its delivery state. */
export function configOf(n: NotificationsPort): z.infer<typeof configView> {
  const health = new Map(n.health().map((h) => [h.channel, h]));
  const ch = new Map(n.channels().map((c) => [c.channel, c]));
  const common = (id: ChannelId) => {
    const c = ch.get(id)!;
    const h = health.get(id)!;
    return {
      enabled: c.enabled,
      events: [...c.events],
      status: { state: h.state, pending: h.pending, last_error: h.lastError, last_error_at: h.lastErrorAt, last_sent_at: h.lastSentAt },
    };
  };
  const email = ch.get('email')!.settings;
  return {
    events: [...NOTIFICATION_KINDS],
    channels: {
      slack: { ...common('slack'), webhook_url: ch.get('slack')!.secretMasked },
      webhook: { ...common('webhook'), url: ch.get('webhook')!.secretMasked, template: s(ch.get('webhook')!.settings.template) },
      email: {
        ...common('email'),
        host: s(email.host),
        port: typeof email.port === 'number' ? email.port : 587,
        security: s(email.security) ?? 'starttls',
        user: s(email.user),
        has_password: ch.get('email')!.secretMasked !== null,
        from: s(email.from),
        to: s(email.to),
        allow_self_signed: email.allow_self_signed === true,
      },
      browser: common('browser'),
    },
  };
}

/** A body's channel objects as patches of the store (the secret fields split off). */
function patches(body: ConfigBody): [ChannelId, ChannelPatch][] {
  const out: [ChannelId, ChannelPatch][] = [];
  const base = (c: { enabled?: boolean; events?: ChannelPatch['events'] }) => ({
    ...(c.enabled === undefined ? {} : { enabled: c.enabled }),
    ...(c.events === undefined ? {} : { events: [...new Set(c.events)] }),
  });
  if (body.slack) out.push(['slack', { ...base(body.slack), ...(body.slack.webhook_url === undefined ? {} : { secret: body.slack.webhook_url }) }]);
  if (body.webhook) {
    const w = body.webhook;
    out.push(['webhook', { ...base(w), ...(w.url === undefined ? {} : { secret: w.url }), ...(w.template === undefined ? {} : { settings: { template: w.template } }) }]);
  }
  if (body.email) {
    const { enabled: _e, events: _v, password, ...settings } = body.email;
    const kept = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ChannelPatch['settings'];
    out.push(['email', { ...base(body.email), settings: kept, ...(password === undefined ? {} : { secret: password }) }]);
  }
  if (body.browser) out.push(['browser', base(body.browser)]);
  return out;
}

export const notificationRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/notifications/config',
      { schema: { tags: ['notifications'], summary: 'The notification channels (secrets masked), the events each sends, and each one’s delivery state', response: { 200: configView, ...errorResponses } } },
      async () => configOf(notificationsOf(deps)),
    );

    app.post(
      '/api/notifications/config',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Configure any subset of the channels: Slack, a JSON webhook, email over SMTP, the browser',
          description:
            'Webhook URLs and the SMTP password are stored encrypted with the master key and answered masked. A channel without `events` sends every event. Answers the whole configuration. Needs the API token under REQUIRE_TOKEN=1 (where the account\'s fills are sent is as sensitive as its keys).',
          body: configBody,
          response: { 200: configView, ...errorResponses },
        },
      },
      async (req) => {
        // Where the account's fills are sent is as sensitive as its keys: the token under REQUIRE_TOKEN=1.
        requireToken(deps.auth, req);
        const n = notificationsOf(deps);
        const list = patches(req.body);
        if (list.length === 0) throw new Rejection('VALIDATION_ERROR', 'name at least one channel: slack, webhook, email or browser', { field: 'body' });
        for (const [channel, patch] of list) n.configure(channel, patch);
        return configOf(n);
      },
    );

    app.post(
      '/api/notifications/test',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Send a test message on one channel now (outside the outbox)',
          description: 'Answers once the channel took it (it may be switched off: test before enabling). A channel without its URL or host is a 422 NOTIFICATION_NOT_CONFIGURED; one that refused or cannot be reached is a 502 NOTIFICATION_FAILED with its answer.',
          body: testBody,
          response: { 200: z.object({ channel: z.string(), sent: z.literal(true) }), 502: errorResponses[503], ...errorResponses },
        },
      },
      async (req) => {
        const outcome = await notificationsOf(deps).test(req.body.channel);
        if (!outcome.ok && outcome.unconfigured) throw new Rejection('NOTIFICATION_NOT_CONFIGURED', `the ${req.body.channel} channel cannot send: ${outcome.error}`, { channel: req.body.channel });
        if (!outcome.ok) throw new Rejection('NOTIFICATION_FAILED', `the ${req.body.channel} test was not delivered: ${outcome.error}`, { channel: req.body.channel });
        return { channel: req.body.channel, sent: true as const };
      },
    );

    app.get(
      '/api/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'The messages after `after` that the browser channel shows (the page polls this)',
          description: 'Every message goes to the outbox; this answers those of the events switched on for the browser channel (none while it is off), oldest first, and the newest id to ask after next.',
          querystring: z.object({ after: z.coerce.number().int().min(0).optional().describe('the last id seen; absent: only the newest id (where a page starts)'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: {
            200: z.object({ last_id: z.number(), messages: z.array(z.object({ id: z.number(), kind: z.string(), title: z.string(), body: z.string(), time: z.number() })) }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const n = notificationsOf(deps);
        const browser = n.channels().find((c) => c.channel === 'browser')!;
        if (req.query.after === undefined || !browser.enabled) return { last_id: n.lastId(), messages: [] };
        const rows = n.recent(req.query.after, req.query.limit);
        const last = rows.length ? rows[rows.length - 1]!.id : req.query.after;
        const wanted = new Set<string>(browser.events);
        const messages = rows.filter((r) => wanted.has(r.message.kind)).map((r) => ({ id: r.id, kind: r.message.kind, title: r.message.title, body: r.message.body, time: r.message.time }));
        return { last_id: last, messages };
      },
    );
  });
