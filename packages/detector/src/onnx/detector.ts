import { UnavailableError } from '@wsstad/core';
import type { OnnxDetectorConfig, Detector } from '../types';

export async function createOnnxDetector(_c: OnnxDetectorConfig): Promise<Detector> {
  throw new UnavailableError('onnx detector not built yet');
}
