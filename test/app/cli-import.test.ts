import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync, strToU8, zipSync } from 'fflate';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli.js';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';
import { DATASET } from '../datasets.js';
import { client, freshDataDir, REPO_ROOT, testEnv } from '../server/harness.js';

/*
 * Fixtures are real rows. Klines: the first bars of the bundled Binance files (datasets/README.md);
 * the spot ones with their times written as Binance spot public data writes them since 2025 (epoch µs,
 * no header). Trades: the first trades of the bundled Tardis sample (Binance USD-M BTCUSDT,
 * 2020-02-22) in Binance's trades / aggTrades layouts (taker buy = is_buyer_maker false).
 */
const AVAX_HEADER = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
const AVAX = readFileSync(DATASET.avaxUm1m, 'utf8').split('\n').slice(1, 6);
const BTC_SPOT_US = [
  '1754006400000000,115764.07,115764.08,115704.78,115729.0,11.87539,1754006459999999,1374354.6403012,1421,3.66465,424075.0494376,0',
  '1754006460000000,115729.0,115747.81,115714.37,115738.75,7.52711,1754006519999999,871111.893893,1184,4.35419,503902.6286259,0',
  '1754006520000000,115738.75,115747.8,115678.75,115706.01,16.2354,1754006579999999,1878774.8511629,1957,4.90416,567457.73021,0',
  '1754006580000000,115706.01,115789.04,115706.0,115789.04,14.89803,1754006639999999,1724703.6634437,1667,9.93108,1149643.2896457,0',
];
const TRADES_HEADER = 'id,price,qty,quote_qty,time,is_buyer_maker';
const TRADES = ['42377944,9682,0.132,1278.024,1582329602111,false', '42377945,9682,0.412,3988.984,1582329602116,false', '42377952,9681.62,0.001,9.68162,1582329604065,true'];
const SPOT_TRADES_US = ['42377944,9682.00,0.132,1278.024,1582329602111000,False,True', '42377952,9681.62,0.001,9.68162,1582329604065000,True,True'];
const AGG = ['1000,9682,0.132,42377944,42377944,1582329602111,false,true', '1001,9682,0.412,42377945,42377945,1582329602116,false,true', '1002,9681.62,0.001,42377952,42377952,1582329604065,true,true'];
const BYBIT = readFileSync(DATASET.ethBybit1m, 'utf8').split('\n').slice(0, 5);

const roots: string[] = [];
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data directory and a folder of input files. */
function setup(): { dataDir: string; files: string; write: (name: string, lines: readonly string[] | Uint8Array) => string } {
  const dataDir = freshDataDir();
  const files = mkdtempSync(join(tmpdir(), 'cli-import-files-'));
  roots.push(dataDir, files);
  const write = (name: string, content: readonly string[] | Uint8Array): string => {
    const path = join(files, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content instanceof Uint8Array ? content : `${content.join('\n')}\n`);
    return path;
  };
  return { dataDir, files, write };
}

interface Imported {
  id: string;
  path: string;
  name: string;
  symbol: string;
  venue: string | null;
  market: string | null;
  interval: string;
  first_time: number;
  last_time: number;
  rows: number;
  created: boolean;
}

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { DATA_DIR: dataDir }, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

async function imported(args: string[], dataDir: string): Promise<Imported[]> {
  const r = await cli(['import', ...args, '--json'], dataDir);
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.out[0] as string) as { datasets: Imported[] }).datasets;
}

