// What the demo makes instead of shipping binaries: initial avatars for the
// agents, and a short hold-music loop (a WAV of soft chords) for the support
// queue's music on hold (003).
import type { ServerResponse } from 'node:http';

const palette = ['#2563eb', '#7c3aed', '#db2777', '#059669', '#d97706'];

export function avatarSvg(name: string): string {
  const initials = name.split(/\s+/).map((word) => word[0] ?? '').join('').slice(0, 2).toUpperCase();
  let hash = 0;
  for (const char of name) hash = (hash + char.charCodeAt(0)) % palette.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="48" fill="${palette[hash]}"/>`
    + `<text x="48" y="58" font-family="system-ui,sans-serif" font-size="36" font-weight="600" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
}

let holdMusic: Buffer | undefined;

/** 8 s, 16 kHz mono: four chords with a slow fade, so the loop point is soft. */
export function holdMusicWav(): Buffer {
  if (holdMusic) return holdMusic;
  const rate = 16_000;
  const seconds = 8;
  const chords = [[261.63, 329.63, 392.0], [220.0, 261.63, 329.63], [174.61, 220.0, 261.63], [196.0, 246.94, 293.66]];
  const samples = rate * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const chord = chords[Math.floor(t / 2) % chords.length]!;
    const within = t % 2;
    const envelope = Math.min(1, within * 4) * Math.min(1, (2 - within) * 4);
    const value = chord.reduce((sum, frequency) => sum + Math.sin(2 * Math.PI * frequency * t), 0) / chord.length;
    data.writeInt16LE(Math.round(value * envelope * 0.25 * 32_767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  holdMusic = Buffer.concat([header, data]);
  return holdMusic;
}

/** Handles /avatars/<agent>.svg and /audio/hold.wav; says whether it did. */
export function serveGenerated(pathname: string, directory: { agent(id: string): { name: string } | undefined }, response: ServerResponse): boolean {
  const avatar = /^\/avatars\/([a-z0-9-]{1,64})\.svg$/.exec(pathname);
  if (avatar) {
    const id = avatar[1]!;
    const agent = id === 'assistant' ? { name: 'Assistant' } : directory.agent(id);
    response.writeHead(agent ? 200 : 404, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=3600' });
    response.end(avatarSvg(agent?.name ?? '?'));
    return true;
  }
  if (pathname === '/audio/hold.wav') {
    response.writeHead(200, { 'content-type': 'audio/wav', 'cache-control': 'public, max-age=3600' });
    response.end(holdMusicWav());
    return true;
  }
  return false;
}
