import './notify.css';
import { notifyText, type NotifyKey } from '../core/i18n-notify.js';
import { showError } from '../actions.js';
import { call } from '../api.js';
import { session } from '../session.js';
import { byId, el } from '../ui/dom.js';
import { toast } from '../ui/toast.js';
import type { AlertLines } from './alert-lines.js';
import { BrowserNotifier } from './browser-notifier.js';
import { notifyApi, type ChannelName, type NotifyConfig } from './notify-api.js';

const tn = (k: NotifyKey) => notifyText(session.get().lang, k);
const CHANNELS: readonly ChannelName[] = ['slack', 'webhook', 'email', 'browser'];

type FieldSpec = { name: string; key: NotifyKey; type?: 'text' | 'number' | 'password' | 'check' | 'select' | 'area'; secret?: boolean; options?: string[] };
const FIELDS: Record<ChannelName, FieldSpec[]> = {
  slack: [{ name: 'webhook_url', key: 'webhook_url', secret: true }],
  webhook: [
    { name: 'url', key: 'url', secret: true },
    { name: 'template', key: 'template', type: 'area' },
  ],
  email: [
    { name: 'host', key: 'host' },
    { name: 'port', key: 'port', type: 'number' },
    { name: 'security', key: 'security', type: 'select', options: ['starttls', 'tls', 'none'] },
    { name: 'user', key: 'user' },
    { name: 'password', key: 'password', type: 'password', secret: true },
    { name: 'from', key: 'from' },
    { name: 'to', key: 'to' },
    { name: 'allow_self_signed', key: 'self_signed', type: 'check' },
  ],
  browser: [],
};

/**
 * The "Alerts" panel of the top bar: each notification channel (on/off, its settings — secrets only
 * as their masked form, typed anew to change —, the events it sends, its state, "send test") and the
 * price alerts (add for the charted symbol at a price, remove; each is a draggable line on the chart).
 */
export class NotifyPanel {
  private readonly root = el('section', 'notify-panel');
  private readonly channelsBox = el('div', 'nt-channels');
  private readonly alertsBox = el('div', 'nt-alerts');
  private config: NotifyConfig | null = null;

  constructor(
    private readonly lines: AlertLines,
    private readonly lastPrice: () => number | null,
  ) {
    this.root.id = 'notify';
    this.root.hidden = true;
    const button = Object.assign(el('button'), { id: 'notify-open', type: 'button' });
    button.addEventListener('click', () => {
      button.blur();
      void this.toggle();
    });
    byId('practice-open').after(button);
    const head = el('div', 'nt-head');
    const close = Object.assign(el('button', 'nt-close'), { type: 'button' });
    close.addEventListener('click', () => void this.toggle());
    head.append(el('strong', 'nt-title'), close);
    this.root.append(head, this.channelsBox, this.alertsBox);
    document.body.append(this.root);
    this.labels();
    void this.watchHealth();
    setInterval(() => void this.watchHealth(), 10_000);
  }

  /** A failing channel marks the top bar's button (GET /health names it) until it delivers again. */
  private async watchHealth(): Promise<void> {
    try {
      const h = await call<{ notifications?: { channel: string; state: string; last_error: string | null }[] }>('GET', '/health');
      const failing = (h.notifications ?? []).filter((n) => n.state === 'failing');
      const button = byId('notify-open');
      button.classList.toggle('failing', failing.length > 0);
      button.title = failing.map((n) => `${n.channel}: ${n.last_error ?? ''}`).join('\n');
    } catch {
      // the server is away: the feed light says so
    }
  }

  /** The words of the static parts (the language may change while it is closed). */
  labels(): void {
    byId('notify-open').textContent = tn('notify_open');
    this.root.querySelector('.nt-title')!.textContent = tn('notify_title');
    this.root.querySelector('.nt-close')!.textContent = tn('close');
  }

  async toggle(): Promise<void> {
    this.root.hidden = !this.root.hidden;
    if (!this.root.hidden) await this.reload();
  }

  async reload(): Promise<void> {
    this.labels();
    try {
      this.config = await notifyApi.config();
      await this.lines.refresh();
    } catch (err) {
      showError(err);
      return;
    }
    this.renderChannels();
    this.renderAlerts();
  }

  private renderChannels(): void {
    const cfg = this.config!;
    this.channelsBox.replaceChildren(...CHANNELS.map((c) => this.channelForm(c, cfg)));
  }

