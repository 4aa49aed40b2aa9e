import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfig, ChannelTransport, SendOutcome } from '../../engine/notifications/ports.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A transport per configuration (a changed setting or password makes a new one). */
let cached: { key: string; transport: Transporter } | null = null;

function transportOf(c: ChannelConfig): Transporter {
  const s = c.settings;
  const key = JSON.stringify([s, c.secret]);
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const user = str(s.user);
  const transport = nodemailer.createTransport({
    host: str(s.host),
    port: typeof s.port === 'number' ? s.port : 587,
    // `tls`: TLS from the first byte (port 465); `starttls` (the default): plain, then STARTTLS, required.
    secure: s.security === 'tls',
    requireTLS: s.security !== 'none' && s.security !== 'tls',
    ignoreTLS: s.security === 'none',
    auth: user ? { user, pass: c.secret ?? '' } : undefined,
    tls: { rejectUnauthorized: s.allow_self_signed !== true },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  cached = { key, transport };
  return transport;
}

/** Email over SMTP (nodemailer): STARTTLS and auth by default; a 4xx SMTP answer is retried, a 5xx is not. */
export const emailTransport: ChannelTransport = {
  async send(m, c): Promise<SendOutcome> {
    const to = str(c.settings.to);
    if (!str(c.settings.host) || !to) return { ok: false, error: 'the email channel needs a host and a recipient (to)', permanent: true, unconfigured: true };
    if (c.problem) return { ok: false, error: c.problem, permanent: true, unconfigured: true };
    try {
      await transportOf(c).sendMail({
        from: str(c.settings.from) ?? str(c.settings.user) ?? 'scalping-trainer@localhost',
        to,
        subject: `[Scalping Trainer] ${m.title}`,
        text: `${m.body}\n\n(${new Date(m.time).toISOString()}, ${m.kind})`,
        messageId: `<${encodeURIComponent(m.dedupKey)}@scalping-trainer>`,
      });
      return { ok: true };
    } catch (err) {
      const e = err as { message?: string; responseCode?: number };
      const error = `SMTP ${str(c.settings.host)}: ${e.message ?? String(err)}`;
      return { ok: false, error, permanent: typeof e.responseCode === 'number' && e.responseCode >= 500 ? true : undefined };
    }
  },
};
