export type { Frame, FrameRange, VideoSource, GroundTruth } from './types';
