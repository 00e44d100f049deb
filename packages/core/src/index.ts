export { createCallEngine } from './engine.js';
export type { CallEngine, CreateCallEngineOptions, EngineExtension, EngineOutput, ExtensionContext, Notifier, PlaceCallOptions, SendResult } from './engine.js';
export { reduce, toneOf, isDtmf, isE164 } from './reducer/index.js';
export type { Transition } from './reducer/index.js';
export { defaultDevices, initialEngineState } from './model.js';
export type * from './model.js';
export type * from './events.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { defaultConfig, exponentialBackoff, resolveConfig } from './config.js';
export type { EngineConfig, EngineConfigInput, ReconnectPolicy } from './config.js';
export { capabilityOf, noCapabilities } from './adapter.js';
export type { AdapterCapabilities, ConnectRequest, MediaAdapter, TransferTargetKind } from './adapter.js';
export { adapterEventParsers, parseAdapterEvent } from './adapterEvents.js';
export { InvalidValue, type Parser } from './validate.js';
export { RinglineError, errorCodes, isRinglineError, remedyFor, toErrorInfo } from './errors.js';
export {
  activeCall, availableDevices, callControls, callDurationMs, callLayout, callStatus, getCall, heldMs, mediaPreferences, reconnectCountdown,
  remainingRingMs, ringingCalls,
} from './selectors.js';
export type { CallControls, CallStatus, Control, ControlName, LayoutSource } from './selectors.js';
export { takeoverScreen } from './reducer/takeover.js';
export { collectDiagnostics, describeUserAgent, redactLink } from './diagnostics.js';
export type { BrowserInfo, DiagnosticsInput, PermissionStatus } from './diagnostics.js';
export { forwardingStatus } from './reducer/forwarding.js';
export type { ForwardingStage } from './reducer/forwarding.js';
export { createHttpNotifier } from './httpNotifier.js';
export type { HttpNotifier, HttpNotifierOptions } from './httpNotifier.js';
export { checkEnvironment, checkPermissions } from './environment.js';
export type { EnvironmentProblem, EnvironmentReport, EnvironmentRequirements, PermissionReport, PermissionState } from './environment.js';
export { createAgentDesk, reduceWithDesk } from './desk/index.js';
export type { AgentDesk } from './desk/index.js';
export { resolveDeskConfig } from './desk/config.js';
export type { DeskConfig, DeskConfigInput, QueueConfig } from './desk/config.js';
export { existingConversationRule } from './desk/outbound.js';
export type { ConversationDecision } from './desk/outbound.js';
export type * from './desk/model.js';
export type * from './desk/events.js';
export type { DeskErrorCode } from './desk/errors.js';
export type { DeskAdapter } from './desk/runtime.js';
export {
  agentAvailability, agentCallControls, conversation, deskCall, recordingActions, loggedHoldMs, myRecordings, offerCards, outboundDecision, transferOptions, transferStatus, transferTargetCheck, wrapUpView,
} from './desk/selectors.js';
export type { Availability, OfferCard, TransferOption, TransferOptions, TransferStatus, TransferTargetCheck, WrapUpView } from './desk/selectors.js';
export { callbackList, handoffHistory } from './desk/selectors.js';
export type { CallbackListEntry } from './desk/selectors.js';
export { callbackTransitions } from './desk/callbacks.js';
export { callLinkAvailability, callLinkState, linkCallStatus } from './desk/callLinks.js';
export type { CallLinkAvailability, CallLinkState, CallLinkUnavailable, LinkCallStatus } from './desk/callLinks.js';
export type { CallbackPolicy, CallLinkIssueRequest } from './desk/config.js';
