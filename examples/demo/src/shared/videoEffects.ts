// Background effects (003: blur, face trace), from the p2p adapter's MediaPipe
// selfie segmentation. The model files come from the demo server, never a CDN;
// the model loads only when an effect first starts. CPU inference, because
// WebGL is often rendered in software where the demo runs.
import { createSelfieSegmentationProcessor } from '@ringline/adapter-p2p/effects';

export function createDemoVideoProcessor() {
  return createSelfieSegmentationProcessor({ assetsBaseUrl: '/mediapipe/', inference: 'cpu' });
}
