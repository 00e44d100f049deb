// One call between two adapters: its simple-peer connection (rebuilt after a
// loss, ICE-restarted while it lives), what each outbound sender carries, the
// data-channel protocol with the far side (media state, hold, DTMF), and the
// teardown that stops every track.
import { RinglineError, type AdapterEvent, type CallId, type MediaKind, type VideoEffect } from '@ringline/core';
import { controlMessageSchema, maxControlBytes, type ControlMessage } from './controlMessages.js';
import type { HoldAudio, HoldTrack, HoldTrackFactory } from './media/holdAudio.js';
import type { ProcessedVideo, VideoProcessor } from './media/videoEffects.js';
import { awaitsAnswer, connectionOf, createPeer, restartIce, unansweredOffer, type Peer, type PeerOptions, type SignalData } from './peer.js';
import { longerThan, type PeerSignal } from './signaling/messages.js';

export type SessionStage = 'ringing' | 'dialing' | 'connecting' | 'connected' | 'lost' | 'ended';

export interface SessionContext {
  emit(event: AdapterEvent): void;
  sendSignal(generation: number, data: PeerSignal): void;
  requestRestart(): void;
  peerOptions: Pick<PeerOptions, 'wrtc' | 'config'>;
  holdTrack: HoldTrackFactory | undefined;
  videoProcessor: VideoProcessor | undefined;
  onRemoteStream(stream: MediaStream | undefined): void;
  onLocalStream(stream: MediaStream): void;
  onDtmf(digits: string): void;
  onProtocolError(code: 'malformed' | 'oversized' | 'outOfOrder', message: string): void;
  /** How long the far side has to acknowledge a hold or resume. */
  ackTimeoutMs: number;
  /** How long one reconnect attempt waits for the media path to come back. */
  reconnectAttemptMs: number;
}

export interface CallSessionInit {
  callId: CallId;
  room: string;
  /** The calling side makes the offers (and rebuilds the peer); the answering side follows. */
  initiator: boolean;
  media: MediaKind;
}

interface Waiter { resolve(): void; reject(error: unknown): void; timer: ReturnType<typeof setTimeout> }

/** A session description at all: a version line, then at least one media section (there is always the data channel's). */
function looksLikeSdp(sdp: string): boolean {
  return /^v=0\r?\n/.test(sdp) && /\r?\nm=(?:audio|video|application) \d+ [A-Z/]+ \S/.test(sdp);
}

export class CallSession {
  readonly callId: CallId;
  readonly room: string;
  readonly initiator: boolean;
  media: MediaKind;
  stage: SessionStage;

  private peer: Peer | undefined;
  private generation = 0;
  private everConnected = false;
  private readonly localStream: MediaStream;
  private microphone: MediaStreamTrack | undefined;
  private camera: MediaStreamTrack | undefined;
  private processed: ProcessedVideo | undefined;
  /** Bumped by every camera or effect change, so that a slower earlier one cannot land after a later one. */
  private videoVersion = 0;
  /** The latest hold-audio choice: a slower, earlier one that finishes after it is stopped, not installed. */
  private holdAudioVersion = 0;
  private screen: MediaStreamTrack | undefined;
  private muted = false;
  private holdingLocally = false;
  private heldByRemote = false;
  private holdAudio: HoldTrack | undefined;
  private holdSeq = 0;
  private readonly acks = new Map<number, Waiter>();
  private readonly restored = new Set<Waiter>();
  /** The far side closed its page or left the room on purpose: until it joins again there is nobody to reconnect to. */
  private farSideLeft = false;
  /** Whether the engine heard of the current loss: one while the far side was away is that absence, not the network. */
  private lossReported = false;
  private remoteStream: MediaStream | undefined;
  private readonly context: SessionContext;

  constructor(init: CallSessionInit, context: SessionContext, MediaStreamCtor: typeof MediaStream) {
    this.callId = init.callId;
    this.room = init.room;
    this.initiator = init.initiator;
    this.media = init.media;
    this.stage = init.initiator ? 'dialing' : 'ringing';
    this.context = context;
    this.localStream = new MediaStreamCtor();
  }

