// The port for background effects (003). The adapter sends the camera
// through a `VideoProcessor` with the effect the engine keeps, on every call
// and whenever the effect changes. Processors live on the `./effects` subpath
// so that a widget without effects bundles none of their model code. The
// integrator owns the processor (its model stays loaded across adapters and
// calls); the adapter stops what each `apply` made when the call ends.
import type { VideoEffect, VideoEffectKind } from '@ringline/core';

export interface ProcessedVideo {
  track: MediaStreamTrack;
  /** Stops what `apply` made (its loop and its tracks); the camera track itself belongs to the adapter. */
  stop(): void;
}

export interface VideoProcessor {
  /** Effects besides `none` this processor can apply; the adapter declares them as capabilities. */
  readonly effects: readonly VideoEffectKind[];
  apply(camera: MediaStreamTrack, effect: VideoEffect): Promise<ProcessedVideo>;
}
