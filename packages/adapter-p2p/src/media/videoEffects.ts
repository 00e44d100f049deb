// Background effects (003): the adapter sends the camera through a
// `VideoProcessor` with the effect the engine keeps, on every call. The
// canvas processor composes the effects; what it cannot know by itself
// (where the person is, where the face is) comes from a model the integrator
// plugs in, so no model is fetched from anywhere at run time.
import type { VideoEffect, VideoEffectKind } from '@ringline/core';

export interface ProcessedVideo {
  track: MediaStreamTrack;
  /** Releases what `apply` made; the camera track itself belongs to the adapter. */
  stop(): void;
}

export interface VideoProcessor {
  /** Effects besides `none` this processor can apply; the adapter declares them as capabilities. */
  readonly effects: readonly VideoEffectKind[];
  apply(camera: MediaStreamTrack, effect: VideoEffect): Promise<ProcessedVideo>;
}

/** Opaque where the person is, transparent elsewhere, the size of the frame it was given. */
export type PersonSegmenter = (frame: HTMLVideoElement) => Promise<CanvasImageSource> | CanvasImageSource;
export interface FaceBox { x: number; y: number; width: number; height: number }
/** The face in frame pixels, or undefined when there is none. */
export type FaceLocator = (frame: HTMLVideoElement) => Promise<FaceBox | undefined> | FaceBox | undefined;

export interface CanvasVideoProcessorOptions {
  /** Enables blur and image backgrounds. */
  segmentPerson?: PersonSegmenter;
  /** Enables face trace (keeps the face centred). */
  locateFace?: FaceLocator;
  frameRate?: number;
  blurPx?: number;
}

const loadImage = (url: string) => new Promise<HTMLImageElement>((resolve, reject) => {
  const image = new Image();
  image.crossOrigin = 'anonymous';
  image.onload = () => resolve(image);
  image.onerror = () => reject(new Error(`The background image ${url} did not load`));
  image.src = url;
});

function drawCover(ctx: CanvasRenderingContext2D, image: HTMLImageElement, width: number, height: number): void {
  const scale = Math.max(width / image.naturalWidth, height / image.naturalHeight);
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}

export function createCanvasVideoProcessor(options: CanvasVideoProcessorOptions = {}): VideoProcessor {
  const frameRate = options.frameRate ?? 24;
  const blurPx = options.blurPx ?? 12;
  const effects: VideoEffectKind[] = [];
  if (options.segmentPerson) effects.push('blur', 'image');
  if (options.locateFace) effects.push('faceTrace');

  return {
    effects,
    async apply(camera, effect) {
      if (effect.kind === 'none') return { track: camera, stop: () => undefined };
      if (!effects.includes(effect.kind)) throw new Error(`The ${effect.kind} effect needs a model this processor was not given`);
      const background = effect.kind === 'image' ? await loadImage(effect.url) : undefined;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([camera]);
      await video.play();
      const width = video.videoWidth || 640;
      const height = video.videoHeight || 480;
      const canvas = Object.assign(document.createElement('canvas'), { width, height });
      const person = Object.assign(document.createElement('canvas'), { width, height });
      const ctx = canvas.getContext('2d')!;
      const personCtx = person.getContext('2d')!;
      let view = { x: 0, y: 0, width, height };
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;

      async function frame(): Promise<void> {
        if (effect.kind === 'faceTrace') {
          const face = await options.locateFace!(video);
          if (face) {
            // Frame the face at ~2.5 times its size, eased so that the picture does not jump.
            const size = Math.min(width / (width / height), Math.max(face.height * 2.5, height / 3));
            const target = { width: size * (width / height), height: size, x: 0, y: 0 };
            target.x = Math.min(Math.max(face.x + face.width / 2 - target.width / 2, 0), width - target.width);
            target.y = Math.min(Math.max(face.y + face.height / 2 - target.height / 2, 0), height - target.height);
            const ease = 0.2;
            view = {
              x: view.x + (target.x - view.x) * ease, y: view.y + (target.y - view.y) * ease,
              width: view.width + (target.width - view.width) * ease, height: view.height + (target.height - view.height) * ease,
            };
          }
          ctx.drawImage(video, view.x, view.y, view.width, view.height, 0, 0, width, height);
          return;
        }
        const mask = await options.segmentPerson!(video);
        personCtx.globalCompositeOperation = 'copy';
        personCtx.drawImage(mask, 0, 0, width, height);
        personCtx.globalCompositeOperation = 'source-in';
        personCtx.drawImage(video, 0, 0, width, height);
        if (background) drawCover(ctx, background, width, height);
        else {
          ctx.filter = `blur(${blurPx}px)`;
          ctx.drawImage(video, 0, 0, width, height);
          ctx.filter = 'none';
        }
        ctx.drawImage(person, 0, 0);
      }

      // A timer rather than requestAnimationFrame: rAF stops in a background tab, and the call must not freeze.
      const loop = () => {
        if (stopped) return;
        const started = performance.now();
        frame().catch(() => undefined).finally(() => {
          if (!stopped) timer = setTimeout(loop, Math.max(0, 1_000 / frameRate - (performance.now() - started)));
        });
      };
      await frame();
      loop();
      const [track] = canvas.captureStream(frameRate).getVideoTracks();
      if (!track) throw new Error('The canvas produced no video track');
      return {
        track,
        stop() {
          stopped = true;
          clearTimeout(timer);
          track.stop();
          video.srcObject = null;
        },
      };
    },
  };
}
