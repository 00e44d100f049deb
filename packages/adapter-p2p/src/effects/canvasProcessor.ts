// The compositing of 003's background effects on a canvas, from a person
// mask: blur (the person sharp over a blurred frame), image (the person over
// the chosen picture) and face trace (the frame cropped and scaled toward the
// head). The output is the canvas's captured stream, which every browser with
// WebRTC has.
import { RinglineError, type VideoEffect, type VideoEffectKind } from '@ringline/core';
import type { ProcessedVideo, VideoProcessor } from '../media/videoEffects.js';
import { easeToward, frameHead, locateHead, type Box } from './personFraming.js';
import type { PersonSegmenter } from './segmenter.js';

export interface CanvasVideoProcessorOptions {
  segmenter: PersonSegmenter;
  /** Output frames per second; a frame waits for its mask, so a slow model lowers it. Default 24. */
  frameRate?: number;
  /** Background blur radius in CSS pixels. Default 12. */
  blurPx?: number;
}

export interface ProcessorStats {
  /** Frames drawn by every pipeline since the processor was made. */
  frames: number;
  /** Mean time of one mask, in ms. */
  meanSegmentMs: number;
}

export interface SegmentationVideoProcessor extends VideoProcessor {
  /** Loads the model; resolves once it has produced a mask. `apply` waits for it too. */
  ready(): Promise<void>;
  readonly state: PersonSegmenter['state'];
  stats(): ProcessorStats;
  close(): void;
}

/** The mask is read back at this size for face trace: enough to find a head, cheap to scan. */
const probeWidth = 64;
const probeHeight = 48;
/** Per frame, the view moves this share of the way to where the head is. */
const followShare = 0.15;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.onload = () => resolve(image);
    image.onerror = () => reject(new RinglineError('commandFailed', `The background image ${url} did not load`, { device: 'camera' }));
    image.src = url;
  });
}

function drawCover(ctx: CanvasRenderingContext2D, image: HTMLImageElement, width: number, height: number): void {
  const scale = Math.max(width / image.naturalWidth, height / image.naturalHeight);
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}

const canvasOf = (width: number, height: number) => Object.assign(document.createElement('canvas'), { width, height });

export function createCanvasVideoProcessor(options: CanvasVideoProcessorOptions): SegmentationVideoProcessor {
  const { segmenter } = options;
  const frameRate = options.frameRate ?? 24;
  const blurPx = options.blurPx ?? 12;
  const effects: readonly VideoEffectKind[] = Object.freeze(['blur', 'image', 'faceTrace']);
  const running = new Set<ProcessedVideo>();
  let frames = 0;
  let segmentations = 0;
  let segmentMs = 0;

  async function segment(frame: HTMLVideoElement, into: CanvasRenderingContext2D): Promise<void> {
    const started = performance.now();
    await segmenter.segment(frame, into);
    segmentMs += performance.now() - started;
    segmentations++;
  }

  async function apply(camera: MediaStreamTrack, effect: VideoEffect): Promise<ProcessedVideo> {
    if (effect.kind === 'none') return { track: camera, stop: () => undefined };
    if (!effects.includes(effect.kind)) throw new RinglineError('unsupported', `No ${String(effect.kind)} background effect here`);
    const [background] = await Promise.all([effect.kind === 'image' ? loadImage(effect.url) : undefined, segmenter.ready()]);
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([camera]);
    const release = () => {
      video.pause();
      video.srcObject = null;
    };
    try {
      await video.play();
    } catch (thrown) {
      release();
      throw new RinglineError('deviceUnavailable', `The camera picture could not be read: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown, device: 'camera' });
    }
    const width = video.videoWidth || 640;
    const height = video.videoHeight || 480;
    const output = canvasOf(width, height);
    const ctx = output.getContext('2d')!;
    const mask = canvasOf(width, height).getContext('2d')!;
    const person = canvasOf(width, height).getContext('2d')!;
    const probe = canvasOf(probeWidth, probeHeight).getContext('2d', { willReadFrequently: true })!;
    let view: Box = { x: 0, y: 0, width, height };

    function followHead(): void {
      probe.clearRect(0, 0, probeWidth, probeHeight);
      probe.drawImage(mask.canvas, 0, 0, probeWidth, probeHeight);
      const head = locateHead(probe.getImageData(0, 0, probeWidth, probeHeight).data, probeWidth, probeHeight);
      const sx = width / probeWidth;
      const sy = height / probeHeight;
      const target = frameHead(head && { x: head.x * sx, y: head.y * sy, width: head.width * sx, height: head.height * sy }, width, height);
      view = easeToward(view, target, followShare);
      ctx.drawImage(video, view.x, view.y, view.width, view.height, 0, 0, width, height);
    }

    function composite(): void {
      person.globalCompositeOperation = 'copy';
      person.drawImage(mask.canvas, 0, 0);
      person.globalCompositeOperation = 'source-in';
      person.drawImage(video, 0, 0, width, height);
      if (background) drawCover(ctx, background, width, height);
      else {
        ctx.filter = `blur(${blurPx}px)`;
        ctx.drawImage(video, 0, 0, width, height);
        ctx.filter = 'none';
      }
      ctx.drawImage(person.canvas, 0, 0);
    }

    async function frame(): Promise<void> {
      await segment(video, mask);
      if (effect.kind === 'faceTrace') followHead();
      else composite();
      frames++;
    }

    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timer rather than requestAnimationFrame: rAF stops in a background tab, and the call must not freeze.
    const loop = () => {
      if (stopped) return;
      const started = performance.now();
      // A failed mask keeps the last frame on the canvas: showing the raw camera would reveal the room.
      frame().catch(() => undefined).finally(() => {
        if (!stopped) timer = setTimeout(loop, Math.max(0, 1_000 / frameRate - (performance.now() - started)));
      });
    };
    // The first frame is drawn before the track is handed out, so the far side never sees an unprocessed picture.
    let captured: MediaStreamTrack | undefined;
    try {
      await frame();
      [captured] = output.captureStream(frameRate).getVideoTracks();
    } catch (thrown) {
      release();
      throw thrown;
    }
    if (!captured) {
      release();
      throw new RinglineError('environment', 'The canvas produced no video track', { device: 'camera' });
    }
    const track = captured;
    loop();
    const processed: ProcessedVideo = {
      track,
      stop() {
        stopped = true;
        clearTimeout(timer);
        track.stop();
        release();
        running.delete(processed);
      },
    };
    running.add(processed);
    return processed;
  }

  return {
    effects,
    apply,
    ready: () => segmenter.ready(),
    get state() {
      return segmenter.state;
    },
    stats: () => ({ frames, meanSegmentMs: segmentations ? segmentMs / segmentations : 0 }),
    close() {
      for (const processed of [...running]) processed.stop();
      segmenter.close();
    },
  };
}