  get live(): boolean {
    return this.stage !== 'ended';
  }

  get cameraOn(): boolean {
    return this.camera !== undefined;
  }

  get sharing(): boolean {
    return this.screen !== undefined;
  }

  get local(): MediaStream {
    return this.localStream;
  }

  get remote(): MediaStream | undefined {
    return this.remoteStream;
  }

  // ---- media the adapter acquired for this call -------------------------------------------

  setMicrophone(track: MediaStreamTrack): void {
    // A device prompt can outlast the call; what it hands over after the end is not kept.
    if (!this.live) return track.stop();
    const old = this.microphone;
    this.microphone = track;
    track.enabled = !this.muted;
    this.swapLocal(old, track);
    old?.stop();
    void this.refreshSenders();
  }

  async setCameraTrack(track: MediaStreamTrack | undefined, effect: VideoEffect): Promise<void> {
    const version = ++this.videoVersion;
    let processed: ProcessedVideo | undefined;
    try {
      processed = track ? await this.process(track, effect) : undefined;
    } catch (thrown) {
      track?.stop();
      throw thrown;
    }
    if (version !== this.videoVersion || !this.live) {
      // A newer camera or effect change, or the call's end, overtook this one.
      if (processed && processed.track !== track) processed.stop();
      track?.stop();
      return;
    }
    const oldCamera = this.camera;
    const oldProcessed = this.processed;
    this.processed = processed;
    this.camera = track;
    if (!this.screen) this.swapLocal(oldProcessed?.track ?? oldCamera, this.processed?.track);
    if (oldProcessed && oldProcessed.track !== oldCamera) oldProcessed.stop();
    if (oldCamera !== track) oldCamera?.stop();
    void this.refreshSenders();
    this.sendState();
  }

  /** Re-runs the camera through the processor with a new effect; the old output stays if it fails. */
  async applyEffect(effect: VideoEffect): Promise<void> {
    const camera = this.camera;
    if (!camera) return;
    const version = ++this.videoVersion;
    const next = await this.process(camera, effect);
    if (version !== this.videoVersion || !this.live || this.camera !== camera) {
      if (next.track !== camera) next.stop();
      return;
    }
    const old = this.processed;
    this.processed = next;
    if (!this.screen) this.swapLocal(old?.track, next.track);
    if (old && old.track !== this.camera) old.stop();
    void this.refreshSenders();
  }