  private channelForm(channel: ChannelName, cfg: NotifyConfig): HTMLElement {
    const view = cfg.channels[channel] as unknown as Record<string, unknown> & { enabled: boolean; events: string[]; status: { state: string; pending: number; last_error: string | null } };
    const form = el('form', 'nt-channel');
    form.dataset.channel = channel;
    const head = el('div', 'nt-ch-head');
    const on = Object.assign(el('input'), { type: 'checkbox', name: 'enabled', checked: view.enabled });
    const state = el('span', `nt-state ${view.status.state}`, tn(`state_${view.status.state}` as NotifyKey) + (view.status.pending ? ` · ${view.status.pending} ${tn('pending')}` : ''));
    if (view.status.last_error) state.title = view.status.last_error;
    const onLabel = el('label', 'check');
    onLabel.append(on, ` ${tn('enabled')}`);
    head.append(el('strong', undefined, tn(`ch_${channel}` as NotifyKey)), onLabel, state);
    form.append(head);
    if (view.status.state === 'failing' && view.status.last_error) form.append(el('p', 'nt-error', view.status.last_error));
    for (const f of FIELDS[channel]) form.append(this.field(f, view));
    const events = el('div', 'nt-events');
    for (const ev of cfg.events) {
      const box = Object.assign(el('input'), { type: 'checkbox', name: `ev:${ev}`, checked: view.events.includes(ev) });
      const l = el('label', 'check');
      l.append(box, ` ${tn(`ev_${ev}` as NotifyKey)}`);
      events.append(l);
    }
    form.append(events);
    const buttons = el('div', 'nt-buttons');
    const save = Object.assign(el('button', 'nt-save', tn('save')), { type: 'submit' });
    buttons.append(save);
    if (channel === 'browser') {
      const allow = Object.assign(el('button', 'nt-test', tn('allow_browser')), { type: 'button' });
      allow.addEventListener('click', () => void BrowserNotifier.allow().then((p) => (p === 'granted' ? BrowserNotifier.show(tn('ch_browser'), tn('test_sent')) : toast(tn('browser_denied')))));
      buttons.append(allow);
    } else {
      const test = Object.assign(el('button', 'nt-test', tn('send_test')), { type: 'button' });
      test.addEventListener('click', () => {
        void notifyApi.test(channel).then(() => toast(tn('test_sent'), 'info'), showError).finally(() => void this.reload());
      });
      buttons.append(test);
    }
    form.append(buttons);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void notifyApi.configure({ [channel]: this.patchOf(form, channel) }).then(
        (c) => {
          this.config = c;
          this.renderChannels();
          toast(tn('saved'), 'info');
        },
        showError,
      );
    });
    return form;
  }

  private field(f: FieldSpec, view: Record<string, unknown>): HTMLElement {
    const label = el('label', f.type === 'check' ? 'check' : 'field');
    const value = view[f.name];
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (f.type === 'select') {
      input = el('select');
      for (const o of f.options ?? []) input.append(Object.assign(el('option', undefined, o), { value: o }));
      input.value = String(value ?? f.options?.[0] ?? '');
    } else if (f.type === 'area') {
      input = Object.assign(el('textarea'), { value: typeof value === 'string' ? value : '', rows: 2 });
    } else {
      input = Object.assign(el('input'), { type: f.type === 'check' ? 'checkbox' : f.type === 'number' ? 'number' : f.type === 'password' ? 'password' : 'text', spellcheck: false });
      if (f.type === 'check') input.checked = value === true;
      else if (f.secret) input.placeholder = (f.name === 'password' ? (view.has_password ? '••••' : '') : String(value ?? '')) || '';
      else input.value = value === null || value === undefined ? '' : String(value);
      if (f.secret && (value || view.has_password)) input.title = tn('keep_secret');
    }
    input.name = f.name;
    if (f.type === 'check') label.append(input, ` ${tn(f.key)}`);
    else label.append(el('span', undefined, tn(f.key)), input);
    return label;
  }

  /** The form as the route's body for its channel: a secret left empty is kept, an empty text is null. */
  private patchOf(form: HTMLFormElement, channel: ChannelName): Record<string, unknown> {
    const get = (n: string) => form.elements.namedItem(n) as HTMLInputElement | null;
    const out: Record<string, unknown> = { enabled: get('enabled')!.checked, events: this.config!.events.filter((e) => get(`ev:${e}`)?.checked) };
    for (const f of FIELDS[channel]) {
      const input = get(f.name)!;
      if (f.type === 'check') out[f.name] = input.checked;
      else if (f.type === 'number') out[f.name] = Number(input.value);
      else if (f.secret) {
        if (input.value !== '') out[f.name] = input.value;
      } else out[f.name] = input.value === '' ? (f.name === 'to' || f.name === 'host' ? undefined : null) : input.value;
    }
    return out;
  }

  private renderAlerts(): void {
    const { exchange, symbol } = session.get();
    const form = el('form', 'nt-alert-form');
    const dir = el('select');
    dir.name = 'direction';
    for (const d of ['above', 'below'] as const) dir.append(Object.assign(el('option', undefined, tn(d)), { value: d }));
    const price = Object.assign(el('input'), { name: 'price', inputmode: 'decimal', value: String(this.lastPrice() ?? '') });
    const repeat = Object.assign(el('input'), { type: 'checkbox', name: 'repeat' });
    const repeatLabel = el('label', 'check');
    repeatLabel.append(repeat, ` ${tn('repeat')}`);
    const add = Object.assign(el('button', undefined, tn('alert_add')), { type: 'submit' });
    form.append(el('strong', undefined, `${tn('alerts')} · ${symbol}`), dir, el('span', 'dim', tn('price')), price, repeatLabel, add);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void notifyApi
        .addAlert({ exchange, symbol, direction: dir.value as 'above' | 'below', price: Number(price.value), repeat: repeat.checked })
        .then(() => this.reload(), showError);
    });
    const list = el('ul', 'nt-alert-list');
    for (const a of this.lines.alerts) {
      const li = el('li');
      li.dataset.alert = String(a.id);
      const rm = Object.assign(el('button', undefined, tn('remove')), { type: 'button' });
      rm.addEventListener('click', () => void notifyApi.removeAlert(a.id).then(() => this.reload(), showError));
      li.append(el('span', undefined, `${a.exchange} ${a.symbol} ${tn(a.direction)} ${a.price}${a.repeat ? ` (${tn('repeat')})` : ''}${a.fired ? ` · ${tn('fired')} ${a.fired}` : ''}`), rm);
      list.append(li);
    }
    if (!this.lines.alerts.length) list.append(el('li', 'dim', tn('no_alerts')));
    this.alertsBox.replaceChildren(form, list);
  }
}
