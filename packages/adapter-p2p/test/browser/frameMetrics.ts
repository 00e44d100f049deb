// What a frame looks like, in numbers a test can compare: the variance of
// its Laplacian (high for sharp edges, low once blurred), and how much of it
// is the test background's magenta.
export interface FrameMetrics {
  width: number;
  height: number;
  laplacianVariance: number;
  magentaShare: number;
}

export function measureFrame(source: HTMLVideoElement): FrameMetrics {
  const width = source.videoWidth;
  const height = source.videoHeight;
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, width, height);
  const { data } = ctx.getImageData(0, 0, width, height);
  const gray = new Float32Array(width * height);
  let magenta = 0;
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 4]!, g = data[i * 4 + 1]!, b = data[i * 4 + 2]!;
    gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    if (r > 180 && b > 180 && g < 90) magenta++;
  }
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const laplacian = 4 * gray[i]! - gray[i - 1]! - gray[i + 1]! - gray[i - width]! - gray[i + width]!;
      sum += laplacian;
      sumSquares += laplacian * laplacian;
      count++;
    }
  }
  const mean = sum / count;
  return { width, height, laplacianVariance: sumSquares / count - mean * mean, magentaShare: magenta / (width * height) };
}