  setScreen(track: MediaStreamTrack | undefined): void {
    const old = this.screen;
    if (old === track) return;
    this.screen = track;
    // The self view shows what is sent: the screen while sharing, the camera otherwise.
    this.swapLocal(old ?? this.processed?.track, track ?? this.processed?.track);
    old?.stop();
    if (track) {
      // The browser's own "Stop sharing" ends the track; the engine must hear it (004).
      track.addEventListener('ended', () => {
        if (this.screen !== track || !this.live) return;
        this.setScreen(undefined);
        this.context.emit({ type: 'localScreenShareEnded', callId: this.callId });
      }, { once: true });
    }
    void this.refreshSenders();
    this.sendState();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.microphone) this.microphone.enabled = !muted;
    this.sendState();
  }

  // ---- the peer connection ------------------------------------------------------------------

  /**
   * The server has seen this call answered, as far as this side can tell: the
   * caller heard the answer, or the callee has had an offer. A callee that
   * accepted while the signaling was down has its answer still in the queue.
   */
  get answerDelivered(): boolean {
    if (this.stage === 'dialing' || this.stage === 'ringing') return false;
    return this.initiator || this.generation > 0;
  }

  /** The answer is in: the calling side starts the first peer, the answering side waits for its offer. */
  answered(): void {
    if (this.stage === 'dialing' || this.stage === 'ringing') this.stage = 'connecting';
    if (this.initiator) this.buildPeer(this.generation + 1);
  }

  receiveSignal(generation: number, data: PeerSignal): void {
    if (!this.live) return;
    if (generation < this.generation) {
      this.context.onProtocolError('outOfOrder', `A signal for peer ${generation} of call ${this.callId} arrived after peer ${this.generation} replaced it`);
      return;
    }
    if (generation > this.generation && this.initiator) {
      this.context.onProtocolError('outOfOrder', `The answering side of call ${this.callId} sent a signal for a peer that was never offered`);
      return;
    }
    // Everything is checked before a new peer replaces the living one: a refused signal changes nothing.
    // Offers only ever come from the calling side, answers from the answering side; simple-peer sends no pranswer or rollback.
    const wrongSide = (data.type === 'offer' && this.initiator) || (data.type === 'answer' && !this.initiator);
    if (data.type === 'pranswer' || data.type === 'rollback' || wrongSide) {
      this.context.onProtocolError('outOfOrder', `A ${data.type} for call ${this.callId} does not fit this side of the call`);
      return;
    }
    // A description the browser would refuse destroys the peer (simple-peer's failed setRemoteDescription): refused here instead.
    if ((data.type === 'offer' || data.type === 'answer') && !looksLikeSdp(data.sdp)) {
      this.context.onProtocolError('malformed', `A ${data.type} for call ${this.callId} is not a session description`);
      return;
    }
    if (generation > this.generation) {
      // A new peer starts with its offer; the signals after it follow on the same connection.
      if (data.type !== 'offer') {
        this.context.onProtocolError('outOfOrder', `Peer ${generation} of call ${this.callId} was not offered first`);
        return;
      }
      this.buildPeer(generation);
    }
    if (data.type === 'answer' && this.peer && !this.peer.destroyed && !awaitsAnswer(this.peer)) {
      // A second answer to an offer sent twice (see signalingResumed); the first one is in place.
      this.context.onProtocolError('outOfOrder', `An answer for call ${this.callId} arrived with no offer out`);
      return;
    }
    try {
      this.peer?.signal(data as SignalData);
    } catch (thrown) {
      this.context.onProtocolError('malformed', `A peer signal was refused: ${String((thrown as Error)?.message ?? thrown)}`);
    }
  }

  /** A reconnect attempt: ICE restart on a living peer, a new peer otherwise. Resolves once media flows again. */
  reconnect(): Promise<void> {
    if (!this.live) return Promise.reject(new RinglineError('unknownCall', `Call ${this.callId} has ended`, { callId: this.callId }));
    if (this.stage !== 'lost') return Promise.resolve();
    const back = new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve, reject,
        timer: setTimeout(() => {
          this.restored.delete(waiter);
          reject(new RinglineError('commandFailed', `The media path of call ${this.callId} did not come back within ${this.context.reconnectAttemptMs} ms`, { callId: this.callId }));
        }, this.context.reconnectAttemptMs),
      };
      this.restored.add(waiter);
    });
    this.restart();
    return back;
  }

  /** The calling side's half of a reconnect; the answering side asks for it over signaling. */
  restart(): void {
    if (!this.live) return;
    if (!this.initiator) {
      this.context.requestRestart();
      return;
    }
    if (this.peer && !this.peer.destroyed) restartIce(this.peer);
    else this.buildPeer(this.generation + 1);
  }

  /**
   * This side or the far side is in the room again on a new signaling
   * connection. Signals in flight on the old one may be gone: an offer still
   * unanswered is sent again (simple-peer would otherwise wait for its answer
   * forever, and queue every later negotiation and ICE restart behind it),
   * and a lost call restarts.
   */
  signalingResumed(): void {
    if (!this.live) return;
    const peer = this.peer;
    const offer = this.initiator && peer && !peer.destroyed ? unansweredOffer(peer) : undefined;
    if (offer) this.context.sendSignal(this.generation, offer as PeerSignal);
    if (this.stage === 'lost') this.restart();
  }

  /** 004: the far side left (a closed tab, a reload); the call waits for it, it does not reconnect. */
  farSideGone(): void {
    if (!this.live || this.farSideLeft || !this.everConnected) return;
    this.farSideLeft = true;
    // A loss already reported was this leave: the engine stops reconnecting, and hears of it again if the far side comes back.
    this.lossReported = false;
    this.context.emit({ type: 'remoteLeft', callId: this.callId });
  }

  /** The far side is in the room again. Media it took with it is now a loss to recover from. */
  farSideBack(): void {
    if (!this.live || !this.farSideLeft) return;
    this.farSideLeft = false;
    this.context.emit({ type: 'remoteJoined', callId: this.callId });
    if (this.stage === 'lost' && !this.lossReported) {
      this.lossReported = true;
      this.context.emit({ type: 'networkLost', callId: this.callId });
    }
  }

  private buildPeer(generation: number): void {
    this.dropPeer();
    this.generation = generation;
    const peer = createPeer({
      ...this.context.peerOptions,
      initiator: this.initiator,
      streams: [this.localStream],
    });
    this.peer = peer;
    const current = () => this.peer === peer && this.live;
    peer.on('signal', (data: SignalData) => {
      if (current()) this.context.sendSignal(generation, data as PeerSignal);
    });
    peer.on('connect', () => {
      if (!current()) return;
      void this.refreshSenders();
      this.sendState();
      this.reachable();
    });
    peer.on('stream', (stream: MediaStream) => {
      if (!current()) return;
      this.remoteStream = stream;
      for (const track of stream.getTracks()) track.enabled = !this.holdingLocally;
      this.context.onRemoteStream(stream);
    });
    peer.on('track', (track: MediaStreamTrack) => {
      if (current()) track.enabled = !this.holdingLocally;
    });
    peer.on('data', (chunk: Uint8Array | string) => {
      if (current()) this.receiveControl(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    });
    peer.on('iceStateChange', (state: RTCIceConnectionState) => {
      if (!current()) return;
      if (state === 'disconnected') this.unreachable();
      else if ((state === 'connected' || state === 'completed') && peer.connected) this.reachable();
    });
    peer.on('error', () => undefined); // 'close' follows; a lost peer is a network loss, not the call's end
    peer.on('close', () => {
      if (current()) this.unreachable();
    });
  }

  private reachable(): void {
    const first = !this.everConnected;
    const wasLost = this.stage === 'lost';
    this.stage = 'connected';
    this.everConnected = true;
    if (first) this.context.emit({ type: 'mediaConnected', callId: this.callId });
    else if (wasLost && this.lossReported) this.context.emit({ type: 'networkRestored', callId: this.callId });
    for (const waiter of this.restored) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.restored.clear();
  }

  private unreachable(): void {
    if (this.stage === 'lost' || !this.live) return;
    this.stage = 'lost';
    this.lossReported = !this.farSideLeft;
    if (this.lossReported) this.context.emit({ type: 'networkLost', callId: this.callId });
  }

  private dropPeer(): void {
    const peer = this.peer;
    this.peer = undefined;
    peer?.removeAllListeners();
    peer?.on('error', () => undefined);
    peer?.destroy();
  }

  // ---- what the senders carry ---------------------------------------------------------------

  private desiredTrack(kind: 'audio' | 'video'): MediaStreamTrack | null {
    if (kind === 'audio') {
      if (this.holdingLocally) return this.holdAudio?.track ?? null;
      return this.heldByRemote ? null : this.microphone ?? null;
    }
    if (this.holdingLocally || this.heldByRemote) return null;
    return this.screen ?? this.processed?.track ?? null;
  }

  /**
   * Puts on each sender what the call's state says it should carry; adds a
   * video sender the first time one is needed. Settles once every track swap
   * has: hold and resume resolve only when the wire carries what they promise.
   */
  private refreshSenders(): Promise<void> {
    const peer = this.peer;
    if (!peer || peer.destroyed) return Promise.resolve();
    const pc = connectionOf(peer);
    const swaps: Promise<void>[] = [];
    for (const kind of ['audio', 'video'] as const) {
      const desired = this.desiredTrack(kind);
      const transceiver = pc.getTransceivers().find((t) => t.sender && t.receiver.track?.kind === kind && t.direction !== 'inactive' && t.direction !== 'recvonly');
      if (transceiver) {
        if (transceiver.sender.track !== desired) swaps.push(transceiver.sender.replaceTrack(desired).catch(() => undefined));
      } else if (desired && peer.connected) {
        // An audio call turning on its camera or sharing its screen: simple-peer renegotiates.
        try {
          peer.addTrack(desired, this.localStream);
        } catch {
          // already added to this stream under another sender: the next refresh finds it
        }
      }
    }
    return Promise.all(swaps).then(() => undefined);
  }

  private swapLocal(old: MediaStreamTrack | undefined, next: MediaStreamTrack | undefined): void {
    if (old && old !== next) this.localStream.removeTrack(old);
    if (next && !this.localStream.getTracks().includes(next)) this.localStream.addTrack(next);
    this.context.onLocalStream(this.localStream);
  }

  private async process(camera: MediaStreamTrack, effect: VideoEffect): Promise<ProcessedVideo> {
    const processor = this.context.videoProcessor;
    if (effect.kind === 'none' || !processor) return { track: camera, stop: () => undefined };
    try {
      return await processor.apply(camera, effect);
    } catch (thrown) {
      if (thrown instanceof RinglineError) throw new RinglineError(thrown.code, thrown.message, { cause: thrown, callId: this.callId, device: 'camera' });
      throw new RinglineError('commandFailed', `The ${effect.kind} background effect could not start: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown, callId: this.callId, device: 'camera' });
    }
  }

  // ---- hold, DTMF, state over the data channel ----------------------------------------------

  async hold(): Promise<void> {
    this.requireConnected('hold');
    this.holdingLocally = true;
    this.setRemotePlayback(false);
    const paused = this.refreshSenders();
    try {
      await this.askFarSide(true);
      await paused;
    } catch (thrown) {
      this.holdingLocally = false;
      this.tellFarSide(false);
      this.setRemotePlayback(true);
      await this.refreshSenders();
      throw new RinglineError('holdRefused', `The far side did not confirm the hold: ${(thrown as Error).message}`, { callId: this.callId, cause: thrown });
    }
  }

  async resume(): Promise<void> {
    this.requireConnected('resume');
    try {
      await this.askFarSide(false);
    } catch (thrown) {
      this.tellFarSide(true);
      throw new RinglineError('resumeRefused', `The far side did not confirm the resume: ${(thrown as Error).message}`, { callId: this.callId, cause: thrown });
    }
    this.holdingLocally = false;
    this.stopHoldAudio();
    this.setRemotePlayback(true);
    await this.refreshSenders();
  }

  /** The engine's choice of hold music or announcement, once the hold is confirmed. */
  async setHoldAudio(audio: HoldAudio | null): Promise<void> {
    const version = ++this.holdAudioVersion;
    this.stopHoldAudio();
    if (!audio || !this.holdingLocally) return;
    const factory = this.context.holdTrack;
    if (!factory) throw new RinglineError('unsupported', 'No way to play hold audio here (pass holdTrack)', { callId: this.callId });
    const made = await factory(audio);
    if (version !== this.holdAudioVersion || !this.holdingLocally || !this.live) {
      made.stop();
      return;
    }
    this.stopHoldAudio();
    this.holdAudio = made;
    await this.refreshSenders();
  }

  sendDtmf(digits: string): void {
    this.requireConnected('sendDtmf');
    this.sendControl({ t: 'dtmf', digits });
  }

  private requireConnected(what: string): void {
    if (this.stage !== 'connected' || !this.peer?.connected) {
      throw new RinglineError('commandFailed', `Call ${this.callId} has no open media connection for ${what}`, { callId: this.callId });
    }
  }

  private askFarSide(on: boolean): Promise<void> {
    const seq = ++this.holdSeq;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(seq);
        reject(new Error(`no answer within ${this.context.ackTimeoutMs} ms`));
      }, this.context.ackTimeoutMs);
      this.acks.set(seq, { resolve, reject, timer });
      try {
        this.sendControl({ t: 'hold', on, seq });
      } catch (thrown) {
        clearTimeout(timer);
        this.acks.delete(seq);
        reject(thrown);
      }
    });
  }

  /**
   * After a hold or resume this side gave up on (no acknowledgement in
   * time), the far side may have applied it all the same: it is told what
   * stands. The channel is ordered, so this arrives after the request; its
   * acknowledgement is not waited for.
   */
  private tellFarSide(on: boolean): void {
    if (!this.peer?.connected) return;
    try {
      this.sendControl({ t: 'hold', on, seq: ++this.holdSeq });
    } catch {
      // The channel closed under us: there is nobody to tell now.
    }
  }

  private setRemotePlayback(on: boolean): void {
    for (const track of this.remoteStream?.getTracks() ?? []) track.enabled = on;
  }

  private stopHoldAudio(): void {
    this.holdAudio?.stop();
    this.holdAudio = undefined;
  }

  private sendState(): void {
    if (!this.peer?.connected) return;
    this.sendControl({ t: 'state', muted: this.muted, camera: this.camera !== undefined, screenShare: this.screen !== undefined });
  }

  private sendControl(message: ControlMessage): void {
    this.peer?.send(JSON.stringify(message));
  }

  private receiveControl(raw: string): void {
    if (longerThan(raw, maxControlBytes)) return this.context.onProtocolError('oversized', `A data-channel message over ${maxControlBytes} bytes was dropped`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return this.context.onProtocolError('malformed', 'A data-channel message is not JSON');
    }
    const parsed = controlMessageSchema.safeParse(value);
    if (!parsed.success) return this.context.onProtocolError('malformed', `An invalid data-channel message was dropped: ${parsed.error.issues[0]?.message ?? ''}`);
    const message = parsed.data;
    switch (message.t) {
      case 'state':
        this.context.emit({ type: 'remoteMedia', callId: this.callId, muted: message.muted, camera: message.camera, screenShare: message.screenShare });
        return;
      case 'hold':
        // Held: our outbound media pauses; we keep playing what arrives, which is the hold music.
        this.heldByRemote = message.on;
        void this.refreshSenders();
        this.sendControl({ t: 'ack', seq: message.seq });
        // The person held here sees it in their status (001): the engine ignores a repeat.
        this.context.emit({ type: 'remoteMedia', callId: this.callId, held: message.on });
        return;
      case 'ack': {
        const waiter = this.acks.get(message.seq);
        // A late one for a request given up on, or for a correction nobody waits for, is no error.
        if (!waiter && message.seq <= this.holdSeq) return;
        if (!waiter) return this.context.onProtocolError('outOfOrder', `An acknowledgement for nothing (${message.seq}) was dropped`);
        this.acks.delete(message.seq);
        clearTimeout(waiter.timer);
        waiter.resolve();
        return;
      }
      case 'dtmf':
        this.context.onDtmf(message.digits);
        return;
    }
  }

  // ---- the end ------------------------------------------------------------------------------

  /** Stops every track, destroys the peer, settles what was waiting. Idempotent. */
  end(): void {
    if (!this.live) return;
    this.stage = 'ended';
    this.videoVersion++;
    this.dropPeer();
    this.stopHoldAudio();
    if (this.processed && this.processed.track !== this.camera) this.processed.stop();
    for (const track of [this.microphone, this.camera, this.screen]) track?.stop();
    for (const track of this.localStream.getTracks()) this.localStream.removeTrack(track);
    this.microphone = this.camera = this.screen = undefined;
    this.processed = undefined;
    const ended = new RinglineError('unknownCall', `Call ${this.callId} ended`, { callId: this.callId });
    for (const waiter of [...this.acks.values(), ...this.restored]) {
      clearTimeout(waiter.timer);
      waiter.reject(ended);
    }
    this.acks.clear();
    this.restored.clear();
    this.remoteStream = undefined;
    this.context.onRemoteStream(undefined);
  }
}
