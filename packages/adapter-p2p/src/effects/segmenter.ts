// The person mask from MediaPipe's selfie segmentation, loaded from the
// integrator's own origin. The npm package carries the model (.tflite), the
// graph and the wasm; `assetsBaseUrl` is where its files are served, so
// nothing is ever fetched from a CDN.
import { RinglineError } from '@ringline/core';

/** Where the person is in a frame, as the alpha of a mask. */
export interface PersonSegmenter {
  /** Resolves once the model has loaded and produced a mask; rejects with a typed error if it cannot. */
  ready(): Promise<void>;
  /** Draws the mask of `frame` into `into`, scaled to its canvas (alpha = how likely the pixel is the person). */
  segment(frame: HTMLVideoElement | HTMLCanvasElement, into: CanvasRenderingContext2D): Promise<void>;
  readonly state: 'idle' | 'loading' | 'ready' | 'failed' | 'closed';
  close(): void;
}

export interface SelfieSegmenterOptions {
  /** Where the files of `@mediapipe/selfie_segmentation` are served, e.g. `/mediapipe/`. */
  assetsBaseUrl: string;
  /** `landscape` (144x256 input) is faster; `general` (256x256) a little finer. Default `landscape`. */
  model?: 'general' | 'landscape';
  /** `gpu` (WebGL, MediaPipe's default) or `cpu` (XNNPACK wasm; faster where WebGL is software-rendered). */
  inference?: 'gpu' | 'cpu';
  /** How long the first load (about 6 MB of wasm and model) may take before it counts as failed. Default 60 s. */
  loadTimeoutMs?: number;
}

// The part of MediaPipe's solution API used here; its own typings lack `useCpuInference`.
interface Solution {
  setOptions(options: { modelSelection?: number; selfieMode?: boolean; useCpuInference?: boolean }): void;
  onResults(listener: (results: { segmentationMask: CanvasImageSource }) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: HTMLVideoElement | HTMLCanvasElement }): Promise<void>;
  close(): Promise<void>;
}
type SolutionConstructor = new (config: { locateFile: (file: string) => string }) => Solution;

async function loadSolutionConstructor(): Promise<SolutionConstructor> {
  // The package is a closure-compiled script that registers itself on the global object, not real exports.
  const module = (await import('@mediapipe/selfie_segmentation')) as { SelfieSegmentation?: SolutionConstructor };
  const found = module.SelfieSegmentation ?? (globalThis as { SelfieSegmentation?: SolutionConstructor }).SelfieSegmentation;
  if (!found) throw new Error('@mediapipe/selfie_segmentation did not register SelfieSegmentation');
  return found;
}

export function createSelfieSegmenter(options: SelfieSegmenterOptions): PersonSegmenter {
  const base = options.assetsBaseUrl.endsWith('/') ? options.assetsBaseUrl : `${options.assetsBaseUrl}/`;
  let state: PersonSegmenter['state'] = 'idle';
  let loading: Promise<Solution> | undefined;
  let solution: Solution | undefined;
  let target: CanvasRenderingContext2D | undefined;
  // MediaPipe hands results to one listener, per send: sends are queued so that each mask reaches its own caller.
  let queue: Promise<unknown> = Promise.resolve();

  const onResults = ({ segmentationMask }: { segmentationMask: CanvasImageSource }) => {
    if (!target) return;
    target.globalCompositeOperation = 'copy';
    target.drawImage(segmentationMask, 0, 0, target.canvas.width, target.canvas.height);
    target.globalCompositeOperation = 'source-over';
  };

  async function send(made: Solution, frame: HTMLVideoElement | HTMLCanvasElement, into: CanvasRenderingContext2D): Promise<void> {
    target = into;
    try {
      await made.send({ image: frame });
    } finally {
      target = undefined;
    }
  }

  const loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  function withinLoadTime<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no model within ${loadTimeoutMs} ms`)), loadTimeoutMs);
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  function load(): Promise<Solution> {
    loading ??= withinLoadTime((async () => {
      state = 'loading';
      const Solution = await loadSolutionConstructor();
      const made = new Solution({ locateFile: (file) => `${base}${file}` });
      made.setOptions({ modelSelection: options.model === 'general' ? 0 : 1, useCpuInference: options.inference === 'cpu' });
      made.onResults(onResults);
      await made.initialize();
      // A first mask proves that the model file loaded and runs here, not only the wasm.
      const probe = Object.assign(document.createElement('canvas'), { width: 64, height: 64 });
      const probeContext = probe.getContext('2d')!;
      probeContext.fillRect(0, 0, 64, 64);
      await send(made, probe, probeContext);
      return made;
    })()).then((made) => {
      if (state === 'closed') {
        void made.close();
        throw new RinglineError('disposed', 'The background-effect model was closed while it loaded');
      }
      solution = made;
      state = 'ready';
      return made;
    }, (thrown: unknown) => {
      loading = undefined; // a later call may try again (e.g. once the assets are served)
      if (state !== 'closed') state = 'failed';
      if (thrown instanceof RinglineError) throw thrown;
      throw new RinglineError('environment', `The background-effect model did not load from ${base}: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown, device: 'camera' });
    });
    return loading;
  }

  return {
    get state() {
      return state;
    },
    async ready() {
      await load();
    },
    segment(frame, into) {
      const run = queue.then(async () => {
        if (state === 'closed') throw new RinglineError('disposed', 'The background-effect model is closed');
        await send(await load(), frame, into);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      state = 'closed';
      void solution?.close();
      solution = undefined;
    },
  };
}
