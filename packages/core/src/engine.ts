// The runtime around the pure reducer: stamps inputs with the clock, keeps the
// state, runs effects (adapter commands, timers, notices) and feeds their
// outcomes back in as events.
import { EMPTY, Observable, Subject, distinctUntilChanged, map, type Subscription } from 'rxjs';
import { type AdapterCapabilities, type MediaAdapter, runAdapterCommand, runDeviceCommand } from './adapter.js';
import { checkAdapterEvent, describeType, isAdapterEventType, readType, unreadable } from './adapterEvents.js';
import { parse } from './validate.js';
import { type Clock, systemClock } from './clock.js';
import { randomId } from './randomId.js';
import { type EngineConfig, type EngineConfigInput, resolveConfig } from './config.js';
import { RinglineError, toErrorInfo } from './errors.js';
import type {
  AdapterCommand, AdapterEvent, BackendNotice, CommandInput, DeviceCommand, Effect, EngineEvent, EngineInput, Sound, TimelineEntry, TimerKind, Tone,
} from './events.js';
import {
  type Call, type CallId, type Device, type ErrorInfo, type DeviceKind, type EngineState, type MediaKind, type MediaPreferences, type RemoteParty, type VideoEffect,
  defaultDevices, initialEngineState,
} from './model.js';
import { initialPreferences } from './reducer/devices.js';
import { reduce, successMatters, type Transition } from './reducer/index.js';
import { withDevices, withLists } from './reducer/transition.js';
import { getCall } from './selectors.js';
import type { DeskEffect } from './desk/events.js';
import type { Parser } from './validate.js';
import { type DeadlineOwner, TimerQueue } from './timerQueue.js';

/** Receives the notices the integrator's backend wants. Must not throw; may be async. */
export interface Notifier {
  notify(notice: BackendNotice): void | Promise<void>;
}

/**
 * Adds a domain to the engine (the agent desk, desk/index.ts) without the
 * call engine knowing it: its reducer wraps the core's, its effects run here,
 * its adapter events are checked by its own parsers. A visitor widget that
 * never creates one never bundles it.
 */
export interface EngineExtension {
  reduce(state: EngineState, event: EngineEvent, config: EngineConfig): Transition;
  /** Adds the extension's part to a fresh or rehydrated state. */
  initialState(state: EngineState): EngineState;
  /** Carries out an effect of the extension's own; the engine then emits it as an output. */
  run(effect: Effect, context: ExtensionContext): void;
  /** Deadlines held in the extension's state, re-armed when a snapshot is rehydrated. */
  deadlines(state: EngineState): { timer: TimerKind; callId: CallId; at: number }[];
  /** Work a rehydrated snapshot was waiting on (a lookup, say): its answer went with the old page, so it is started again. */
  resumed?(state: EngineState): Effect[];
  /** Event types from adapters or a backend that the extension understands, with their parsers. */
  eventParsers: Readonly<Record<string, Parser<EngineInput>>>;
  /** Input types that start a call: sent without a `callId`, they get one. */
  startsCall: readonly string[];
}

export interface ExtensionContext {
  readonly adapter: MediaAdapter;
  /** Feeds an outcome back in; dropped once the engine is disposed. */
  send(input: EngineInput): void;
}

/** What the engine reports besides state. */
export type EngineOutput =
  | DeskEffect
  | { type: 'timeline'; entry: TimelineEntry }
  | { type: 'tone'; action: 'start'; tone: Tone }
  | { type: 'tone'; action: 'stop' }
  | { type: 'sound'; sound: Sound; callId: CallId }
  | { type: 'notice'; notice: BackendNotice }
  | { type: 'error'; error: RinglineError }
  | { type: 'rejected'; input: EngineInput; error: RinglineError };

export type SendResult = { ok: true; queued?: true } | { ok: false; error: RinglineError };

export interface PlaceCallOptions {
  /** This call's ring length; the engine's `outboundRingTimeoutMs` otherwise. */
  ringTimeoutMs?: number;
  callId?: CallId;
  /** With phone forwarding on (001): the visitor's number, when the widget already has it. */
  forwardTo?: string;
}

