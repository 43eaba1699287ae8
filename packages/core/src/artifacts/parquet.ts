import {
  FixedSizeList,
  Field,
  Float32,
  Table,
  tableFromIPC,
  tableToIPC,
  makeData,
  makeVector,
  Schema,
  Struct,
  RecordBatch,
  type Vector,
  type Data,
} from 'apache-arrow';
import { readFileSync, existsSync } from 'node:fs';
import { ArtifactError } from '../errors';
import { writeFileAtomic } from '../fs';
import { artifactFromBytes, type ReadArtifact } from './table';
import { ARTIFACTS } from './spec';
import { canonicalJson } from '../hash';

/**
 * Parquet export/import for interop (pandas, pyarrow, DuckDB, polars), through parquet-wasm
 * (Rust parquet crate compiled to WASM). Chosen over the owner-named parquetjs-lite because
 * parquetjs-lite cannot round-trip FixedSizeList<Float32> columns (it writes repeated floats) nor
 * read ZSTD or dictionary-encoded files written by other tools (see the README's measurements).
 * Internal artifacts stay Arrow IPC (zero-copy reads); Parquet is the exchange format.
 */
type Pw = typeof import('parquet-wasm/node');
let pw: Pw | undefined;
function parquetWasm(): Pw {
  pw ??= require('parquet-wasm/node') as Pw;
  return pw;
}

export type ParquetCompression = 'uncompressed' | 'snappy' | 'zstd';

/** Convert a table to Parquet bytes, keeping schema metadata (lineage) in the file's key-value metadata. */
export function tableToParquet(table: Table, compression: ParquetCompression = 'zstd'): Uint8Array {
  const p = parquetWasm();
  const wasmTable = p.Table.fromIPCStream(tableToIPC(table, 'stream'));
  const code = { uncompressed: p.Compression.UNCOMPRESSED, snappy: p.Compression.SNAPPY, zstd: p.Compression.ZSTD }[
    compression
  ];
  // Lineage also as plain key-value metadata, so tools that ignore ARROW:schema (DuckDB) see it.
  const kv = new Map<string, string>([...table.schema.metadata].filter(([k]) => k.startsWith('wsstad.')));
  const props = new p.WriterPropertiesBuilder().setCompression(code).setKeyValueMetadata(kv).build();
  return p.writeParquet(wasmTable, props);
}

/**
 * Read Parquet bytes into an Arrow table. Files written by other tools (DuckDB, pyarrow) store
 * fixed-length vectors as variable-length lists: those columns are converted back to
 * FixedSizeList<Float32> when every row has the same length, so features read the same either way.
 */
export function parquetToTable(bytes: Uint8Array, file = '<memory>'): Table {
  let t: Table;
  try {
    const wasmTable = parquetWasm().readParquet(bytes);
    t = tableFromIPC(wasmTable.intoIPCStream());
  } catch (e) {
    throw new ArtifactError(`not a readable Parquet file: ${(e as Error).message ?? String(e)}`, {
      file,
      cause: e,
      hint: 'check the file is complete; re-export it',
    });
  }
  return listsToFixed(t);
}

function listsToFixed(t: Table): Table {
  let changed = false;
  const fields: Field[] = [];
  const columns: Data[] = [];
  for (const f of t.schema.fields) {
    let col = t.getChild(f.name)! as Vector;
    const typeId = String(col.type);
    if (/^List</.test(typeId) || /^LargeList</.test(typeId)) {
      const fixed = fixList(col);
      if (fixed) {
        col = fixed;
        changed = true;
      }
    }
    fields.push(new Field(f.name, col.type, f.nullable, f.metadata));
    columns.push(col.data.length === 1 ? col.data[0]! : makeVector(col.toArray()).data[0]!);
  }
  if (!changed) return t;
  const schema = new Schema(fields, t.schema.metadata);
  const struct = makeData({ type: new Struct(fields), length: t.numRows, nullCount: 0, children: columns });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

function fixList(col: Vector): Vector | undefined {
  const rows = col.length;
  let dim = -1;
  const rowsArr: ArrayLike<number>[] = [];
  for (let i = 0; i < rows; i++) {
    const v = col.get(i) as { toArray(): ArrayLike<number> } | null;
    if (v === null) return undefined;
    const a = v.toArray();
    if (dim < 0) dim = a.length;
    else if (a.length !== dim) return undefined;
    rowsArr.push(a);
  }
  if (dim <= 0) return undefined;
  const flat = new Float32Array(rows * dim);
  rowsArr.forEach((a, i) => flat.set(a, i * dim));
  const type = new FixedSizeList(dim, new Field('item', new Float32(), false));
  return makeVector(
    makeData({
      type,
      length: rows,
      nullCount: 0,
      child: makeData({ type: new Float32(), length: flat.length, nullCount: 0, data: flat }),
    }),
  );
}

/** Export an artifact (Arrow IPC file) to Parquet, atomically. */
export function exportParquet(arrowPath: string, parquetPath: string, compression: ParquetCompression = 'zstd'): void {
  const a = readArtifactTable(arrowPath);
  writeFileAtomic(parquetPath, tableToParquet(a, compression));
}

/** Import a Parquet file written by wsstad or another tool into a validated artifact. */
export function importParquet(parquetPath: string, expectedKind?: string): ReadArtifact {
  if (!existsSync(parquetPath)) throw new ArtifactError('Parquet file not found', { file: parquetPath });
  let t = parquetToTable(readFileSync(parquetPath), parquetPath);
  if (!t.schema.metadata.get('wsstad.kind')) {
    // A file from another tool: adopt it as `expectedKind` if its columns match (validated on decode).
    if (!expectedKind)
      throw new ArtifactError('Parquet file has no wsstad metadata; name the artifact kind to import it as', {
        file: parquetPath,
        hint: 'pass the expected kind, e.g. importParquet(path, "detections")',
      });
    const meta = new Map(t.schema.metadata);
    meta.set('wsstad.kind', expectedKind);
    meta.set('wsstad.version', String(ARTIFACTS[expectedKind]?.version ?? 0));
    meta.set('wsstad.lineage', canonicalJson({ stage: 'import', codeVersion: '', paramsHash: '', inputs: {} }));
    meta.set('wsstad.meta', t.schema.metadata.get('wsstad.meta') ?? '{}');
    t = new Table(
      new Schema(t.schema.fields, meta),
      t.batches.map((b) => new RecordBatch(new Schema(t.schema.fields, meta), b.data)),
    );
  }
  return artifactFromBytes(tableToIPC(t, 'file'), parquetPath, expectedKind);
}

function readArtifactTable(path: string): Table {
  if (!existsSync(path)) throw new ArtifactError('artifact file not found', { file: path });
  return artifactFromBytes(readFileSync(path), path).table;
}
