import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, isTempFile } from './fs';
import { ConfigError, StageFailedError, lookup } from './errors';
import { createLogger, createProgress } from './log';

describe('atomic writes', () => {
  it('replaces the file whole and leaves no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsstad-fs-'));
    const p = join(dir, 'sub', 'x.bin');
    writeFileAtomic(p, 'first');
    writeFileAtomic(p, Buffer.from('second'));
    expect(readFileSync(p, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'sub')).filter(isTempFile)).toEqual([]);
  });
});

describe('errors and registries', () => {
  it('lookup lists the valid names', () => {
    const REG = Object.freeze({ alpha: 1, beta: 2 });
    expect(lookup(REG, 'beta', 'detector')).toBe(2);
    expect(() => lookup(REG, 'gamma', 'detector')).toThrow(ConfigError);
    expect(() => lookup(REG, 'gamma', 'detector')).toThrow(/unknown detector 'gamma'; valid: alpha, beta/);
    expect(() => lookup(REG, 'toString', 'detector')).toThrow(ConfigError);
  });
  it('StageFailedError keeps its cause and names the stage and video', () => {
    const cause = new Error('boom');
    const e = new StageFailedError('detect', 'v7', cause);
    expect(e.cause).toBe(cause);
    expect(e.message).toBe("stage 'detect' failed for video 'v7': boom");
  });
  it('messages carry the file and the fix', () => {
    const e = new ConfigError('bad key', { file: 'p.yaml', hint: 'use x' });
    expect(e.message).toBe('p.yaml: bad key\nFix: use x');
  });
});

describe('logging and progress', () => {
  it('filters by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.info('hidden');
    log.warn('shown');
    log.child('sub').error('deep');
    expect(lines).toEqual(['WARN shown', 'ERROR [sub] deep']);
  });
  it('prints periodic lines off a TTY, always the last one', () => {
    const lines: string[] = [];
    const p = createProgress({
      total: 3,
      label: 'detect',
      tty: false,
      intervalMs: 1e9,
      logger: createLogger({ write: (l) => lines.push(l) }),
    });
    p.tick();
    p.tick();
    p.tick();
    p.done();
    expect(lines[0]).toMatch(/^detect: 1\/3/);
    expect(lines.some((l) => /^detect: 3\/3/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^detect: done 3\/3/);
  });
});
