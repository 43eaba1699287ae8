import { UnavailableError } from '@wsstad/core';
import type { CocoTfjsConfig, Detector } from '../types';

export async function createCocoTfjsDetector(_c: CocoTfjsConfig): Promise<Detector> {
  throw new UnavailableError('coco-tfjs detector not built yet');
}
