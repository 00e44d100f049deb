// simple-peer, resolved through the package's `#simple-peer` import: in
// browsers its prebuilt bundle (it carries its own Buffer/stream shims, so a
// Vite or esbuild app needs no Node polyfills), in Node its CommonJS source.
import SimplePeer from '#simple-peer';
import type { Instance, Options, SignalData } from 'simple-peer';

export type Peer = Instance;
export type PeerOptions = Omit<Options, 'wrtc'> & { wrtc?: WrtcLike };
export type { SignalData };

/** A WebRTC implementation for Node (`@roamhq/wrtc`); declared here so that users need no simple-peer types. */
export interface WrtcLike {
  RTCPeerConnection: unknown;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
  MediaStream?: unknown;
}

export function createPeer(options: PeerOptions): Peer {
  return new SimplePeer(options as Options);
}

/** The RTCPeerConnection inside simple-peer: senders are replaced on it directly. */
export function connectionOf(peer: Peer): RTCPeerConnection {
  return (peer as unknown as { _pc: RTCPeerConnection })._pc;
}

/**
 * ICE restart through simple-peer: it has no API for it, but it reads its
 * offer options on each negotiation, and the answerer follows the new
 * credentials of the offer.
 */
export function restartIce(peer: Peer): void {
  const exposed = peer as unknown as { offerOptions: RTCOfferOptions; negotiate(): void };
  const previous = exposed.offerOptions;
  exposed.offerOptions = { ...previous, iceRestart: true };
  peer.once('signal', () => {
    exposed.offerOptions = previous;
  });
  exposed.negotiate();
}
