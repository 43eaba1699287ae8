import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputHashes } from './stage';

describe('infer lineage', () => {
  it('names a model directory by content, not path: the same work in two stores gives identical lineage', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wsstad-lineage-'));
    try {
      const a = join(root, 'storeA', 'trees', 'm');
      mkdirSync(join(a, 'sub'), { recursive: true });
      writeFileSync(join(a, 'model.json'), '{"x":1}');
      writeFileSync(join(a, 'sub', 'w.bin'), 'abc');
      writeFileSync(join(root, 'f.arrow'), 'feat');
      const b = join(root, 'storeB', 'elsewhere', 'm');
      cpSync(a, b, { recursive: true });
      const ha = await inputHashes({ model: a, 'clip-features': join(root, 'f.arrow') });
      const hb = await inputHashes({ model: b, 'clip-features': join(root, 'f.arrow') });
      expect(ha).toEqual(hb);
      expect(ha.model).toMatch(/^dir:[0-9a-f]{64}$/);
      expect(JSON.stringify(ha)).not.toContain(root);
      // A different model content gives a different hash.
      const c = join(root, 'c');
      cpSync(a, c, { recursive: true });
      writeFileSync(join(c, 'sub', 'w.bin'), 'abd');
      expect((await inputHashes({ model: c })).model).not.toBe(ha.model);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
