export { createVirtualClock, flushMicrotasks } from './virtualClock.js';
export type { VirtualClock } from './virtualClock.js';
export { createLoopbackAdapter, loopbackCapabilities } from './loopbackAdapter.js';
export type { LoopbackAdapter, LoopbackCommandRecord, LoopbackFault, LoopbackOptions, LoopbackRemote, LoopbackTrack } from './loopbackAdapter.js';
export { runAdapterContract } from './adapterContract.js';
export type { ContractOptions, ContractSubject, RemoteDriver } from './adapterContract.js';
export {
  arbitraryAdapterEvent, arbitraryCommandInput, arbitraryDtmf, arbitraryEventScript, arbitraryInvalidDtmf,
  arbitraryMalformedAdapterEvent, arbitraryRemoteParty,
} from './arbitraries.js';
