import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, InputError } from '@wsstad/core';
import { loadPipeline, parsePipelineYaml } from './load';
import { readDatasetManifest } from './dataset';
import { runPipeline } from './runner';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

describe('pipeline file hardening', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'rejects the prototype name %s as a stage param',
    (name) => {
      const ws = toyWorkspace(1);
      ws.writePipeline({ src: { [name]: { scale: 2 } } });
      expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(ConfigError);
      expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(
        new RegExp(`\\$\\.stages\\[0\\]\\.params\\.${name}: '${name}' is not a parameter name`),
      );
    },
  );

  it('rejects a prototype name nested in params too', () => {
    const ws = toyWorkspace(1);
    ws.writePipeline({ src: { scale: 2, nested: [{ constructor: 1 }] } });
    expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(/params\.nested\[0\]\.constructor/);
  });

  it('a YAML alias bomb is a ConfigError, not a stack trace or a memory blow-up', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    expect(() => parsePipelineYaml(bomb, 'bomb.yaml')).toThrow(ConfigError);
    expect(() => parsePipelineYaml(bomb, 'bomb.yaml')).toThrow(/aliases expand too much/);
  });
});

describe('dataset manifest hardening', () => {
  it("a video uri with '..' is rejected by the runner, naming the manifest", async () => {
    const ws = toyWorkspace(1);
    writeFileSync(
      ws.manifest,
      JSON.stringify({
        videos: [{ id: 'v001', uri: '../../outside.mp4', split: 'train', label: 'normal', category: 'x' }],
      }),
    );
    const err = await runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(ws.manifest);
    expect((err as Error).message).toMatch(/key 'uri' '\.\.\/\.\.\/outside\.mp4' contains '\.\.' \(path traversal\)/);
  });

  it('a file that is not JSON is named, never quoted', () => {
    const ws = toyWorkspace(1);
    const f = join(ws.dir, 'passwd');
    writeFileSync(f, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n');
    let msg = '';
    try {
      readDatasetManifest(f);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(f);
    expect(msg).toMatch(/not valid JSON/);
    expect(msg).not.toMatch(/root|daemon|bash/);
  });
});