export interface CreateCallEngineOptions {
  adapter: MediaAdapter;
  clock?: Clock;
  config?: EngineConfigInput;
  notifier?: Notifier;
  /**
   * Rehydrate a persisted snapshot; its deadlines are re-armed. Outputs start
   * with the next change, so a page restored onto a ringing call starts its
   * ringtone from `toneOf(engine.getSnapshot())`; the stop comes as an output.
   */
  initialState?: EngineState;
  /** Ids for calls the engine starts; defaults to `crypto.randomUUID`. */
  createId?: () => string;
  /**
   * Timeline entries kept in memory for `getTimeline()` (diagnostics, a call
   * log). Default 0: the timeline is a stream on `events$`, and an engine held
   * by the thousand should not keep hundreds of entries each unless asked.
   */
  timelineLimit?: number;
  /** A domain on top of calls, e.g. `createAgentDesk(...)`. */
  extension?: EngineExtension;
  /** Devices, volume and background effect chosen earlier (e.g. kept in storage by the UI); invalid fields are ignored. */
  preferences?: Partial<MediaPreferences>;
}

export interface CallEngine {
  readonly capabilities: AdapterCapabilities;
  readonly config: EngineConfig;
  readonly state$: Observable<EngineState>;
  readonly events$: Observable<EngineOutput>;
  getSnapshot(): EngineState;
  /** Called after every change; the `useSyncExternalStore` contract. */
  subscribe(listener: (state: EngineState) => void): () => void;
  /** A derived value that only emits when it changes (a duration tick does not wake the page). */
  select$<T>(selector: (state: EngineState) => T, equals?: (a: T, b: T) => boolean): Observable<T>;
  on<K extends EngineOutput['type']>(type: K, handler: (output: Extract<EngineOutput, { type: K }>) => void): () => void;
  send(input: EngineInput): SendResult;
  now(): number;
  placeCall(to: RemoteParty, media: MediaKind, options?: PlaceCallOptions): SendResult & { callId: CallId };
  accept(callId: CallId, options?: { media?: MediaKind }): SendResult;
  decline(callId: CallId): SendResult;
  hangUp(callId: CallId): SendResult;
  setMuted(callId: CallId, muted: boolean): SendResult;
  toggleMute(callId: CallId): SendResult;
  setCamera(callId: CallId, on: boolean): SendResult;
  toggleCamera(callId: CallId): SendResult;
  startScreenShare(callId: CallId): SendResult;
  stopScreenShare(callId: CallId): SendResult;
  toggleScreenShare(callId: CallId): SendResult;
  hold(callId: CallId): SendResult;
  resume(callId: CallId): SendResult;
  sendDtmf(callId: CallId, digits: string): SendResult;
  recall(missedCallId: CallId): SendResult & { callId: CallId };
  dismissMissed(missedCallId: CallId): SendResult;
  /** Microphone, speaker or camera for the live call and every later one. */
  selectDevice(kind: DeviceKind, deviceId: string): SendResult;
  /** Output volume, 0 to 1. */
  setVolume(volume: number): SendResult;
  /** 003's background effect, kept and applied to every later call. */
  setVideoEffect(effect: VideoEffect): SendResult;
  /** Recent timeline entries, oldest first. */
  getTimeline(): TimelineEntry[];
  /** Armed deadlines, earliest first. */
  pendingTimers(): { timer: TimerKind; callId: CallId; at: number }[];
  /** Hangs up live calls, stops timers and media, completes observables. Idempotent. */
  dispose(): void;
}

const deviceOf: Partial<Record<AdapterCommand['name'], Device>> = {
  setCamera: 'camera',
  startScreenShare: 'screen',
};

type OutputHandler = (output: EngineOutput) => void;

/** Input built here, with the `at` slot `dispatch` fills. */
type Owned<T> = T & { at?: number };

const defaultCreateId = (): string => randomId('call-');

/**
 * The runtime's own inputs, sent from outside (a test, a bench driving a
 * synchronous adapter): a timer cannot fire before its deadline, and a failure
 * carries an error with a code and a message. Says what is wrong, if anything.
 */
function forgedRuntimeInput(input: EngineInput, now: number): string | undefined {
  if (input.type === 'timerFired') return input.deadline <= now ? undefined : `A ${String(input.timer)} timer cannot fire before its deadline`;
  if (input.type !== 'commandFailed' && input.type !== 'deviceCommandFailed' && input.type !== 'adapterStopped') return undefined;
  const error = input.error as Partial<ErrorInfo> | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string' ? undefined : `${input.type} needs an error with a code and a message`;
}

