// One signaling connection per page, to the demo server's /signal endpoint.
import { createWebSocketSignaling, type SignalingPort } from '@ringline/adapter-p2p';

export function createPageSignaling(): SignalingPort {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketSignaling({ url: `${scheme}//${location.host}/signal` });
}

/** Loopback-only ICE: the demo runs on 127.0.0.1 and needs no STUN server. */
export const rtcConfig: RTCConfiguration = { iceServers: [] };
