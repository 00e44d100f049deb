import { describe, expect, it } from 'vitest';
import { easeToward, frameHead, locateHead } from '../src/effects/personFraming.js';

const width = 64;
const height = 48;

/** A head-and-shoulders silhouette as selfie segmentation draws it: alpha 255 on the person. */
function silhouette(headX: number, headY = 10, radius = 5): Uint8ClampedArray {
  const mask = new Uint8ClampedArray(width * height * 4);
  const set = (x: number, y: number) => {
    if (x >= 0 && x < width && y >= 0 && y < height) mask[(y * width + x) * 4 + 3] = 255;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inHead = (x - headX) ** 2 + (y - headY) ** 2 <= radius ** 2;
      const inShoulders = y >= headY + radius + 2 && Math.abs(x - headX) <= 14;
      if (inHead || inShoulders) set(x, y);
    }
  }
  return mask;
}

describe('face trace framing from the person mask', () => {
  it('finds the head at the top of the silhouette, not the shoulders', () => {
    const head = locateHead(silhouette(40), width, height)!;
    expect(head.x + head.width / 2).toBeCloseTo(40.5, 0);
    expect(head.y).toBe(5);
    expect(head.width).toBeLessThanOrEqual(11); // the head's width, not the 29-pixel shoulders
  });

  it('frames the head: centred, zoomed in, the frame\'s aspect ratio, inside the frame', () => {
    const head = locateHead(silhouette(40), width, height)!;
    const view = frameHead(head, width, height);
    expect(view.width).toBeLessThan(width);
    expect(view.width / view.height).toBeCloseTo(width / height, 5);
    expect(view.x + view.width / 2).toBeCloseTo(40.5, 0);
    expect(view.x).toBeGreaterThanOrEqual(0);
    expect(view.y).toBeGreaterThanOrEqual(0);
    expect(view.x + view.width).toBeLessThanOrEqual(width);
    expect(view.y + view.height).toBeLessThanOrEqual(height);
  });

  it('shows the whole frame when there is no person or only specks of mask', () => {
    expect(locateHead(new Uint8ClampedArray(width * height * 4), width, height)).toBeUndefined();
    const specks = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < 20; i++) specks[(i * 97 % (width * height)) * 4 + 3] = 255;
    expect(locateHead(specks, width, height)).toBeUndefined();
    expect(frameHead(undefined, width, height)).toEqual({ x: 0, y: 0, width, height });
  });

  it('follows a moving head smoothly: each frame moves part of the way, and it converges', () => {
    let view = frameHead(locateHead(silhouette(40), width, height), width, height);
    const target = frameHead(locateHead(silhouette(22), width, height), width, height);
    expect(target.x).toBeLessThan(view.x);
    const first = easeToward(view, target, 0.15);
    expect(first.x).toBeLessThan(view.x);
    expect(first.x).toBeGreaterThan(target.x);
    for (let i = 0; i < 60; i++) view = easeToward(view, target, 0.15);
    expect(view.x).toBeCloseTo(target.x, 1);
  });
});
