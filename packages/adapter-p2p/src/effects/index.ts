// `@ringline/adapter-p2p/effects`: background effects (003) on MediaPipe's
// selfie segmentation. A separate entry, so that a widget without effects
// bundles no model code.
import { createCanvasVideoProcessor, type SegmentationVideoProcessor } from './canvasProcessor.js';
import { createSelfieSegmenter, type SelfieSegmenterOptions } from './segmenter.js';

export interface SelfieSegmentationProcessorOptions extends SelfieSegmenterOptions {
  frameRate?: number;
  blurPx?: number;
}

/** Blur, image backgrounds and face trace, with the model served from `assetsBaseUrl`. */
export function createSelfieSegmentationProcessor(options: SelfieSegmentationProcessorOptions): SegmentationVideoProcessor {
  const { frameRate, blurPx, ...segmenter } = options;
  return createCanvasVideoProcessor({
    segmenter: createSelfieSegmenter(segmenter),
    ...(frameRate === undefined ? {} : { frameRate }),
    ...(blurPx === undefined ? {} : { blurPx }),
  });
}

export { createCanvasVideoProcessor, createSelfieSegmenter };
export type { CanvasVideoProcessorOptions, ProcessorStats, SegmentationVideoProcessor } from './canvasProcessor.js';
export type { PersonSegmenter, SelfieSegmenterOptions } from './segmenter.js';
export type { ProcessedVideo, VideoProcessor } from '../media/videoEffects.js';
