// Call links end to end (003, 004): the agent signs a one-time link on the
// desk and waits with ringback; a guest opens it, the call connects with
// audio both ways, the agent sees the guest join and leave, the escalation
// report carries no token, and the same link is refused the second time. A
// guest who closes the tab has left too: the call waits for them, it does not
// reconnect to nobody.
import { describe, expect, it } from 'vitest';
import { mediaGrowth } from './media.js';
import { open, openDesk, screenshot, waitForStatus } from './pages.js';
import { demoSuite } from './suite.js';

const suite = demoSuite();

/** The agent signs a one-time audio link for a guest and waits on it; the guest opens it and is connected. */
async function connectedLinkCall(guestName: string) {
  const desk = suite.keep(await openDesk(suite.browser, suite.demo, 'ann'));
  await desk.page.getByTestId('call-link-target').selectOption('__guest__');
  await desk.page.getByTestId('call-link-guest-name').fill(guestName);
  await desk.page.getByTestId('call-link-media-audio').check();
  await desk.page.getByTestId('create-link').click();
  const urlField = desk.page.getByTestId('call-link-url');
  await urlField.waitFor();
  const link = await urlField.inputValue();
  await desk.page.getByTestId('wait-for-client').click();
  await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status')).toBe('waiting');
  const guest = await open(suite.browser, link, suite.demo.origin);
  await waitForStatus(guest.page, /connected/i);
  await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
  return { desk, guest, link };
}

describe('call links', () => {
  it('a one-time link: the guest joins, audio flows both ways, the agent sees joined then left, and the link cannot be used again', async () => {
    const desk = suite.keep(await openDesk(suite.browser, suite.demo, 'ann'));
    await desk.page.getByTestId('call-link-target').selectOption('__guest__');
    await desk.page.getByTestId('call-link-guest-name').fill('Dana Guest');
    await desk.page.getByTestId('call-link-media-audio').check();
    await desk.page.getByTestId('create-link').click();
    const urlField = desk.page.getByTestId('call-link-url');
    await urlField.waitFor();
    const link = await urlField.inputValue();
    expect(link).toMatch(new RegExp(`^${suite.demo.origin}/join\\.html\\?t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    const token = new URL(link).searchParams.get('t')!;

    await desk.page.getByTestId('wait-for-client').click();
    await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status')).toBe('waiting');

    const guest = suite.keep(await open(suite.browser, link, suite.demo.origin));
    await waitForStatus(guest.page, /connected/i);
    await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
    const [atGuest, atDesk] = await Promise.all([mediaGrowth(guest.page, 1_500), mediaGrowth(desk.page, 1_500)]);
    expect(atGuest.audioPacketsReceived, 'audio packets arriving at the guest').toBeGreaterThan(20);
    expect(atDesk.audioPacketsReceived, 'audio packets arriving at the desk').toBeGreaterThan(20);
    await screenshot(desk.page, 'desk-link-call-connected');
    await screenshot(guest.page, 'guest-link-call-connected');

    // 004's escalation information: JSON with the link's page but not its token.
    await desk.page.getByTestId('collect-diagnostics').click();
    const report = await desk.page.getByTestId('diagnostics').textContent();
    const parsed = JSON.parse(report!) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).toContain('ann');
    expect(report).not.toContain(token);
    expect(report).not.toContain(token.split('.')[1]!);

    await guest.page.getByTestId('hang-up').click();
    await guest.page.getByTestId('call-ended').waitFor();
    await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('left');
    await desk.page.getByTestId('hang-up').click();
    await desk.page.getByTestId('link-status').waitFor({ state: 'detached' });

    const again = suite.keep(await open(suite.browser, link, suite.demo.origin));
    const refusal = again.page.getByTestId('join-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('alreadyUsed');
    expect(await again.page.getByTestId('join-error-remedy').textContent()).toMatch(/used.*ask the agent for a new link/i);
    expect(await again.page.evaluate(() => window.__ringline === undefined), 'a refused link never starts an engine or joins a room').toBe(true);
    await screenshot(again.page, 'guest-link-already-used');
  });

  it('a guest who closes the tab has left: the agent sees it, and the call waits instead of reconnecting', async () => {
    const { desk, guest } = await connectedLinkCall('Lee Guest');
    await guest.context.close();
    await expect.poll(() => desk.page.getByTestId('link-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('left');
    // The guest's media has gone with the tab; ICE notices within seconds. The call stays connected, waiting.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await desk.page.getByTestId('link-status').getAttribute('data-status')).toBe('left');
    expect(await desk.page.getByTestId('call-status').textContent()).not.toMatch(/reconnecting/i);
    await desk.page.getByTestId('hang-up').click();
    await desk.page.getByTestId('link-status').waitFor({ state: 'detached' });
  });

  it('an agent who closes the desk tab has left too: the guest is told, and can hang up', async () => {
    const { desk, guest } = await connectedLinkCall('Kim Guest');
    suite.keep(guest);
    await desk.context.close();
    await guest.page.getByTestId('remote-left').waitFor({ timeout: 15_000 });
    expect(await guest.page.getByTestId('call-status').textContent()).not.toMatch(/reconnecting/i);
    await guest.page.getByTestId('hang-up').click();
    await guest.page.getByTestId('call-ended').waitFor();
  });
});
