import { loadOpenCv } from './opencv';

const OPENCV = /[\\/]@techstark[\\/]opencv-js[\\/]/;

describe('loadOpenCv (the one OpenCV.js loader: detector and features)', () => {
  it('loads nothing on import, then loads once and serves every caller the same runtime', async () => {
    expect(Object.keys(require.cache).some((f) => OPENCV.test(f))).toBe(false);
    const first = loadOpenCv();
    expect(loadOpenCv()).toBe(first);
    const { cv } = await first;
    const { cv: again } = await loadOpenCv();
    expect(again).toBe(cv);
    // Both users' entry points are there: MOG2 (detector) and Farneback flow (features).
    expect(typeof cv.BackgroundSubtractorMOG2).toBe('function');
    expect(typeof cv.calcOpticalFlowFarneback).toBe('function');
    const m = new cv.Mat(2, 3, cv.CV_8UC1);
    expect([m.rows, m.cols, m.data.length]).toEqual([2, 3, 6]);
    m.delete();
  }, 120_000);
});
