import {
  Bool,
  Field,
  RecordBatch,
  Struct,
  Float32,
  Float64,
  FixedSizeList,
  Int32,
  Schema,
  Table,
  Utf8,
  Vector,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { readFileSync, existsSync } from 'node:fs';
import { ArtifactError } from '../errors';
import { writeFileAtomic } from '../fs';
import { canonicalJson } from '../hash';
import { ARTIFACTS, type ArtifactSpec, type ColumnSpec } from './spec';

/** Provenance carried in every artifact's schema metadata. Deterministic: no timestamps, no hosts. */
export interface Lineage {
  stage: string;
  codeVersion: string;
  paramsHash: string;
  /** Upstream artifact name -> content hash. */
  inputs: Record<string, string>;
  videoId?: string;
  /** Normalised params of the front-end stages that led here (detect, link, features; see frontend.ts). */
  frontEnd?: Record<string, unknown>;
}

export type ColumnValue = Int32Array | Float32Array | Float64Array | string[] | boolean[];

/** Column data of one artifact: numeric columns as typed arrays, vectors flat with their dimension. */
export interface ArtifactData {
  columns: Record<string, ColumnValue>;
  /** Row count (needed for vector columns, whose flat length is rows * dim). */
  rows: number;
  /** Dimension of each vector-f32 column. */
  dims?: Record<string, number>;
  /** Extra kind-specific metadata (e.g. video size, backbone name). Values are strings. */
  meta?: Record<string, string>;
}

export interface ReadArtifact extends ArtifactData {
  kind: string;
  lineage: Lineage;
  table: Table;
}

const META = {
  kind: 'wsstad.kind',
  version: 'wsstad.version',
  lineage: 'wsstad.lineage',
  extra: 'wsstad.meta',
} as const;

function arrowType(c: ColumnSpec, dim: number | undefined): DataType {
  switch (c.type) {
    case 'int32':
      return new Int32();
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'utf8':
      return new Utf8();
    case 'bool':
      return new Bool();
    case 'vector-f32':
      return new FixedSizeList(dim!, new Field('item', new Float32(), false));
  }
}

function toVector(c: ColumnSpec, value: ColumnValue, rows: number, dim: number | undefined): Vector {
  if (c.type === 'vector-f32') {
    if (!(value instanceof Float32Array) || !dim || value.length !== rows * dim) {
      throw new ArtifactError(`column '${c.name}' must be a Float32Array of rows*dim = ${rows}*${dim} values`);
    }
    const type = arrowType(c, dim) as FixedSizeList<Float32>;
    const child = makeData({ type: new Float32(), length: value.length, nullCount: 0, data: value });
    return makeVector(makeData({ type, length: rows, nullCount: 0, child }));
  }
  if (value.length !== rows) throw new ArtifactError(`column '${c.name}' has ${value.length} values, expected ${rows}`);
  if (c.type === 'utf8' || c.type === 'bool') return vectorFromArray(value as unknown[], arrowType(c, dim));
  const expect = c.type === 'int32' ? Int32Array : c.type === 'float32' ? Float32Array : Float64Array;
  if (!(value instanceof expect)) throw new ArtifactError(`column '${c.name}' must be a ${expect.name}`);
  return makeVector(value as Int32Array);
}

/** Build an Arrow table for `kind` with lineage in the schema metadata. */
export function encodeArtifact(kind: string, data: ArtifactData, lineage: Lineage): Table {
  const spec = specOf(kind);
  const vectors: Record<string, Vector> = {};
  for (const c of spec.columns) {
    const v = data.columns[c.name];
    if (v === undefined) throw new ArtifactError(`artifact '${kind}' is missing column '${c.name}'`);
    vectors[c.name] = toVector(c, v, data.rows, data.dims?.[c.name]);
  }
  const fields = spec.columns.map((c) => new Field(c.name, vectors[c.name]!.type, false));
  const metadata = new Map<string, string>([
    [META.kind, kind],
    [META.version, String(spec.version)],
    [META.lineage, canonicalJson(lineage)],
    [META.extra, canonicalJson(data.meta ?? {})],
  ]);
  const schema = new Schema(fields, metadata);
  const struct = makeData({
    type: new Struct(fields),
    length: data.rows,
    nullCount: 0,
    children: spec.columns.map((c) => vectors[c.name]!.data[0]!),
  });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Serialise to Arrow IPC file bytes (deterministic for identical data and lineage). */
export function artifactToBytes(kind: string, data: ArtifactData, lineage: Lineage): Uint8Array {
  return tableToIPC(encodeArtifact(kind, data, lineage), 'file');
}

/** Write an artifact atomically as an Arrow IPC file. Returns the bytes written (for hashing). */
export function writeArtifact(path: string, kind: string, data: ArtifactData, lineage: Lineage): Uint8Array {
  assertFiniteColumns(path, kind, data);
  const bytes = artifactToBytes(kind, data, lineage);
  writeFileAtomic(path, bytes);
  return bytes;
}

/** Read and validate an artifact; every failure is an ArtifactError naming the file. */
export function readArtifact(path: string, expectedKind?: string): ReadArtifact {
  if (!existsSync(path))
    throw new ArtifactError('artifact file not found', {
      file: path,
      hint: 'run the stage that produces it (wsstad run <pipeline>)',
    });
  return artifactFromBytes(readFileSync(path), path, expectedKind);
}

const MAGIC = Buffer.from('ARROW1');

export function artifactFromBytes(bytes: Uint8Array, file: string, expectedKind?: string): ReadArtifact {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || !buf.subarray(0, 6).equals(MAGIC) || !buf.subarray(buf.length - 6).equals(MAGIC)) {
    throw new ArtifactError('not a complete Arrow IPC file (truncated or corrupt: magic bytes missing)', {
      file,
      hint: 'delete it and rerun the stage; the pipeline store recomputes entries whose hash does not verify',
    });
  }
  let table: Table;
  try {
    table = tableFromIPC(buf);
  } catch (e) {
    throw new ArtifactError(`corrupt Arrow IPC file: ${(e as Error).message}`, {
      file,
      cause: e,
      hint: 'delete it and rerun the stage',
    });
  }
  const kind = table.schema.metadata.get(META.kind);
  if (!kind) throw new ArtifactError('Arrow file has no wsstad.kind metadata: not a wsstad artifact', { file });
  if (expectedKind && kind !== expectedKind)
    throw new ArtifactError(`expected a '${expectedKind}' artifact, found '${kind}'`, { file });
  const spec = specOf(kind, file);
  const version = Number(table.schema.metadata.get(META.version));
  if (version !== spec.version)
    throw new ArtifactError(`'${kind}' artifact version ${version}, this code reads version ${spec.version}`, {
      file,
      hint: 'rerun the stage that wrote it',
    });
  const decoded = decodeTable(table, spec, file);
  let lineage: Lineage;
  let meta: Record<string, string>;
  try {
    lineage = JSON.parse(table.schema.metadata.get(META.lineage) ?? 'null');
    meta = JSON.parse(table.schema.metadata.get(META.extra) ?? '{}');
  } catch (e) {
    throw new ArtifactError('artifact metadata is not valid JSON', { file, cause: e });
  }
  assertFiniteRead(file, kind, decoded, lineage);
  return { ...decoded, kind, lineage, meta, table };
}

/**
 * Reads feed training and scoring, so a NaN/Inf that got into a file (corruption, a foreign
 * writer) must stop here, not turn into a VAUC of 0 chosen as "best". Writes already refuse them.
 */
function assertFiniteRead(file: string, kind: string, data: ArtifactData, lineage: Lineage | null): void {
  for (const [name, v] of Object.entries(data.columns)) {
    if (!(v instanceof Float32Array || v instanceof Float64Array)) continue;
    for (let i = 0; i < v.length; i++) {
      if (Number.isFinite(v[i]!)) continue;
      const width = data.dims?.[name] ?? 1;
      const video = lineage?.videoId ? ` of video '${lineage.videoId}'` : '';
      throw new ArtifactError(
        `non-finite value ${v[i]} in column '${name}' (row ${Math.floor(i / width)}) of a '${kind}' artifact${video}`,
        {
          file,
          hint:
            `the file is corrupt or was written by another tool: delete it and rerun the stage that wrote ` +
            `it${lineage?.stage ? ` ('${lineage.stage}')` : ''} with wsstad run <pipeline> --force <stage>`,
        },
      );
    }
  }
}

/** Typed columns from a table; numeric columns are zero-copy when the table has one batch. */
export function decodeTable(table: Table, spec: ArtifactSpec, file = '<memory>'): ArtifactData {
  const columns: Record<string, ColumnValue> = {};
  const dims: Record<string, number> = {};
  for (const c of spec.columns) {
    const col = table.getChild(c.name);
    if (!col) throw new ArtifactError(`'${spec.kind}' artifact lacks column '${c.name}'`, { file });
    if (c.type === 'vector-f32') {
      const t = col.type as FixedSizeList;
      if (!(t instanceof FixedSizeList))
        throw new ArtifactError(`column '${c.name}' is ${String(col.type)}, expected FixedSizeList<Float32>`, { file });
      dims[c.name] = t.listSize;
      columns[c.name] = concatChildren(col, t.listSize);
    } else if (c.type === 'utf8' || c.type === 'bool') {
      columns[c.name] = col.toArray() as unknown as string[];
      if (c.type === 'utf8') columns[c.name] = Array.from(col as Iterable<string>);
    } else {
      const arr = col.toArray();
      const expect = c.type === 'int32' ? Int32Array : c.type === 'float32' ? Float32Array : Float64Array;
      if (!(arr instanceof expect))
        throw new ArtifactError(`column '${c.name}' has type ${String(col.type)}, expected ${c.type}`, { file });
      columns[c.name] = arr;
    }
  }
  return { columns, rows: table.numRows, dims };
}

function concatChildren(col: Vector, dim: number): Float32Array {
  if (col.data.length === 1) {
    const d = col.data[0]!;
    const child = d.children[0]!;
    const values = child.values as Float32Array;
    return values.subarray((d.offset + child.offset) * 1, (d.offset + d.length) * dim + child.offset);
  }
  const out = new Float32Array(col.length * dim);
  let off = 0;
  for (const d of col.data) {
    const child = d.children[0]!;
    const values = (child.values as Float32Array).subarray(
      d.offset * dim + child.offset,
      (d.offset + d.length) * dim + child.offset,
    );
    out.set(values, off);
    off += values.length;
  }
  return out;
}

function specOf(kind: string, file?: string): ArtifactSpec {
  const s = ARTIFACTS[kind];
  if (!s)
    throw new ArtifactError(`unknown artifact kind '${kind}'; valid: ${Object.keys(ARTIFACTS).join(', ')}`, { file });
  return s;
}

/** NaN/Inf are never written: a clear error names the artifact and column instead. */
export function assertFiniteColumns(path: string, kind: string, data: ArtifactData): void {
  for (const [name, v] of Object.entries(data.columns)) {
    if (v instanceof Float32Array || v instanceof Float64Array) {
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i]!)) {
          throw new ArtifactError(
            `refusing to write non-finite value ${v[i]} in column '${name}' (element ${i}) of a '${kind}' artifact`,
            {
              file: path,
              hint: 'the stage produced NaN/Inf: check its inputs (empty crops, zero-variance features) and parameters',
            },
          );
        }
      }
    }
  }
}
