import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { readArtifact, importParquet, ARTIFACTS, ArtifactError, type ReadArtifact } from '@wsstad/core';
import { cliContext } from '../context';

/** An Arrow IPC artifact or a Parquet export (core `exportParquet`, DuckDB), told apart by magic bytes. */
function readAny(path: string): { a: ReadArtifact; format: 'arrow' | 'parquet' } {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    /* missing: readArtifact says so */
  }
  if (isDir) {
    throw new ArtifactError('is a directory; inspect reads one artifact file', {
      file: path,
      hint:
        `pass one of its files (ls ${path}); a dataset-level output folder (trees/<hash>/) holds plain ` +
        `files such as model.json or metrics.json`,
    });
  }
  const head = Buffer.alloc(4);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* readArtifact reports it */
  }
  return head.toString('latin1') === 'PAR1'
    ? { a: importParquet(path), format: 'parquet' }
    : { a: readArtifact(path), format: 'arrow' };
}

interface Args {
  artifact: string;
  rows: number;
  json: boolean;
}

export const inspectCommand: CommandModule<object, Args> = {
  command: 'inspect <artifact>',
  describe: "print an artifact's kind, schema, lineage and first rows",
  builder: (y) =>
    y
      .positional('artifact', {
        type: 'string',
        demandOption: true,
        describe: 'path of an Arrow artifact (.arrow, a store object) or a Parquet export',
      })
      .option('rows', { type: 'number', default: 5, describe: 'how many rows to show' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' })
      .example('$0 inspect .wsstad/store/ab/abcd.arrow', 'show a detections artifact'),
  handler: (argv) => {
    const { io } = cliContext(argv as never);
    const { a, format } = readAny(argv.artifact);
    const spec = ARTIFACTS[a.kind]!;
    const head = Array.from({ length: Math.min(argv.rows, a.rows) }, (_, i) => {
      const row: Record<string, unknown> = {};
      const firstValues = (v: Float32Array, at: number, n: number) =>
        Array.from(v.subarray(at, at + n), (x) => +x.toFixed(4)).join(', ');
      for (const c of spec.columns) {
        const v = a.columns[c.name]!;
        const dim = a.dims?.[c.name];
        row[c.name] = dim
          ? `[${firstValues(v as Float32Array, i * dim, Math.min(4, dim))}${dim > 4 ? `, ... (${dim})` : ''}]`
          : (v as ArrayLike<unknown>)[i];
      }
      return row;
    });
    if (argv.json) {
      io.out(
        JSON.stringify(
          {
            file: argv.artifact,
            format,
            kind: a.kind,
            rows: a.rows,
            schema: a.table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) })),
            lineage: a.lineage,
            meta: a.meta,
            head,
          },
          null,
          2,
        ),
      );
      return;
    }
    io.out(`${argv.artifact}`);
    io.out(`format: ${format === 'parquet' ? 'Parquet export' : 'Arrow IPC'}`);
    io.out(`kind: ${a.kind} (${spec.doc})`);
    io.out(`rows: ${a.rows}`);
    io.out('schema:');
    for (const f of a.table.schema.fields)
      io.out(`  ${f.name}: ${String(f.type)}  -- ${spec.columns.find((c) => c.name === f.name)?.doc ?? ''}`);
    io.out(
      `lineage: stage=${a.lineage.stage} code=${a.lineage.codeVersion.slice(0, 12)} ` +
        `params=${a.lineage.paramsHash.slice(0, 12)}${a.lineage.videoId ? ` video=${a.lineage.videoId}` : ''}`,
    );
    for (const [k, v] of Object.entries(a.lineage.inputs)) io.out(`  input ${k}: ${v.slice(0, 16)}`);
    if (a.meta && Object.keys(a.meta).length)
      io.out(
        `meta: ${Object.entries(a.meta)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
    io.out(`first ${head.length} rows:`);
    for (const r of head) io.out('  ' + JSON.stringify(r));
  },
};
