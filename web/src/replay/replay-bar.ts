import { showError } from '../actions.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';
import { confirmDialog } from '../ui/modal.js';
import { session } from '../session.js';
import { fmtNum, fmtSigned, tone } from '../core/format.js';
import { toast } from '../ui/toast.js';
import { clockText } from './clock-text.js';
import { jumpTarget } from './jump-target.js';
import { replayApi, SPEEDS, type Control, type ReplaySessionInfo, type Speed } from './replay-api.js';
import { SessionList } from './session-list.js';

export { clockText };

/**
 * The "Practice" panel (start a session from a dataset or open one) and the replay bar of the open
 * session: play/pause, speed, step bar / tick and the clock. `open` charts a session (null: the
 * live market again); the bar follows the session's state from its stream (`render`).
 */
export class ReplayBar {
  private current: ReplaySessionInfo | null = null;
  private readonly list = new SessionList(
    (s) => this.show(s),
    (s, id) => {
      if (this.current?.session_id !== id) return;
      if (s) this.render(s);
      else void this.show(null);
    },
  );
  private accountRead: Promise<void> | null = null;
  private accountAgain = false;

  constructor(private readonly open: (s: ReplaySessionInfo | null) => Promise<void>) {
    byId('rb-speed').replaceChildren(...SPEEDS.map((v) => Object.assign(el('option', undefined, v === 'max' ? 'max' : `${v}×`), { value: String(v) })));
    byId('practice-open').addEventListener('click', () => void this.togglePanel());
    const random = byId<HTMLInputElement>('pr-random');
    random.addEventListener('change', () => (byId<HTMLInputElement>('pr-start').disabled = random.checked));
    byId('practice').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.create();
    });
    // A button keeps no focus: Space and the arrows are the bar's hotkeys, not the button's.
    const button = (id: string, what: 'playPause' | 'stepBar' | 'stepTick') =>
      byId(id).addEventListener('click', (e) => {
        (e.currentTarget as HTMLElement).blur();
        this.act(what);
      });
    button('rb-play', 'playPause');
    button('rb-step-bar', 'stepBar');
    button('rb-step-tick', 'stepTick');
    const speed = byId<HTMLSelectElement>('rb-speed');
    speed.addEventListener('change', () => {
      speed.blur();
      if (this.current?.status === 'playing') this.send({ action: 'play', speed: this.speed() });
    });
    byId('rb-leave').addEventListener('click', () => void this.show(null));
    // Playing, the session's marks move with every tick: its equity line is re-read every second.
    setInterval(() => {
      if (this.current?.status === 'playing' && !document.hidden) this.readAccount();
    }, 1_000);
    byId('rb-jump').addEventListener('submit', (e) => {
      e.preventDefault();
      this.jump();
    });
    byId('rb-finish').addEventListener('click', async (e) => {
      (e.currentTarget as HTMLElement).blur();
      if (this.current && (await confirmDialog(t('practice_confirm_finish')))) this.send({ action: 'finish' });
    });
  }

  get session(): ReplaySessionInfo | null {
    return this.current;
  }

  /** A hotkey or button of the bar; nothing without an open session. */
  act(what: 'playPause' | 'stepBar' | 'stepTick' | 'speedDown' | 'speedUp'): void {
    const s = this.current;
    if (!s) return;
    if (what === 'playPause') return this.send(s.status === 'playing' ? { action: 'pause' } : { action: 'play', speed: this.speed() });
    if (what === 'stepBar') return this.send({ action: 'step_bar', interval: this.interval() });
    if (what === 'stepTick') return this.send({ action: 'step_tick' });
    const select = byId<HTMLSelectElement>('rb-speed');
    const i = Math.min(SPEEDS.length - 1, Math.max(0, select.selectedIndex + (what === 'speedUp' ? 1 : -1)));
    if (i === select.selectedIndex) return;
    select.selectedIndex = i;
    if (s.status === 'playing') this.send({ action: 'play', speed: this.speed() });
  }

  /** The session's state (a control's answer or a `state` message of its stream). */
  render(s: ReplaySessionInfo): void {
    if (!this.current || s.session_id !== this.current.session_id) return;
    this.current = s;
    const bar = byId('replay-bar');
    bar.dataset.status = s.status;
    byId('rb-name').textContent = `${s.name} · ${s.symbol}`;
    byId('rb-play').textContent = t(s.status === 'playing' ? 'practice_pause' : 'practice_play');
    byId('rb-clock').textContent = clockText(s);
    byId<HTMLInputElement>('rb-jump-to').placeholder = t('practice_jump_hint');
    byId('rb-status').textContent = [s.status === 'finished' ? t('practice_finished') : '', s.rewatch_of ? t('practice_rewatching') : '', s.rebased ? t('practice_rebased') : '']
      .filter(Boolean)
      .join(' · ');
    byId<HTMLButtonElement>('rb-finish').disabled = s.status === 'finished';
    if (s.status === 'playing') byId<HTMLSelectElement>('rb-speed').value = String(s.speed);
    this.readAccount();
  }

  /** The session's own cash, equity and unrealized PnL (GET …/account); reads asked for meanwhile are folded into one. */
  private readAccount(): void {
    const id = this.current?.session_id;
    if (!id) return;
    if (this.accountRead) return void (this.accountAgain = true);
    this.accountRead = replayApi
      .account(id)
      .then((a) => {
        if (this.current?.session_id !== id) return;
        const cash = a.balances.find((b) => b.asset === 'USDT')?.total ?? a.balances[0]?.total ?? null;
        byId('rb-equity').textContent = fmtNum(a.equity, 2);
        byId('rb-cash').textContent = fmtNum(cash, 2);
        const u = byId('rb-upnl');
        u.textContent = fmtSigned(a.unrealized_pnl);
        u.className = tone(a.unrealized_pnl);
        byId('rb-account').dataset.equity = String(a.equity);
      }, showError)
      .finally(() => {
        this.accountRead = null;
        if (this.accountAgain) {
          this.accountAgain = false;
          this.readAccount();
        }
      });
  }

  /** Jump N bars (of the charted interval) or to a time (+H:MM from the start, or a UTC date). */
  private jump(): void {
    const s = this.current;
    if (!s) return;
    const text = byId<HTMLInputElement>('rb-jump-to').value;
    const bars = Number(text.trim());
    if (/^\d+$/.test(text.trim()) && bars >= 1) {
      this.send({ action: 'jump', bars, interval: this.interval() });
    } else {
      const to = jumpTarget(text, s);
      if (typeof to === 'string') return toast(t(to));
      this.send({ action: 'jump', to_time: to });
    }
    byId<HTMLInputElement>('rb-jump-to').blur();
  }

  /** The charted interval: a step or a jump of bars is of the bars the chart shows. */
  private interval(): string {
    const i = session.get().interval;
    return ['1m', '5m', '15m', '1h'].includes(i) ? i : '1m';
  }

  private speed(): Speed {
    const v = byId<HTMLSelectElement>('rb-speed').value;
    return v === 'max' ? 'max' : (Number(v) as Speed);
  }

  private send(c: Control): void {
    const id = this.current?.session_id;
    if (id) replayApi.control(id, c).then((s) => this.render(s), showError);
  }

  private async togglePanel(): Promise<void> {
    const panel = byId('practice');
    panel.hidden = !panel.hidden;
    byId('practice-open').blur();
    if (panel.hidden) return;
    try {
      const [datasets, sessions] = await Promise.all([replayApi.datasets(), replayApi.sessions()]);
      byId('pr-dataset').replaceChildren(...datasets.map((d) => Object.assign(el('option', undefined, `${d.name} (${d.symbol} ${d.interval})`), { value: d.id })));
      this.list.render(sessions);
    } catch (err) {
      showError(err);
    }
  }

  private async create(): Promise<void> {
    const random = byId<HTMLInputElement>('pr-random').checked;
    const start = Date.parse(`${byId<HTMLInputElement>('pr-start').value}Z`);
    const cash = Number(byId<HTMLInputElement>('pr-cash').value.trim().replace(/,/g, ''));
    try {
      const s = await replayApi.create({
        dataset_id: byId<HTMLSelectElement>('pr-dataset').value,
        ...(random ? { random: true } : { start_time: start }),
        starting_cash: cash,
        blind: byId<HTMLInputElement>('pr-blind').checked,
        rebase_prices: byId<HTMLInputElement>('pr-rebase').checked,
      });
      await this.show(s);
    } catch (err) {
      showError(err);
    }
  }

  /** Charts a session with its bar (null: the live market again), as opening it from the list does. */
  async show(s: ReplaySessionInfo | null): Promise<void> {
    this.current = s;
    byId('practice').hidden = true;
    byId('replay-bar').hidden = s === null;
    if (s) this.render(s);
    await this.open(s);
  }
}