interface Extras {
  /** State subscribers. Copy-on-write: one that unsubscribes or subscribes while being called never disturbs the loop. */
  listeners?: readonly ((state: EngineState) => void)[];
  outputs?: Subject<EngineOutput>;
  /**
   * `on()` handlers by output type. Lists are replaced, never changed in
   * place: a handler that unsubscribes (or subscribes) while called leaves
   * the loop it is called from undisturbed.
   */
  handlers?: Map<string, readonly OutputHandler[]>;
  timeline?: TimelineEntry[];
  /** Input waiting for the transition in progress; a function is input worked out when its turn comes (toggles). */
  mailbox?: (EngineInput | (() => EngineInput))[];
  stateObservable?: Observable<EngineState>;
  bound?: { getSnapshot: () => EngineState; subscribe: CallEngine['subscribe'] };
  context?: ExtensionContext;
}

// Engines are cheap to hold by the thousand (a server tracking every visitor):
// what only some integrators use (listeners, the timeline, the handlers, bound
// methods) is allocated on first use.
class Engine implements CallEngine, DeadlineOwner {
  readonly config: EngineConfig;
  private state: EngineState;
  private readonly timers: TimerQueue;
  private readonly adapterSubscription: Subscription;
  private dispatching = false;
  /** What many engines never use, in one object made on first use. */
  private extras: Extras | undefined;

  constructor(private readonly options: CreateCallEngineOptions, private readonly clock: Clock) {
    this.config = options.config === undefined ? defaultConfigFor(options.adapter.capabilities) : resolveConfig(options.config, options.adapter.capabilities);
    const start = withStartingDevices(options.initialState ? rehydrated(options.initialState) : initialEngineState, options.preferences, this.config.capabilities);
    this.state = options.extension ? options.extension.initialState(start) : start;
    this.timers = new TimerQueue(clock, this);
    this.rearmTimers();
    if (options.initialState) for (const effect of options.extension?.resumed?.(this.state) ?? []) this.run(effect);
    // The engine observes the adapter itself (`next`, `error`): no listener object or closures per engine.
    this.adapterSubscription = options.adapter.events$.subscribe(this);
  }

  get state$(): Observable<EngineState> {
    return (this.more().stateObservable ??= new Observable<EngineState>((subscriber) => {
      if (this.state.disposed) {
        subscriber.next(this.state);
        subscriber.complete();
        return undefined;
      }
      subscriber.next(this.state);
      return this.listen((state) => {
        subscriber.next(state);
        if (state.disposed) subscriber.complete();
      });
    }));
  }

  get capabilities(): AdapterCapabilities {
    return this.config.capabilities;
  }

  get events$(): Observable<EngineOutput> {
    // Outputs end with dispose; a first look afterwards sees them ended too.
    if (this.state.disposed && !this.extras?.outputs) return EMPTY;
    return this.outputSubject().asObservable();
  }

  // Bound, so they can be handed to useSyncExternalStore as they are.
  get getSnapshot(): () => EngineState {
    return this.boundMethods().getSnapshot;
  }

  get subscribe(): CallEngine['subscribe'] {
    return this.boundMethods().subscribe;
  }

  private boundMethods() {
    return (this.more().bound ??= {
      getSnapshot: () => this.state,
      // A wrapper per subscription, so subscribing the same function twice gives two independent subscriptions.
      subscribe: (listener) => this.listen((state) => listener(state)),
    });
  }

  private listen(listener: (state: EngineState) => void): () => void {
    // A disposed engine never changes again: nothing to keep the listener for.
    if (this.state.disposed) return () => undefined;
    const extras = this.more();
    extras.listeners = [...(extras.listeners ?? []), listener];
    return () => {
      extras.listeners = extras.listeners?.filter((other) => other !== listener);
    };
  }

  select$<T>(selector: (state: EngineState) => T, equals?: (a: T, b: T) => boolean): Observable<T> {
    return this.state$.pipe(map(selector), distinctUntilChanged(equals));
  }

