import { ConfigError } from '@wsstad/core';
import { normalizeDetectorConfig } from './config';
import { DEFAULT_BGS_CONFIG, TORCHVISION_CLASS_MAP, YOLO_CLASS_MAP } from './defaults';
import { resolveDetectorConfig } from './registry';
import { normalizeDetectStageParams } from './stage';

describe('normalizeDetectorConfig', () => {
  it('defaults to background subtraction and reads --set text (overrides) by type', () => {
    expect(normalizeDetectorConfig({})).toEqual(DEFAULT_BGS_CONFIG);
    const c = resolveDetectorConfig('background-subtraction', { warmupFrames: '20', detectShadows: 'false' });
    expect(c).toMatchObject({ kind: 'background-subtraction', warmupFrames: 20, detectShadows: false });
    const o = resolveDetectorConfig('onnx', { format: 'yolo', model: 'y.onnx', mean: '0,0.5,1', objectness: 'false' });
    expect(o).toMatchObject({ resize: 'letterbox', mean: [0, 0.5, 1], objectness: false });
    expect(resolveDetectorConfig('coco-nanodet', { scoreThreshold: '0.3' })).toMatchObject({
      model: 'nanodet',
      scoreThreshold: 0.3,
    });
  });

  it('never coerces config values: a string is not a boolean or a number (only --set text is read)', () => {
    expect(() => normalizeDetectorConfig({ detectShadows: 'false' })).toThrow(ConfigError);
    expect(() => normalizeDetectorConfig({ detectShadows: 'false' })).toThrow(
      /setting detectShadows="false" is invalid; allowed: true or false\nFix: e.g. detectShadows: true/,
    );
    expect(() => normalizeDetectorConfig({ warmupFrames: '20' })).toThrow(
      /warmupFrames="20" is invalid; allowed: an integer in \[0, 100000\]/,
    );
    expect(() => resolveDetectorConfig('background-subtraction', { detectShadows: 'False' })).toThrow(
      /allowed: true or false/,
    );
    expect(() => normalizeDetectStageParams({ detector: { kind: 'oracle', minArea: '5' } })).toThrow(
      /\$?minArea="5" is invalid/,
    );
  });

  it('rejects out-of-range values and unknown settings with the valid ones and a did-you-mean', () => {
    expect(() => normalizeDetectorConfig({ learningRate: 2 })).toThrow(
      /setting learningRate=2 is invalid; allowed: a number in \[0, 1\]\nFix: e.g. learningRate: 0.002/,
    );
    expect(() => normalizeDetectorConfig({ warmupFrame: 3 })).toThrow(
      new RegExp(
        /unknown detector 'background-subtraction' setting 'warmupFrame'; valid: blur, closeKernel, .*; /.source +
          /did you mean 'warmupFrames'\?/.source,
      ),
    );
    expect(() => normalizeDetectStageParams({ strides: 2 })).toThrow(
      /unknown detect param 'strides'; valid: detector, stride; did you mean 'stride'\?/,
    );
    expect(() => normalizeDetectStageParams({ stride: 0 })).toThrow(
      /detect param stride=0 is invalid; allowed: an integer in \[1, 1000\]/,
    );
    expect(() => normalizeDetectorConfig({ kind: 'onnx' })).toThrow(
      /needs setting 'model'; allowed: a non-empty string\nFix: e.g. model: "models\/detector.onnx"/,
    );
  });

  it('picks per-format ONNX defaults (class map, letterbox for YOLO)', () => {
    expect(normalizeDetectorConfig({ kind: 'onnx', format: 'yolo', model: 'm.onnx' })).toMatchObject({
      resize: 'letterbox',
      classMap: YOLO_CLASS_MAP,
    });
    expect(normalizeDetectorConfig({ kind: 'onnx', model: 'm.onnx' })).toMatchObject({
      format: 'fasterrcnn',
      resize: 'resize',
      classMap: TORCHVISION_CLASS_MAP,
    });
  });

  it('says what was wrong, what is allowed and gives an example', () => {
    expect(() => normalizeDetectorConfig({ kind: 'background-subtraction', blur: 4 })).toThrow(
      /blur=4 is invalid; allowed: 0 or an odd integer in \[0, 31\]/,
    );
    expect(() => normalizeDetectorConfig({ kind: 'coco-tfjs', model: 'yolo' })).toThrow(
      /model="yolo" is invalid; allowed: "centernet", "nanodet"/,
    );
    expect(() => normalizeDetectorConfig({ kind: 'onnx', model: 'm.onnx', std: [1, 0, 1] })).toThrow(
      /three positive numbers/,
    );
    expect(() => normalizeDetectorConfig({ kind: 'sift' })).toThrow(
      /unknown detector kind "sift"; valid kinds: background-subtraction, coco-tfjs, onnx, oracle/,
    );
  });
});
