import { normalizeDetectorConfig } from './config';
import { DEFAULT_BGS_CONFIG, TORCHVISION_CLASS_MAP, YOLO_CLASS_MAP } from './defaults';

describe('normalizeDetectorConfig', () => {
  it('defaults to background subtraction and parses CLI strings', () => {
    expect(normalizeDetectorConfig({})).toEqual(DEFAULT_BGS_CONFIG);
    const c = normalizeDetectorConfig({ warmupFrames: '20', detectShadows: 'false' });
    expect(c).toMatchObject({ kind: 'background-subtraction', warmupFrames: 20, detectShadows: false });
  });

  it('picks per-format ONNX defaults (class map, letterbox for YOLO)', () => {
    expect(normalizeDetectorConfig({ kind: 'onnx', format: 'yolo', model: 'm.onnx' })).toMatchObject({ resize: 'letterbox', classMap: YOLO_CLASS_MAP });
    expect(normalizeDetectorConfig({ kind: 'onnx', model: 'm.onnx' })).toMatchObject({ format: 'fasterrcnn', resize: 'resize', classMap: TORCHVISION_CLASS_MAP });
  });

  it('says what was wrong, what is allowed and gives an example', () => {
    expect(() => normalizeDetectorConfig({ kind: 'background-subtraction', blur: 4 })).toThrow(/blur=4 must be 0 or odd/);
    expect(() => normalizeDetectorConfig({ kind: 'coco-tfjs', model: 'yolo' })).toThrow(/model="yolo" is invalid; allowed: "centernet", "nanodet"/);
    expect(() => normalizeDetectorConfig({ kind: 'onnx', model: 'm.onnx', std: [1, 0, 1] })).toThrow(/three positive numbers/);
    expect(() => normalizeDetectorConfig({ kind: 'sift' })).toThrow(/unknown detector kind "sift"; valid kinds: background-subtraction, coco-tfjs, onnx, oracle/);
  });
});
