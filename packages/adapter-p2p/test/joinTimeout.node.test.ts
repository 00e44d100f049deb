// A join the server answers only after joinMs gave up: the adapter leaves
// the room it may have been let into, and the next join of it works.
import { describe, expect, it } from 'vitest';
import { createNodeSide, disposedAfterEach, pause, tokenFor, tokens, useSignalingServer } from './nodeHarness.js';

let slowOnce = true;
const { server } = useSignalingServer(async (token, room) => {
  if (slowOnce) { slowOnce = false; await pause(800); } // one slow backend check
  return tokens.authorize(token, room);
});
const sides = disposedAfterEach();

describe('a join that timed out', () => {
  it('can be tried again once the server is quick again', async () => {
    const side = createNodeSide(server(), 'Visitor', { timeouts: { joinMs: 500 } });
    sides.push(side);
    const room = `join-timeout-${process.pid}`;
    await pause(100); // the socket is open
    await expect(side.adapter.watchRoom({ room, token: tokenFor(room) })).rejects.toMatchObject({ code: 'connectFailed' });
    await pause(600); // the slow check has passed; the server has let us in meanwhile
    expect(server().rooms).toBe(0); // the late admission was left: no member the adapter does not know it is
    // The user opens the link again.
    await expect(side.adapter.watchRoom({ room, token: tokenFor(room) })).resolves.toBeUndefined();
  });
});
