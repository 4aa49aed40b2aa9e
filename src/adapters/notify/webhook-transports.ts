import type { NotificationMessage } from '../../domain/notifications/notification.js';
import type { ChannelConfig, ChannelTransport, SendOutcome } from '../../engine/notifications/ports.js';
import { postJson } from './http-post.js';

const noUrl = (c: ChannelConfig): SendOutcome => ({ ok: false, error: c.problem ?? `the ${c.channel} channel has no URL`, permanent: true, unconfigured: true });

/** A Slack incoming webhook: `{"text": "*title*\nbody"}`. */
export const slackTransport: ChannelTransport = {
  send: (m, c) => (c.secret ? postJson(c.secret, { text: `*${m.title}*\n${m.body}` }, m.dedupKey) : Promise.resolve(noUrl(c))),
};

/** The fields a template may name: {{title}}, {{body}}, {{text}} (title and body), {{kind}}, {{time}}, {{dedup_key}}. */
function fields(m: NotificationMessage): Record<string, string> {
  return { title: m.title, body: m.body, text: `${m.title}\n${m.body}`, kind: m.kind, time: String(m.time), dedup_key: m.dedupKey };
}

/** Fills the placeholders in every string of a JSON template (keys and numbers stay), so no value can break the JSON. */
export function fillTemplate(template: unknown, m: NotificationMessage): unknown {
  const f = fields(m);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{\{(\w+)\}\}/g, (all, k: string) => f[k] ?? all);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(template);
}

/**
 * Any webhook with a JSON body (Discord: `{"content": "{{text}}"}`, a Telegram bot:
 * `{"chat_id": "…", "text": "{{text}}"}`): the `template` setting, else a fixed shape.
 */
export const webhookTransport: ChannelTransport = {
  send(m, c) {
    if (!c.secret) return Promise.resolve(noUrl(c));
    const template = typeof c.settings.template === 'string' && c.settings.template ? (JSON.parse(c.settings.template) as unknown) : null;
    const body = template ? fillTemplate(template, m) : { kind: m.kind, title: m.title, body: m.body, text: `${m.title}\n${m.body}`, time: m.time, dedup_key: m.dedupKey };
    return postJson(c.secret, body, m.dedupKey);
  },
};
