// What the two adapters of a call tell each other over the peer's data
// channel: their media state, hold, and dial-pad digits. The far side is
// untrusted, so every message is validated (zod/mini) before use.
import * as z from 'zod/mini';

const seq = z.number().check(z.int(), z.minimum(0));

export const controlMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('state'), muted: z.boolean(), camera: z.boolean(), screenShare: z.boolean() }),
  z.object({ t: z.literal('hold'), on: z.boolean(), seq }),
  z.object({ t: z.literal('ack'), seq }),
  z.object({ t: z.literal('dtmf'), digits: z.string().check(z.regex(/^[0-9*#A-D]{1,32}$/)) }),
]);

export type ControlMessage = z.infer<typeof controlMessageSchema>;
export const maxControlBytes = 1_024;
