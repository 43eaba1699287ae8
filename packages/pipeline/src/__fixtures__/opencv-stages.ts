import { writeFileSync } from 'node:fs';
import type { VideoStage } from '@wsstad/core';

/**
 * Worker fixtures: stages that load OpenCV.js (whose Emscripten runtime hooks process-level error
 * events) and then finish slowly, or throw outside the stage's promise.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadCv = (): unknown => require('@techstark/opencv-js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const base = {
  package: '@toy/cv',
  version: '1',
  scope: 'video',
  inputs: [],
  outputs: ['a'],
  doc: 'test',
  normalizeParams: (r: unknown) => r ?? {},
} as const;

export const stages = {
  'cv-slow': {
    ...base,
    name: 'cv-slow',
    async run(ctx) {
      loadCv();
      writeFileSync(ctx.outputPath('started'), '');
      await sleep(1500);
      writeFileSync(ctx.outputPath('a'), 'x');
    },
  } as VideoStage<unknown>,
  'cv-throw-later': {
    ...base,
    name: 'cv-throw-later',
    async run() {
      loadCv();
      setTimeout(() => {
        throw new Error('thrown outside the stage promise');
      }, 50);
      await sleep(1000);
    },
  } as VideoStage<unknown>,
};
