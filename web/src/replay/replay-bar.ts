import { showError } from '../actions.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';
import { replayApi, SPEEDS, type Control, type ReplaySessionInfo, type Speed } from './replay-api.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The clock: from the start in a blind session (the date would tell the market), else UTC. */
export function clockText(s: Pick<ReplaySessionInfo, 'blind' | 'clock' | 'elapsed_ms'>): string {
  if (!s.blind) return `${new Date(s.clock).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const sec = Math.max(0, Math.floor(s.elapsed_ms / 1000));
  return `+${Math.floor(sec / 3600)}:${pad(Math.floor(sec / 60) % 60)}:${pad(sec % 60)}`;
}

/**
 * The "Practice" panel (start a session from a dataset or open one) and the replay bar of the open
 * session: play/pause, speed, step bar / tick and the clock. `open` charts a session (null: the
 * live market again); the bar follows the session's state from its stream (`render`).
 */
export class ReplayBar {
  private current: ReplaySessionInfo | null = null;

  constructor(private readonly open: (s: ReplaySessionInfo | null) => Promise<void>) {
    byId('rb-speed').replaceChildren(...SPEEDS.map((v) => Object.assign(el('option', undefined, v === 'max' ? 'max' : `${v}×`), { value: String(v) })));
    byId('practice-open').addEventListener('click', () => void this.togglePanel());
    const random = byId<HTMLInputElement>('pr-random');
    random.addEventListener('change', () => (byId<HTMLInputElement>('pr-start').disabled = random.checked));
    byId('practice').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.create();
    });
    byId('pr-open').addEventListener('click', () => void this.openListed());
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
  }

  get session(): ReplaySessionInfo | null {
    return this.current;
  }

  /** A hotkey or button of the bar; nothing without an open session. */
  act(what: 'playPause' | 'stepBar' | 'stepTick' | 'speedDown' | 'speedUp'): void {
    const s = this.current;
    if (!s) return;
    if (what === 'playPause') return this.send(s.status === 'playing' ? { action: 'pause' } : { action: 'play', speed: this.speed() });
    if (what === 'stepBar') return this.send({ action: 'step_bar' });
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
    byId('rb-status').textContent = s.status === 'finished' ? t('practice_finished') : '';
    if (s.status === 'playing') byId<HTMLSelectElement>('rb-speed').value = String(s.speed);
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
      byId('pr-sessions').replaceChildren(
        ...sessions.map((s) => Object.assign(el('option', undefined, `${s.session_id} · ${s.name} · ${s.symbol} · ${clockText(s)}`), { value: s.session_id })),
      );
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
      });
      await this.show(s);
    } catch (err) {
      showError(err);
    }
  }

  private async openListed(): Promise<void> {
    const id = byId<HTMLSelectElement>('pr-sessions').value;
    if (!id) return;
    try {
      await this.show(await replayApi.get(id));
    } catch (err) {
      showError(err);
    }
  }

  private async show(s: ReplaySessionInfo | null): Promise<void> {
    this.current = s;
    byId('practice').hidden = true;
    byId('replay-bar').hidden = s === null;
    if (s) this.render(s);
    await this.open(s);
  }
}
