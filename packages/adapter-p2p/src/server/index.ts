export { createSignalingServer } from './signalingServer.js';
export type { SignalingServer, SignalingServerOptions } from './signalingServer.js';
export { createRoomTokens } from './roomTokens.js';
export type { RoomTokens } from './roomTokens.js';
export type { MessageRateOptions } from './messageRate.js';
export { clientMessageSchema, serverMessageSchema, maxMessageBytes } from '../signaling/messages.js';
export type { ClientMessage, ServerMessage } from '../signaling/messages.js';