/** What the import left in DATA_DIR/datasets (temporary folders included). */
const placed = (dataDir: string): string[] => (existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')).sort() : []);

describe('npm run cli -- import', () => {
  it('reads Binance klines with and without the header, in ms and in µs, as the replay reads them', async () => {
    const { dataDir, write } = setup();
    const withHeader = write('AVAXUSDT-1m-2023-02.csv', [AVAX_HEADER, ...AVAX]);
    const bare = write('binance_futures_um_AVAXUSDT-1m-2023-02-bare.csv', AVAX);
    const spotUs = write('binance_spot_BTCUSDT-1m-2025-08-01.csv', BTC_SPOT_US);
    const [a, b, c] = await imported([withHeader, bare, spotUs], dataDir);
    expect(a).toMatchObject({ id: 'imp-1', symbol: 'AVAXUSDT', interval: '1m', rows: 5, first_time: 1675209600000, last_time: 1675209840000, created: true });
    expect(a?.venue).toBeNull(); // the name does not tell it (a CSV is recorded where it is)
    expect(b).toMatchObject({ id: 'imp-2', venue: 'binance', market: 'linear', rows: 5, first_time: 1675209600000 });
    // µs became ms: 2025-08-01T00:00Z, and the bar is one minute (close time 59.999999 s on).
    expect(c).toMatchObject({ id: 'imp-3', symbol: 'BTCUSDT', venue: 'binance', market: 'spot', interval: '1m', rows: 4, first_time: 1754006400000, last_time: 1754006580000 });
    const replayed = readCsv(c!.path);
    expect(replayed.kind === 'klines' && replayed.bars.map((k) => [k.openTime, k.open.toString(), k.close.toString()])).toEqual([
      [1754006400000, '115764.07', '115729'],
      [1754006460000, '115729', '115738.75'],
      [1754006520000, '115738.75', '115706.01'],
      [1754006580000, '115706.01', '115789.04'],
    ]);
  });

  it('reads Binance trades and aggTrades, with or without a header, ms or µs', async () => {
    const { dataDir, write } = setup();
    const files = [
      write('BTCUSDT-trades-2020-02-22.csv', [TRADES_HEADER, ...TRADES]),
      write('BTCUSDT-trades-2025-01-01.csv', SPOT_TRADES_US),
      write('BTCUSDT-aggTrades-2020-02-22.csv', AGG),
      write('BTCUSDT-aggTrades-h-2020-02-22.csv', ['agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker', ...AGG.map((l) => l.replace(/,true$/, ''))]),
    ];
    const got = await imported(files, dataDir);
    expect(got.map((d) => [d.symbol, d.interval, d.rows, d.first_time, d.last_time])).toEqual([
      ['BTCUSDT', 'trades', 3, 1582329602111, 1582329604065],
      ['BTCUSDT', 'trades', 2, 1582329602111, 1582329604065],
      ['BTCUSDT', 'trades', 3, 1582329602111, 1582329604065],
      ['BTCUSDT', 'trades', 3, 1582329602111, 1582329604065],
    ]);
    for (const d of got) {
      const data = readCsv(d.path);
      expect(data.kind === 'trades' && data.trades.map((t) => t.aggressor)).toEqual(d.rows === 2 ? ['BUY', 'SELL'] : ['BUY', 'BUY', 'SELL']);
    }
  });

  it('reads Bybit klines: the bundled layout, /v5/market/kline field names, header-less ms rows', async () => {
    const { dataDir, write } = setup();
    const v5 = ['startTime,openPrice,highPrice,lowPrice,closePrice,volume,turnover', '1748623140000,2548.08,2555.99,2545.91,2550.01,14274.21,36400611.1', '1748623200000,2550.01,2553.85,2545.0,2545.39,6002.11,15291470.3'];
    const got = await imported([write('bybit_linear_ETHUSDT_1m_head.csv', BYBIT), write('bybit_linear_ETHUSDT_1m_v5.csv', v5), write('bybit_linear_ETHUSDT_1m_bare.csv', v5.slice(1))], dataDir);
    expect(got.map((d) => [d.venue, d.market, d.symbol, d.interval, d.rows, d.first_time])).toEqual([
      ['bybit', 'linear', 'ETHUSDT', '1m', 4, Date.UTC(2025, 4, 30, 16, 39)],
      ['bybit', 'linear', 'ETHUSDT', '1m', 2, 1748623140000],
      ['bybit', 'linear', 'ETHUSDT', '1m', 2, 1748623140000],
    ]);
    // As /v5/market/kline answers (newest first): imported as an oldest-first copy in DATA_DIR/datasets.
    const newest = write('bybit_linear_ETHUSDT_1m_newest.csv', [v5[0]!, v5[2]!, v5[1]!]);
    const [n] = await imported([newest], dataDir);
    expect(n).toMatchObject({ rows: 2, first_time: 1748623140000, last_time: 1748623200000, path: join(dataDir, 'datasets', 'bybit_linear_ETHUSDT_1m_newest.csv') });
    expect(readFileSync(n!.path, 'utf8')).toBe(`${v5.join('\n')}\n`);
    const v5Bars = readCsv(got[1]!.path);
    expect(v5Bars.kind === 'klines' && v5Bars.bars.map((k) => [k.openTime, k.high.toString(), k.volume.toString()])).toEqual([
      [1748623140000, '2555.99', '14274.21'],
      [1748623200000, '2553.85', '6002.11'],
    ]);
  });

  it('extracts a Binance zip into DATA_DIR/datasets, checks its CHECKSUM, and names the venue from the path or the flags', async () => {
    const { dataDir, write } = setup();
    const zip = zipSync({ 'BTCUSDT-1m-2025-08-01.csv': strToU8(`${BTC_SPOT_US.join('\n')}\n`) });
    const mirrored = write('data.binance.vision/data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-08-01.zip', zip);
    write('data.binance.vision/data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-08-01.zip.CHECKSUM', [`${createHash('sha256').update(zip).digest('hex')}  BTCUSDT-1m-2025-08-01.zip`]);
    const [d] = await imported([mirrored, '--name', 'btc aug 1'], dataDir);
    expect(d).toMatchObject({ name: 'btc aug 1', venue: 'binance', market: 'spot', rows: 4, created: true });
    expect(d?.path).toBe(join(dataDir, 'datasets', 'binance_spot_BTCUSDT-1m-2025-08-01.csv'));
    expect(placed(dataDir)).toEqual(['binance_spot_BTCUSDT-1m-2025-08-01.csv']);
    // The same archive again is the same dataset; one elsewhere with flags is placed under its own name.
    expect((await imported([mirrored], dataDir))[0]).toMatchObject({ id: d?.id, created: false });
    const um = write('AVAXUSDT-1m-2023-02.zip', zipSync({ 'AVAXUSDT-1m-2023-02.csv': strToU8(`${[AVAX_HEADER, ...AVAX].join('\n')}\n`) }));
    expect((await imported([um, '--venue', 'binance', '--market', 'linear'], dataDir))[0]).toMatchObject({ venue: 'binance', market: 'linear', symbol: 'AVAXUSDT' });
    const twoA = write('two/BTCUSDT-1m-2025-08-02.zip', zipSync({ 'BTCUSDT-1m-2025-08-02.csv': strToU8(`${BTC_SPOT_US.slice(0, 2).join('\n')}\n`) }));
    const twoB = write('two/BTCUSDT-1m-2025-08-03.zip', zipSync({ 'BTCUSDT-1m-2025-08-03.csv': strToU8(`${BTC_SPOT_US.slice(2).join('\n')}\n`) }));
    expect((await imported([twoA, twoB, '--venue', 'bybit', '--market', 'spot'], dataDir)).map((x) => x.rows)).toEqual([2, 2]);
    const gz = write('binance_spot_BTCUSDT-1m-gz.csv.gz', gzipSync(strToU8(`${BTC_SPOT_US.join('\n')}\n`)));
    expect((await imported([gz], dataDir))[0]).toMatchObject({ venue: 'binance', market: 'spot', rows: 4 });
    expect(placed(dataDir)).toEqual([
      'binance_linear_AVAXUSDT-1m-2023-02.csv',
      'binance_spot_BTCUSDT-1m-2025-08-01.csv',
      'binance_spot_BTCUSDT-1m-gz.csv',
      'bybit_spot_BTCUSDT-1m-2025-08-02.csv',
      'bybit_spot_BTCUSDT-1m-2025-08-03.csv',
    ]);
    // Another archive whose CSV would land on a file that is there with other rows: refused, that file untouched.
    const other = write('other/BTCUSDT-1m-2025-08-01.zip', zipSync({ 'BTCUSDT-1m-2025-08-01.csv': strToU8(`${BTC_SPOT_US.slice(0, 2).join('\n')}\n`) }));
    const clash = await cli(['import', other, '--venue', 'binance', '--market', 'spot'], dataDir);
    expect(clash.code).toBe(1);
    expect(clash.err[0]).toContain(`${join(dataDir, 'datasets', 'binance_spot_BTCUSDT-1m-2025-08-01.csv')} already exists with other contents`);
    expect(readFileSync(d!.path, 'utf8').split('\n')).toHaveLength(5);
    expect(placed(dataDir)).toHaveLength(5);
  });

  it('a bad line anywhere refuses the whole import with the file, the line and why; nothing is kept', async () => {
    const { dataDir, write } = setup();
    const good = write('binance_spot_BTCUSDT-1m-good.csv', BTC_SPOT_US);
    const zip = write('BTCUSDT-1m-ok.zip', zipSync({ 'BTCUSDT-1m-ok.csv': strToU8(`${BTC_SPOT_US.join('\n')}\n`) }));
    const broken = [...AVAX];
    broken[2] = (broken[2] as string).replace(/^(\d+),([\d.]+),([\d.]+)/, '$1,$2,19.0000'); // high below the open
    const bad = write('AVAXUSDT-1m-bad.csv', [AVAX_HEADER, ...broken]);
    const r = await cli(['import', good, zip, bad], dataDir);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain(`${bad} is not a valid dataset: line 4: high 19.0000 is below close 19.8740`);
    expect(placed(dataDir)).toEqual([]); // the zip's CSV was not placed, the temporary folder is gone
    const list = await cli(['import', good, '--json'], dataDir);
    expect(JSON.parse(list.out[0] as string).datasets[0].id).toBe('imp-1'); // nothing was recorded before it

    // A bad line inside an archive names the archive and its entry.
    const inZip = write('BTCUSDT-trades-bad.zip', zipSync({ 'BTCUSDT-trades-bad.csv': strToU8(`${[TRADES[0], TRADES[0]].join('\n')}\n`) }));
    const z = await cli(['import', inZip], dataDir);
    expect(z.code).toBe(1);
    expect(z.err.join('\n')).toContain(`${inZip}: BTCUSDT-trades-bad.csv is not a valid dataset: line 2: duplicate trade id 42377944 (also on line 1)`);
  });

  it('a truncated zip, a wrong CHECKSUM, an archive without a CSV are refused; nothing is kept', async () => {
    const { dataDir, write } = setup();
    const full = zipSync({ 'BTCUSDT-1m-2025-08-01.csv': strToU8(`${BTC_SPOT_US.join('\n')}\n`) });
    const cut = write('BTCUSDT-1m-cut.zip', full.subarray(0, Math.floor(full.length * 0.6)));
    const r = await cli(['import', cut], dataDir);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/BTCUSDT-1m-cut\.zip cannot be read as a dataset: not a readable zip archive \(.*\): a truncated download\?/);
    const sum = write('BTCUSDT-1m-sum.zip', full);
    write('BTCUSDT-1m-sum.zip.CHECKSUM', [`${'0'.repeat(64)}  BTCUSDT-1m-sum.zip`]);
    expect((await cli(['import', sum], dataDir)).err.join('\n')).toContain('is not the 0000000000000000000000000000000000000000000000000000000000000000 of BTCUSDT-1m-sum.zip.CHECKSUM');
    const empty = write('empty.zip', zipSync({ 'README.txt': strToU8('no data') }));
    expect((await cli(['import', empty], dataDir)).err.join('\n')).toContain('the archive holds no .csv file');
    const cutGz = write('BTCUSDT-1m-cut.csv.gz', gzipSync(strToU8(BTC_SPOT_US.join('\n'))).subarray(0, 40));
    expect((await cli(['import', cutGz], dataDir)).err.join('\n')).toContain('not readable gzip data');
    expect(placed(dataDir)).toEqual([]);
  });

  it('bad flags exit 2 and import nothing; a missing file exits 1', async () => {
    const { dataDir, write } = setup();
    const f = write('binance_spot_BTCUSDT-1m-x.csv', BTC_SPOT_US);
    const g = write('binance_spot_BTCUSDT-1m-y.csv', BTC_SPOT_US);
    for (const args of [[], ['--bogus', f], [f, '--market', 'swap'], [f, g, '--name', 'both'], [f, '--name', '  ']]) {
      const r = await cli(['import', ...args], dataDir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err[0]).toMatch(/^import: .*\(npm run cli -- import --help\)$/);
    }
    expect((await cli(['import', f, g, '--name', 'both'], dataDir)).err[0]).toContain('--name names one dataset, and this import has 2 files');
    const missing = await cli(['import', f, join(dataDir, 'nope.csv')], dataDir);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toContain('there is no file');
    expect((await imported([f], dataDir))[0]?.id).toBe('imp-1');
  });

  it('as a user runs it: the server on the same DATA_DIR lists what was imported', async () => {
    const { dataDir, write } = setup();
    const zip = write('BTCUSDT-aggTrades-2020-02-22.zip', zipSync({ 'BTCUSDT-aggTrades-2020-02-22.csv': strToU8(`${AGG.join('\n')}\n`) }));
    const run = await promisify(execFile)('npm', ['run', '-s', 'cli', '--', 'import', zip, '--venue', 'binance', '--market', 'linear'], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir } });
    expect(run.stdout).toMatch(/^imported {2}imp-1 {2}binance_linear_BTCUSDT-aggTrades-2020-02-22 {2}BTCUSDT trades \(binance linear\) {2}3 rows/);
    const help = await promisify(execFile)('npm', ['run', '-s', 'cli', '--', 'import', '--help'], { cwd: REPO_ROOT });
    expect(help.stdout).toMatch(/^usage: npm run cli -- import <file…>/);
    const app = await startApp(loadConfig(testEnv(dataDir)), pino({ level: 'silent' }));
    try {
      const res = await client(app.url).get('/api/datasets');
      const list = (res.json as { datasets: Imported[] }).datasets.filter((d) => d.id.startsWith('imp-'));
      expect(list).toMatchObject([{ id: 'imp-1', symbol: 'BTCUSDT', interval: 'trades', rows: 3, venue: 'binance', market: 'linear', path: join(dataDir, 'datasets', 'binance_linear_BTCUSDT-aggTrades-2020-02-22.csv') }]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
