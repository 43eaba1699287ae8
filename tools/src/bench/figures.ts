/**
 * The benchmark figures contract: every script in the bench suite (tools/bench/run-all.ts) prints,
 * as its LAST stdout line, one JSON object; everything above it is free-form human-readable output.
 *
 *   {"figures":[{"name":"Arrow IPC write","value":37,"unit":"MB/s","note":"20000 x 4096"}]}
 *
 * For compatibility a flat JSON object is accepted too (packages/mgpr-trainer/bench/step.ts prints
 * one): each number, string or boolean value becomes a figure named by its key (nested objects give
 * dotted names), with a unit inferred from the key name where it says one (seconds, GFlops, MB, ms...).
 */

/** One measured (or descriptive) figure of a benchmark script. */
export interface BenchFigure {
  name: string;
  value: number | string;
  /** Unit of `value` ('MB/s', 's', 'frames/s', ...); '' for counts and labels. */
  unit: string;
  note?: string;
}

/** The preferred last-line shape. */
export interface BenchFiguresLine {
  figures: BenchFigure[];
}

/** A script's last stdout line did not follow the contract. */
export class BenchOutputError extends Error {
  constructor(
    readonly script: string,
    detail: string,
  ) {
    super(`${script}: ${detail}`);
    this.name = 'BenchOutputError';
  }
}

const CONTRACT =
  'expected, as the last stdout line, {"figures":[{"name","value","unit","note"?}]} or a flat JSON object';

/** Unit implied by a flat key's name ('' when it says none). Order matters: GFlops before GFlop. */
export function unitFromKey(key: string): string {
  const rules: Array<[RegExp, string]> = [
    [/gflops$|gflop_?s$|gflopspersecond$/i, 'GFLOP/s'],
    [/gflop$/i, 'GFLOP'],
    [/mb_?s$|MBs$|MBPerS(ec(ond)?)?$|mbpersecond$/i, 'MB/s'],
    [/(^|_)mb$|MB$|megabytes$|Megabytes$/, 'MB'],
    [/(^|_)gb$|GB$/, 'GB'],
    [/fps$|framespersecond$|frames_?s$/i, 'frames/s'],
    [/clipspersecond$|clips_?s$/i, 'clips/s'],
    [/[Ss]econds|Secs?(Per|$)|(^|_)secs?(_|$)|(^|_)s$/, 's'],
    [/millis|(^|_)ms(_|$)|Ms(Per|$)|^ms[A-Z]/, 'ms'],
    [/micros|(^|_)us(_|$)|Us(Per|$)|^us[A-Z]/, 'us'],
    [/[Oo]ver[A-Z]|[Rr]atio$|[Ss]peedup$/, 'x'],
    [/percent$|pct$/i, '%'],
  ];
  for (const [re, unit] of rules) if (re.test(key)) return unit;
  return '';
}

/**
 * Figures from a flat object (the compatibility form); nested objects give dotted names, arrays and nulls are skipped.
 */
export function figuresFromFlat(obj: Record<string, unknown>, prefix = ''): BenchFigure[] {
  const out: BenchFigure[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) out.push({ name, value: v, unit: unitFromKey(k) });
    } else if (typeof v === 'string') out.push({ name, value: v, unit: '' });
    else if (typeof v === 'boolean') out.push({ name, value: String(v), unit: '' });
    else if (v && typeof v === 'object' && !Array.isArray(v))
      out.push(...figuresFromFlat(v as Record<string, unknown>, `${name}.`));
  }
  return out;
}

function validateFigure(script: string, f: unknown, i: number): BenchFigure {
  const where = `figures[${i}]`;
  if (!f || typeof f !== 'object' || Array.isArray(f)) throw new BenchOutputError(script, `${where} is not an object`);
  const o = f as Record<string, unknown>;
  if (typeof o.name !== 'string' || !o.name) throw new BenchOutputError(script, `${where} has no string 'name'`);
  if (!((typeof o.value === 'number' && Number.isFinite(o.value)) || typeof o.value === 'string')) {
    throw new BenchOutputError(
      script,
      `${where} ('${o.name}') has no finite number or string 'value' (got ${JSON.stringify(o.value)})`,
    );
  }
  if (o.unit !== undefined && typeof o.unit !== 'string')
    throw new BenchOutputError(script, `${where} ('${o.name}') has a non-string 'unit'`);
  if (o.note !== undefined && typeof o.note !== 'string')
    throw new BenchOutputError(script, `${where} ('${o.name}') has a non-string 'note'`);
  return {
    name: o.name,
    value: o.value,
    unit: (o.unit as string | undefined) ?? '',
    ...(o.note ? { note: o.note as string } : {}),
  };
}

/**
 * Figures from a benchmark script's whole stdout (its last non-empty line is the JSON object).
 * Throws BenchOutputError naming `script` when the line is missing or does not follow the contract.
 */
export function parseFigures(stdout: string, script: string): BenchFigure[] {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const last = lines.at(-1);
  if (last === undefined) throw new BenchOutputError(script, `printed nothing on stdout; ${CONTRACT}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    const shown = last.length > 120 ? `${last.slice(0, 117)}...` : last;
    throw new BenchOutputError(script, `last stdout line is not JSON: '${shown}'; ${CONTRACT}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BenchOutputError(
      script,
      `last stdout line is JSON but not an object ` +
        `(${Array.isArray(parsed) ? 'array' : JSON.stringify(parsed)}); ${CONTRACT}`,
    );
  }
  const obj = parsed as Record<string, unknown>;
  if ('figures' in obj) {
    if (!Array.isArray(obj.figures)) throw new BenchOutputError(script, `'figures' is not an array; ${CONTRACT}`);
    return obj.figures.map((f, i) => validateFigure(script, f, i));
  }
  const flat = figuresFromFlat(obj);
  if (flat.length === 0)
    throw new BenchOutputError(
      script,
      `last stdout line is a JSON object without any number or string value; ${CONTRACT}`,
    );
  return flat;
}

/** The line a bench script prints last (for scripts that can import tools; others inline the JSON.stringify). */
export function figuresLine(figures: BenchFigure[]): string {
  return JSON.stringify({ figures } satisfies BenchFiguresLine);
}