  on<K extends EngineOutput['type']>(type: K, handler: (output: Extract<EngineOutput, { type: K }>) => void): () => void {
    if (this.state.disposed) return () => undefined;
    const handlers = (this.more().handlers ??= new Map());
    const added = handler as OutputHandler;
    handlers.set(type, [...(handlers.get(type) ?? []), added]);
    let subscribed = true;
    // Removes this registration only: the same function registered twice stays registered once.
    return () => {
      const list = handlers.get(type);
      const index = subscribed && list ? list.indexOf(added) : -1;
      subscribed = false;
      if (index >= 0) handlers.set(type, [...list!.slice(0, index), ...list!.slice(index + 1)]);
    };
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Input from outside. Adapter-shaped events are validated like the adapter's
   * own; `dispose` disposes the whole engine; calls started without an id get one.
   */
  send(input: EngineInput): SendResult {
    const type = readType(input);
    if (type === unreadable) return this.refusedInput(input, 'The input could not be read');
    if (type === 'dispose') {
      this.dispose();
      return { ok: true };
    }
    if (isAdapterEventType(type) || this.extensionParser(type)) {
      const event = this.validEvent(input);
      return event instanceof RinglineError ? { ok: false, error: event } : this.deliver(event, true);
    }
    let forged: string | undefined;
    try {
      forged = forgedRuntimeInput(input, this.clock.now());
    } catch (cause) {
      return this.refusedInput(input, 'The input could not be read', cause);
    }
    if (forged) return this.refusedInput(input, forged);
    if ((type === 'placeCall' || type === 'recall' || this.options.extension?.startsCall.includes(type as string)) && (input as { callId?: unknown }).callId === undefined) {
      return this.deliver({ ...(input as CommandInput & { type: 'placeCall' | 'recall' }), callId: this.createId() }, true);
    }
    return this.deliver(input);
  }

  /**
   * Validated input: runs now, or after the transition in progress. `owned`
   * says the object was made here for this call (not the caller's), so `at`
   * can be stamped on it instead of on a copy. Objects made here carry an
   * `at` slot from the start: stamping a field the literal lacks moves it into
   * a separate properties array, one more allocation for every event.
   */
  private deliver(input: Owned<EngineInput>, owned = false): SendResult {
    if (this.state.disposed) return { ok: false, error: new RinglineError('disposed', 'The engine is disposed') };
    if (this.dispatching) {
      // Re-entrant input (from a subscriber or an effect): run it after the
      // current transition has finished all its effects, so effects never interleave.
      (this.more().mailbox ??= []).push(owned ? input : { ...input });
      return { ok: true, queued: true };
    }
    const result = this.dispatch(input, owned);
    this.drain();
    return result;
  }

  placeCall(to: RemoteParty, media: MediaKind, options: PlaceCallOptions = {}): SendResult & { callId: CallId } {
    const callId = options.callId ?? this.createId();
    const input: Owned<Extract<CommandInput, { type: 'placeCall' }>> = { type: 'placeCall', callId, to, media, at: 0 };
    if (options.ringTimeoutMs !== undefined) input.ringTimeoutMs = options.ringTimeoutMs;
    if (options.forwardTo !== undefined) input.forwardTo = options.forwardTo;
    return { ...this.deliver(input, true), callId };
  }

  accept(callId: CallId, options: { media?: MediaKind } = {}): SendResult {
    return this.deliver(options.media ? { type: 'accept', callId, media: options.media, at: 0 } : { type: 'accept', callId, at: 0 }, true);
  }

  decline(callId: CallId): SendResult { return this.deliver({ type: 'decline', callId, at: 0 }, true); }
  hangUp(callId: CallId): SendResult { return this.deliver({ type: 'hangUp', callId, at: 0 }, true); }
  setMuted(callId: CallId, muted: boolean): SendResult { return this.deliver({ type: 'setMuted', callId, muted, at: 0 }, true); }
  setCamera(callId: CallId, on: boolean): SendResult { return this.deliver({ type: 'setCamera', callId, on, at: 0 }, true); }
  startScreenShare(callId: CallId): SendResult { return this.deliver({ type: 'startScreenShare', callId, at: 0 }, true); }
  stopScreenShare(callId: CallId): SendResult { return this.deliver({ type: 'stopScreenShare', callId, at: 0 }, true); }
  hold(callId: CallId): SendResult { return this.deliver({ type: 'hold', callId, at: 0 }, true); }
  resume(callId: CallId): SendResult { return this.deliver({ type: 'resume', callId, at: 0 }, true); }
  sendDtmf(callId: CallId, digits: string): SendResult { return this.deliver({ type: 'sendDtmf', callId, digits, at: 0 }, true); }
  dismissMissed(missedCallId: CallId): SendResult { return this.deliver({ type: 'dismissMissed', missedCallId, at: 0 }, true); }
  selectDevice(kind: DeviceKind, deviceId: string): SendResult { return this.deliver({ type: 'selectDevice', kind, deviceId, at: 0 }, true); }
  setVolume(volume: number): SendResult { return this.deliver({ type: 'setVolume', volume, at: 0 }, true); }
  setVideoEffect(effect: VideoEffect): SendResult { return this.deliver({ type: 'setVideoEffect', effect, at: 0 }, true); }

  // A toggle reads the state it applies to: sent from a subscriber, it waits its turn and reads the state then.
  toggleMute(callId: CallId): SendResult {
    return this.deliverWhenDue(() => ({ type: 'setMuted', callId, muted: !(getCall(this.state, callId)?.local.muted ?? false), at: 0 }));
  }

  toggleCamera(callId: CallId): SendResult {
    return this.deliverWhenDue(() => ({ type: 'setCamera', callId, on: (getCall(this.state, callId)?.local.camera ?? 'off') === 'off', at: 0 }));
  }

  toggleScreenShare(callId: CallId): SendResult {
    return this.deliverWhenDue(() => {
      const sharing = (getCall(this.state, callId)?.local.screenShare ?? 'off') !== 'off';
      return sharing ? { type: 'stopScreenShare', callId, at: 0 } : { type: 'startScreenShare', callId, at: 0 };
    });
  }

  private deliverWhenDue(input: () => Owned<EngineInput>): SendResult {
    if (this.dispatching && !this.state.disposed) {
      (this.more().mailbox ??= []).push(input);
      return { ok: true, queued: true };
    }
    return this.deliver(input(), true);
  }

  recall(missedCallId: CallId): SendResult & { callId: CallId } {
    const callId = this.createId();
    return { ...this.deliver({ type: 'recall', missedCallId, callId, at: 0 }, true), callId };
  }

  getTimeline(): TimelineEntry[] {
    const limit = this.options.timelineLimit ?? 0;
    return limit > 0 ? (this.extras?.timeline ?? []).slice(-limit) : [];
  }

  pendingTimers(): { timer: TimerKind; callId: CallId; at: number }[] {
    return this.timers.entries();
  }

  dispose(): void {
    if (this.state.disposed) return;
    if (this.dispatching) {
      (this.more().mailbox ??= []).push({ type: 'dispose' });
      return;
    }
    this.dispatch({ type: 'dispose' });
    if (this.extras) this.extras.mailbox = undefined;
    this.timers.clear();
    this.adapterSubscription.unsubscribe();
    try {
      this.options.adapter.dispose();
    } catch (cause) {
      // The engine is disposed all the same: its outputs still end and its subscribers are let go.
      this.emit({ type: 'error', error: new RinglineError('commandFailed', 'The adapter failed to dispose', { cause }) });
    }
    this.extras?.outputs?.complete();
    this.extras?.handlers?.clear();
    if (this.extras) this.extras.listeners = undefined;
  }

  private createId(): CallId {
    return (this.options.createId ?? defaultCreateId)();
  }

  private outputSubject(): Subject<EngineOutput> {
    return (this.more().outputs ??= new Subject<EngineOutput>());
  }

  private more(): Extras {
    return (this.extras ??= {});
  }

  /** Malformed input, and input whose fields throw when read (a getter, a revoked proxy): refused, nothing changes. */
  private refusedInput(input: unknown, message: string, cause?: unknown): SendResult {
    const error = new RinglineError('invalidInput', message, { cause });
    this.emit({ type: 'rejected', input: input as EngineInput, error });
    return { ok: false, error };
  }

  private dispatch(input: EngineInput, owned = false): SendResult {
    let event: EngineEvent;
    try {
      // A copy starts with `at` and is then overwritten: `{ ...input, at }` would give every event its own hidden class.
      event = (owned ? input : { at: 0, ...input }) as EngineEvent;
    } catch (cause) {
      return this.refusedInput(input, 'The input could not be read', cause);
    }
    event.at = this.clock.now();
    this.dispatching = true;
    try {
      let transition: Transition;
      try {
        transition = (this.options.extension ?? coreReducer).reduce(this.state, event, this.config);
      } catch (cause) {
        // Input the types do not allow, or a reconnect policy that throws: refused, state untouched.
        // String(), not JSON.stringify: the type may be anything plain JavaScript sends, a BigInt included.
        const error = new RinglineError('invalidInput', `Input ${describeType(event.type)} could not be applied`, { cause });
        this.emit({ type: 'rejected', input, error });
        return { ok: false, error };
      }
      const { state, effects, rejected } = transition;
      if (state !== this.state) {
        this.state = state;
        const listeners = this.extras?.listeners;
        if (listeners) for (const listener of listeners) this.callListener(listener, state);
      }
      for (const effect of effects) this.run(effect);
      if (!rejected) return { ok: true };
      const error = RinglineError.from(rejected);
      this.emit({ type: 'rejected', input, error });
      return { ok: false, error };
    } finally {
      this.dispatching = false;
    }
  }

  /** A subscriber that throws is reported; it must not cost the transition its effects. */
  private callListener(listener: (state: EngineState) => void, state: EngineState): void {
    try {
      listener(state);
    } catch (cause) {
      this.emit({ type: 'error', error: new RinglineError('subscriberFailed', 'A state subscriber threw', { cause }) });
    }
  }

  private drain(): void {
    const mailbox = this.extras?.mailbox;
    while (mailbox && mailbox.length > 0 && !this.state.disposed) {
      const queued = mailbox.shift()!;
      const next = typeof queued === 'function' ? queued() : queued;
      if (next.type === 'dispose') this.dispose();
      else this.dispatch(next, true);
    }
  }

  private run(effect: Effect): void {
    switch (effect.type) {
      case 'adapter': return this.command(effect.command);
      case 'device': return this.deviceCommand(effect.command);
      case 'startTimer': return this.timers.set(effect.timer, effect.callId, effect.at);
      case 'cancelTimer': return this.timers.cancel(effect.timer, effect.callId);
      case 'timeline':
        this.keep(effect.entry);
        return this.emit({ type: 'timeline', entry: effect.entry });
      case 'notify':
        this.notify(effect.notice);
        return this.emit({ type: 'notice', notice: effect.notice });
      case 'error': return this.emit({ type: 'error', error: RinglineError.from(effect.error) });
      case 'tone':
      case 'sound':
        return this.emit(effect);
      default:
        try {
          this.options.extension?.run(effect, (this.more().context ??= { adapter: this.options.adapter, send: (input) => this.settle(input) }));
        } catch (cause) {
          // Like a subscriber that throws: reported, and the transition keeps its other effects.
          this.emit({ type: 'error', error: new RinglineError('commandFailed', 'An extension effect failed', { cause }) });
        }
        return this.emit(effect);
    }
  }

  private keep(entry: TimelineEntry): void {
    const limit = this.options.timelineLimit ?? 0;
    if (!(limit > 0)) return; // NaN too: a limit that never trims would keep every entry
    const extras = this.more();
    const timeline = extras.timeline;
    // A literal starts without the 16 spare slots a first `push` reserves.
    if (!timeline) extras.timeline = [entry];
    else {
      timeline.push(entry);
      // Trimmed in chunks: shifting a full buffer on every entry is O(limit) each time.
      if (timeline.length >= 2 * limit) timeline.splice(0, timeline.length - limit);
    }
  }

  private command(command: AdapterCommand): void {
    let pending: Promise<void>;
    try {
      // A plain-JavaScript adapter may do its work synchronously and return nothing: that is a success.
      pending = Promise.resolve(runAdapterCommand(this.options.adapter, command, this.state.devices.preferences));
    } catch (thrown) {
      pending = Promise.reject(thrown);
    }
    pending.then(
      successMatters[command.name] ? () => this.settle({ type: 'commandSucceeded', command, at: 0 }) : undefined,
      (thrown: unknown) => {
        const fallback = command.name === 'connect' ? 'connectFailed' : 'commandFailed';
        const device = deviceOf[command.name] ?? (command.name === 'connect' ? (command.media === 'video' ? 'camera' : 'microphone') : undefined);
        this.settle({ type: 'commandFailed', command, error: toErrorInfo(thrown, fallback, device, command.callId), at: 0 });
      },
    );
  }

  /** Only a refusal comes back: the choice already took effect in state. */
  private deviceCommand(command: DeviceCommand): void {
    let pending: Promise<void>;
    try {
      pending = Promise.resolve(runDeviceCommand(this.options.adapter, command));
    } catch (thrown) {
      pending = Promise.reject(thrown);
    }
    pending.then(undefined, (thrown: unknown) => {
      const device: Device | undefined = command.name === 'selectDevice' ? command.kind : command.name === 'setVideoEffect' ? 'camera' : 'speaker';
      this.settle({ type: 'deviceCommandFailed', command, error: toErrorInfo(thrown, 'commandFailed', device), at: 0 });
    });
  }

  /** Outcomes of adapter commands and timers: a late one after dispose is dropped. */
  private settle(input: Owned<EngineInput>): void {
    if (!this.state.disposed) this.deliver(input, true);
  }

  deadlineDue(timer: TimerKind, callId: CallId, deadline: number): void {
    this.settle({ type: 'timerFired', timer, callId, deadline, at: 0 });
  }

  /** The adapter's event stream failed (its `error`). */
  error(cause: unknown): void {
    this.adapterStopped('The adapter event stream failed', cause);
  }

  /** The adapter's event stream ended (its `complete`): expected only when the adapter is disposed. */
  complete(): void {
    this.adapterStopped('The adapter event stream ended');
  }

  private adapterStopped(message: string, cause?: unknown): void {
    if (this.state.disposed) return;
    const error = new RinglineError('commandFailed', message, cause === undefined ? {} : { cause });
    // Its live calls end through the reducer (nothing more will be heard of them); the error output says why.
    this.settle({ type: 'adapterStopped', error: { code: error.code, message }, at: 0 });
    this.emit({ type: 'error', error });
  }

  /** An adapter event (its `next`): checked, then delivered. */
  next(raw: unknown): void {
    if (this.state.disposed) return;
    const event = this.validEvent(raw);
    if (event instanceof RinglineError) this.emit({ type: 'error', error: event });
    else this.deliver(event, true);
  }

  private extensionParser(type: unknown): Parser<EngineInput> | undefined {
    const parsers = this.options.extension?.eventParsers;
    return parsers && typeof type === 'string' && Object.prototype.hasOwnProperty.call(parsers, type) ? parsers[type] : undefined;
  }

  /** Checks an adapter-shaped event and copies it without unknown fields, or says what is wrong. */
  private validEvent(raw: unknown): EngineInput | RinglineError {
    const type = readType(raw);
    if (type === unreadable) return new RinglineError('invalidAdapterEvent', 'Invalid adapter event (it could not be read)', { cause: raw });
    const parser = this.extensionParser(type);
    if (!parser) {
      const checked = checkAdapterEvent(raw);
      return typeof checked === 'string' ? new RinglineError('invalidAdapterEvent', checked, { cause: raw }) : checked;
    }
    const parsed = parse(parser, raw);
    return parsed.ok ? parsed.value : new RinglineError('invalidAdapterEvent', `Invalid ${String(type)} event (${parsed.problem})`, { cause: raw });
  }

  private notify(notice: BackendNotice): void {
    const notifier = this.options.notifier;
    if (!notifier) return;
    const report = (cause: unknown) =>
      this.emit({ type: 'error', error: new RinglineError('notifierFailed', `Backend notice ${notice.type} failed`, { cause, callId: notice.callId }) });
    try {
      const done = notifier.notify(notice);
      if (done && typeof done.then === 'function') done.then(undefined, report);
    } catch (cause) {
      report(cause);
    }
  }

  /**
   * A handler that throws is reported, like a state subscriber: it must not
   * cost the transition its later effects (the tone stop, the notices).
   */
  private emit(output: EngineOutput): void {
    const extras = this.extras;
    if (!extras) return;
    // An observer that throws is RxJS's to report (its subscribers catch it): nothing comes back here.
    if (extras.outputs?.observed) extras.outputs.next(output);
    // Straight to the handlers, not through the Subject: an output type nobody listens to costs one lookup.
    const handlers = extras.handlers?.get(output.type);
    if (!handlers) return;
    // One handler throwing does not keep the output from the others.
    for (const handler of handlers) {
      try {
        handler(output);
      } catch (cause) {
        this.handlerFailed(output, cause);
      }
    }
  }

  private handlerFailed(output: EngineOutput, cause: unknown): void {
    if (output.type === 'error' && output.error.code === 'subscriberFailed') return;
    this.emit({ type: 'error', error: new RinglineError('subscriberFailed', `A handler of ${output.type} outputs threw`, { cause }) });
  }

  /** A rehydrated snapshot carries deadlines; the timers behind them must run again. */
  private rearmTimers(): void {
    for (const { timer, callId, at } of this.options.extension?.deadlines(this.state) ?? []) this.timers.set(timer, callId, at);
    for (const call of this.state.calls) {
      const id = call.id;
      if (call.ringDeadline !== undefined) this.timers.set('ring', id, call.ringDeadline);
      if (call.connectDeadline !== undefined) this.timers.set('connect', id, call.connectDeadline);
      if (call.holdAnswerBy !== undefined) this.timers.set('hold', id, call.holdAnswerBy);
      if (call.takeover) this.timers.set('takeover', id, call.takeover.deadline);
      if (call.reconnect) {
        // As the reducer arms it: no retry at or after the give-up deadline.
        if (call.reconnect.nextRetryAt < call.reconnect.giveUpAt) this.timers.set('reconnectRetry', id, call.reconnect.nextRetryAt);
        this.timers.set('reconnectGiveUp', id, call.reconnect.giveUpAt);
      }
    }
  }
}


const phases: readonly unknown[] = ['ringing', 'calling', 'connecting', 'connected', 'reconnecting'];
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** What every later input reads of a call: a snapshot without it would make every input after it fail. */
function wholeCall(value: unknown): boolean {
  const call = value as Partial<Call> | null;
  return typeof call?.id === 'string' && phases.includes(call.phase) && isObject(call.hold) && isObject(call.local) && isObject(call.remoteMedia)
    && (call.phase !== 'reconnecting' || typeof call.reconnect?.giveUpAt === 'number');
}

/**
 * A persisted snapshot, checked: not one a new engine cannot run. The last
 * snapshot a page saved may be the one dispose emitted; its calls have all
 * ended, and the new engine starts live with its history.
 */
function rehydrated(state: EngineState): EngineState {
  const given = state as Partial<EngineState> | null;
  if (typeof given !== 'object' || given === null || !Array.isArray(given.calls) || !Array.isArray(given.history) || !Array.isArray(given.missed)) {
    throw new RinglineError('invalidInput', 'initialState is not an engine snapshot (calls, history and missed lists)');
  }
  if (!Array.prototype.every.call(given.calls, wholeCall)) {
    throw new RinglineError('invalidInput', 'initialState has a call without an id, a phase, its hold and media states, or a reconnecting one without its deadlines');
  }
  return state.disposed ? withLists(state, state.calls, state.history, state.missed, false) : state;
}

/** Snapshots from before devices were kept have none; given preferences are layered on top. */
function withStartingDevices(state: EngineState, preferences: Partial<MediaPreferences> | undefined, capabilities: AdapterCapabilities): EngineState {
  const devices = state.devices ?? defaultDevices;
  if (devices === state.devices && preferences === undefined) return state;
  return withDevices(state, { preferences: initialPreferences(preferences, devices.preferences, capabilities), available: devices.available });
}

const sharedDefaults = new WeakMap<AdapterCapabilities, EngineConfig>();

/** Engines without their own config share one resolved default per set of capabilities. */
const coreReducer = { reduce };

function defaultConfigFor(capabilities: AdapterCapabilities): EngineConfig {
  let config = sharedDefaults.get(capabilities);
  if (!config) sharedDefaults.set(capabilities, (config = resolveConfig(undefined, capabilities)));
  return config;
}

export function createCallEngine(options: CreateCallEngineOptions): CallEngine {
  return new Engine(options, options.clock ?? systemClock);
}
