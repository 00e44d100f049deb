// Every file takes core from here, for the same reason as ./react.ts: one
// import statement in the bundle instead of one per file.
export {
  activeCall, agentCallControls, callbackList, callControls, getCall, handoffHistory, offerCards, RinglineError, ringingCalls,
  transferStatus, wrapUpView,
} from '@ringline/core';
export type * from '@ringline/core';
