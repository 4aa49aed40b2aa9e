import { call } from '../api.js';

export type ChannelName = 'slack' | 'webhook' | 'email' | 'browser';
export interface ChannelStatus {
  state: 'ok' | 'failing' | 'disabled';
  pending: number;
  last_error: string | null;
}
interface Common {
  enabled: boolean;
  events: string[];
  status: ChannelStatus;
}
export interface NotifyConfig {
  events: string[];
  channels: {
    slack: Common & { webhook_url: string | null };
    webhook: Common & { url: string | null; template: string | null };
    email: Common & { host: string | null; port: number; security: string; user: string | null; has_password: boolean; from: string | null; to: string | null; allow_self_signed: boolean };
    browser: Common;
  };
}
export interface PriceAlert {
  id: number;
  exchange: string;
  symbol: string;
  direction: 'above' | 'below';
  price: number;
  repeat: boolean;
  fired: number;
  armed: boolean;
}
export interface FeedMessage {
  id: number;
  kind: string;
  title: string;
  body: string;
  time: number;
}

/** The notification and alert routes the page uses. */
export const notifyApi = {
  config: () => call<NotifyConfig>('GET', '/api/notifications/config'),
  configure: (body: Record<string, unknown>) => call<NotifyConfig>('POST', '/api/notifications/config', body),
  test: (channel: Exclude<ChannelName, 'browser'>) => call<{ sent: true }>('POST', '/api/notifications/test', { channel }),
  feed: (after: number | null) => call<{ last_id: number; messages: FeedMessage[] }>('GET', `/api/notifications${after === null ? '' : `?after=${after}`}`),
  alerts: () => call<{ alerts: PriceAlert[] }>('GET', '/api/alerts').then((r) => r.alerts),
  addAlert: (a: { exchange: string; symbol: string; direction: 'above' | 'below'; price: number; repeat: boolean }) => call<PriceAlert>('POST', '/api/alerts', a),
  moveAlert: (id: number, price: number) => call<PriceAlert>('PATCH', `/api/alerts/${id}`, { price }),
  removeAlert: (id: number) => call<{ removed: true }>('DELETE', `/api/alerts/${id}`),
};
