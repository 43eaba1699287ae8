import { ConfigError } from '@wsstad/core';
import { normalizeDetectorConfig } from './config';
import { DETECTOR_PRESETS } from './defaults';
import type { DetectorConfig } from './types';

/** The forms a detector can be named in on the command line (printed by every parse error). */
export const DETECTOR_SPEC_FORMS = [
  'a name: background-subtraction | coco-centernet | coco-nanodet | onnx | oracle',
  'a name with settings: coco-centernet:scoreThreshold=0.3,maxDetections=20 or onnx:model=yolov8n.onnx,format=yolo',
  'JSON: {"kind":"coco-tfjs","model":"centernet"} (kind: background-subtraction | coco-tfjs | onnx | oracle;' +
    ' coco-tfjs takes model: centernet | nanodet)',
] as const;

const formsHint = () => `valid forms: ${DETECTOR_SPEC_FORMS.map((f, i) => `(${i + 1}) ${f}`).join('; ')}`;

function scalar(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'null') return null;
  return v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
}

/**
 * Parse a detector given on the command line: `name`, `name:key=val,key=val` or a JSON object,
 * into a normalised config. Names are DETECTOR_PRESETS keys; a JSON `kind` may also be a name
 * (`{"kind":"coco-centernet"}` = `{"kind":"coco-tfjs","model":"centernet"}`).
 */
export function parseDetectorSpec(text: string): DetectorConfig {
  const t = text.trim();
  let raw: Record<string, unknown>;
  if (t.startsWith('{')) {
    try {
      raw = JSON.parse(t) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`--detector ${JSON.stringify(text)} is not valid JSON: ${(e as Error).message}`, {
        hint: formsHint(),
      });
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new ConfigError(`--detector JSON must be an object`, { hint: formsHint() });
  } else {
    const i = t.indexOf(':');
    const name = i < 0 ? t : t.slice(0, i);
    const preset = DETECTOR_PRESETS[name];
    if (!preset) throw new ConfigError(`unknown detector '${name}'`, { hint: formsHint() });
    raw = { ...preset };
    if (i >= 0) {
      for (const pair of t
        .slice(i + 1)
        .split(',')
        .filter((p) => p.trim() !== '')) {
        const j = pair.indexOf('=');
        if (j <= 0) throw new ConfigError(`--detector setting '${pair}' is not key=value`, { hint: formsHint() });
        raw[pair.slice(0, j).trim()] = scalar(pair.slice(j + 1).trim());
      }
    }
  }
  try {
    return normalizeDetectorConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError)
      throw new ConfigError(e.message.split('\nFix: ')[0]!, { hint: [e.hint, formsHint()].filter(Boolean).join('; ') });
    throw e;
  }
}
