// Face trace (003) from the person mask alone. The selfie segmentation model
// is trained on webcam framing (head and shoulders), so the top of the
// silhouette is the head: the band of mask rows just under its top edge
// locates the face well enough to centre it, and no second model (a face
// detector with its own wasm graph, load time and per-frame cost) is needed.

export interface Box { x: number; y: number; width: number; height: number }

/** Mask values at or above this (0..255) count as the person. */
const personThreshold = 128;
/** Below this share of the frame, the mask is noise rather than a person. */
const minCoverage = 0.01;
/** The share of the silhouette's height, from its top, taken as the head. */
const headBand = 0.25;

/** The head's box in mask pixels, from an RGBA mask whose alpha is the person's probability. */
export function locateHead(mask: Uint8ClampedArray, width: number, height: number): Box | undefined {
  let top = -1;
  let bottom = -1;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[(y * width + x) * 4 + 3]! >= personThreshold) {
        if (top < 0) top = y;
        bottom = y;
        count++;
      }
    }
  }
  if (top < 0 || count < width * height * minCoverage) return undefined;
  const bandEnd = top + Math.max(1, Math.round((bottom - top + 1) * headBand));
  let left = width;
  let right = -1;
  let sumX = 0;
  let bandCount = 0;
  for (let y = top; y < bandEnd; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[(y * width + x) * 4 + 3]! < personThreshold) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      sumX += x;
      bandCount++;
    }
  }
  const headWidth = right - left + 1;
  // The centroid rather than the band's middle: a raised hand widens the band but barely moves the mass.
  const centre = sumX / bandCount + 0.5;
  return { x: centre - headWidth / 2, y: top, width: headWidth, height: bandEnd - top };
}

/**
 * The part of the frame to show so that the head sits centred, a little above
 * the middle, about a third of the view wide. Keeps the frame's aspect ratio,
 * never zooms past 2x, never leaves the frame. No head: the whole frame.
 */
export function frameHead(head: Box | undefined, width: number, height: number): Box {
  if (!head) return { x: 0, y: 0, width, height };
  const viewWidth = Math.min(width, Math.max(width / 2, head.width * 3));
  const viewHeight = viewWidth * (height / width);
  const centreX = head.x + head.width / 2;
  const headCentreY = head.y + Math.min(head.height, head.width) / 2;
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return {
    x: clamp(centreX - viewWidth / 2, width - viewWidth),
    y: clamp(headCentreY - viewHeight * 0.4, height - viewHeight),
    width: viewWidth,
    height: viewHeight,
  };
}

/** Moves `current` a share of the way to `target`, so that the picture glides instead of jumping. */
export function easeToward(current: Box, target: Box, share: number): Box {
  const step = (from: number, to: number) => from + (to - from) * share;
  return { x: step(current.x, target.x), y: step(current.y, target.y), width: step(current.width, target.width), height: step(current.height, target.height) };
}
