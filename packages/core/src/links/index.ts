// `@ringline/core/links`: server-side code that holds the call link secret.
// Kept out of the main entry so no browser bundle can pull it in.
export { createCallLinks } from './callLinks.js';
export type { CallLinks, CallLinksOptions, IssuedCallLink, VerifiedCallLink } from './callLinks.js';
export { CallLinkError } from './errors.js';
export type { CallLinkErrorCode } from './errors.js';
export { callLinkKinds, callLinkPayloadSchema, callLinkRequestSchema, callLinkTargetSchema } from './payload.js';
export type { CallLinkKind, CallLinkPayload, CallLinkRequest, CallLinkTarget } from './payload.js';
export { createMemoryUsedLinkStore } from './usedLinkStore.js';
export type { UsedLinkStore } from './usedLinkStore.js';
