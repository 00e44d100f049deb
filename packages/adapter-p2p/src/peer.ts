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

interface SimplePeerInternals {
  offerOptions: RTCOfferOptions;
  negotiate(): void;
}

/**
 * ICE restart through simple-peer: it has no API for it, but it reads its
 * offer options on each negotiation, and the answerer follows the new
 * credentials of the offer. The flag is cleared by the restart's own offer,
 * not by whatever signal comes first: trickled candidates of the previous
 * negotiation are signals too, and would clear it before the offer is made.
 * A restart asked for while an offer is out is queued by simple-peer and
 * still made as a restart.
 */
export function restartIce(peer: Peer): void {
  const exposed = peer as unknown as SimplePeerInternals;
  exposed.offerOptions = { ...exposed.offerOptions, iceRestart: true };
  const cleared = (data: SignalData) => {
    if (data.type !== 'offer') return;
    peer.removeListener('signal', cleared);
    const options = { ...exposed.offerOptions };
    delete options.iceRestart;
    exposed.offerOptions = options;
  };
  peer.on('signal', cleared);
  exposed.negotiate();
}

/** The offer this side made that the far side has not answered yet, candidates included. */
export function unansweredOffer(peer: Peer): SignalData | undefined {
  const pc = connectionOf(peer);
  const offer = pc.signalingState === 'have-local-offer' ? pc.localDescription : null;
  return offer ? { type: 'offer', sdp: offer.sdp } : undefined;
}

/** Whether an answer fits: only an offer that is out can take one; any other would make simple-peer destroy the peer. */
export function awaitsAnswer(peer: Peer): boolean {
  return connectionOf(peer).signalingState === 'have-local-offer';
}
