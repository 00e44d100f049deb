// What a browser lacks for the calls an integrator wants to offer, checked
// against injected fake environments, and how browser media errors become
// Ringline errors with a remedy a support person can read out.
import { describe, expect, it } from 'vitest';
import { checkEnvironment, checkPermissions, RinglineError, toErrorInfo, type EnvironmentProblem } from '../src/index.js';

type FakeEnvironment = NonNullable<Parameters<typeof checkEnvironment>[1]>;
type FakeNavigator = NonNullable<FakeEnvironment['navigator']>;

const desktopChromeAgent =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const iPhoneSafariAgent =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Desktop Chrome on an https page, with any part replaced or removed. */
function desktopChrome(changes: { env?: Partial<FakeEnvironment>; navigator?: Partial<FakeNavigator> } = {}): FakeEnvironment {
  return {
    RTCPeerConnection: class RTCPeerConnection {},
    isSecureContext: true,
    ...changes.env,
    navigator: {
      userAgent: desktopChromeAgent,
      userAgentData: { mobile: false },
      mediaDevices: { getUserMedia: async () => ({}), getDisplayMedia: async () => ({}) },
      ...changes.navigator,
    },
  };
}

const codes = (env: FakeEnvironment, requirements = {}) => checkEnvironment(requirements, env).problems.map((problem) => problem.code);

describe('checkEnvironment', () => {
  it('desktop Chrome on an https page can take every kind of call', () => {
    const report = checkEnvironment({ desktopOnly: true, screenShare: true }, desktopChrome());
    expect(report).toEqual({ ok: true, problems: [] });
  });

  it('a browser without RTCPeerConnection cannot make calls: noWebRTC', () => {
    const report = checkEnvironment({}, desktopChrome({ env: { RTCPeerConnection: undefined } }));
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.code)).toEqual(['noWebRTC']);
  });

  it('a browser without navigator.mediaDevices gives no microphone or camera: noMediaDevices', () => {
    expect(codes(desktopChrome({ navigator: { mediaDevices: undefined } }))).toEqual(['noMediaDevices']);
    expect(codes(desktopChrome({ navigator: { mediaDevices: { getDisplayMedia: async () => ({}) } } }))).toEqual(['noMediaDevices']);
  });

  it('screen sharing is only a problem when it is required and getDisplayMedia is missing', () => {
    const noDisplayMedia = desktopChrome({ navigator: { mediaDevices: { getUserMedia: async () => ({}) } } });
    expect(codes(noDisplayMedia, { screenShare: true })).toEqual(['noScreenShare']);
    expect(codes(noDisplayMedia, { screenShare: false })).toEqual([]);
    expect(codes(noDisplayMedia)).toEqual([]);
  });

  it('an agent desk that requires a desktop refuses a phone identified by its user agent: mobileBrowser', () => {
    const iPhone = desktopChrome({ navigator: { userAgent: iPhoneSafariAgent, userAgentData: undefined } });
    expect(codes(iPhone, { desktopOnly: true })).toEqual(['mobileBrowser']);
    // A visitor widget that does not require a desktop accepts the same phone.
    expect(codes(iPhone)).toEqual([]);
  });

  it('userAgentData.mobile identifies a phone even when the user agent string looks like a desktop', () => {
    const reportsMobile = desktopChrome({ navigator: { userAgentData: { mobile: true } } });
    expect(codes(reportsMobile, { desktopOnly: true })).toEqual(['mobileBrowser']);
  });

  it('a page that is not a secure context cannot call: insecureContext', () => {
    expect(codes(desktopChrome({ env: { isSecureContext: false } }))).toEqual(['insecureContext']);
  });

  it('a browser that lacks everything gets every problem, each with a remedy to read out', () => {
    const report = checkEnvironment(
      { desktopOnly: true, screenShare: true },
      { isSecureContext: false, navigator: { userAgent: iPhoneSafariAgent } },
    );
    expect(report.ok).toBe(false);
    const all: EnvironmentProblem[] = ['insecureContext', 'noWebRTC', 'noMediaDevices', 'noScreenShare', 'mobileBrowser'];
    expect(report.problems.map((problem) => problem.code).sort()).toEqual([...all].sort());
    for (const problem of report.problems) {
      expect(typeof problem.remedy).toBe('string');
      expect(problem.remedy.trim().length, `remedy for ${problem.code}`).toBeGreaterThan(10);
    }
    // Each remedy says something specific to its problem.
    expect(new Set(report.problems.map((problem) => problem.remedy)).size).toBe(all.length);
  });

  it('an iPad that reports a desktop Macintosh agent is still a mobile browser', () => {
    // Safari has no userAgentData.
    const macAgent = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
    const iPad = desktopChrome({ navigator: { userAgent: macAgent, userAgentData: undefined, maxTouchPoints: 5 } });
    const mac = desktopChrome({ navigator: { userAgent: macAgent, userAgentData: undefined, maxTouchPoints: 0 } });
    expect(codes(iPad, { desktopOnly: true })).toEqual(['mobileBrowser']);
    expect(codes(mac, { desktopOnly: true })).toEqual([]);
  });
});

describe('toErrorInfo turns browser media errors into Ringline errors', () => {
  it('a NotAllowedError is permissionDenied for the device that was asked for', () => {
    const info = toErrorInfo({ name: 'NotAllowedError' }, 'commandFailed', 'microphone', 'call-7');
    expect(info).toMatchObject({ code: 'permissionDenied', device: 'microphone', callId: 'call-7' });
  });

  it('a real DOMException keeps its message', () => {
    const info = toErrorInfo(new DOMException('Permission denied by system', 'NotAllowedError'), 'commandFailed', 'screen');
    expect(info).toEqual({ code: 'permissionDenied', message: 'Permission denied by system', device: 'screen' });
  });

  it('a NotReadableError (the camera is busy in another app) is deviceUnavailable', () => {
    const info = toErrorInfo({ name: 'NotReadableError' }, 'commandFailed', 'camera');
    expect(info).toMatchObject({ code: 'deviceUnavailable', device: 'camera' });
  });

  it('an error the browser does not name keeps the fallback code and names no device', () => {
    const info = toErrorInfo(new Error('socket closed'), 'connectFailed', 'microphone');
    expect(info).toEqual({ code: 'connectFailed', message: 'socket closed' });
  });

  it('a permissionDenied error for the camera has a remedy about the camera', () => {
    const error = new RinglineError('permissionDenied', 'Camera blocked', { device: 'camera' });
    expect(error.remedy).toMatch(/camera/i);
    expect(error.remedy).not.toBe(new RinglineError('permissionDenied', 'Blocked').remedy);
    expect(error.toJSON()).toMatchObject({ code: 'permissionDenied', device: 'camera', remedy: error.remedy });
  });

  it('an error-like object that is not an Error keeps its message, and a RinglineError keeps its call', () => {
    expect(toErrorInfo({ name: 'NotAllowedError', message: 'Permission denied' }, 'connectFailed', 'microphone').message).toBe('Permission denied');
    expect(toErrorInfo(new RinglineError('unknownCall', 'gone', { callId: 'c9' }), 'commandFailed')).toMatchObject({ code: 'unknownCall', callId: 'c9' });
  });
});

describe('tablets and odd arguments', () => {
  it('Chrome on an Android tablet says mobile: false, yet a desktop-only page reports it', () => {
    const tablet = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
    expect(codes(desktopChrome({ navigator: { userAgent: tablet, userAgentData: { mobile: false } } }), { desktopOnly: true })).toEqual(['mobileBrowser']);
    expect(codes(desktopChrome(), { desktopOnly: true })).toEqual([]);
  });

  it('null requirements mean none', () => {
    expect(checkEnvironment(null, desktopChrome())).toEqual({ ok: true, problems: [] });
  });
});

describe('permissions before any call (002: a refused microphone means the caller hears silence)', () => {
  const withPermissions = (answers: Record<string, string | Error>) => desktopChrome({
    navigator: {
      permissions: {
        async query({ name }: { name: string }) {
          const answer = answers[name];
          if (answer instanceof Error || answer === undefined) throw answer ?? new TypeError(`${name} is not a permission name`);
          return { state: answer };
        },
      },
    },
  });

  it('says which devices are granted, refused or still to be asked, with the remedy for a refused one', async () => {
    const report = await checkPermissions(['microphone', 'camera'], withPermissions({ microphone: 'denied', camera: 'prompt' }));
    expect(report.states).toEqual({ microphone: 'denied', camera: 'prompt' });
    expect(report.denied).toEqual([{ device: 'microphone', remedy: expect.stringMatching(/microphone/i) }]);
    expect((await checkPermissions(undefined, withPermissions({ microphone: 'granted' }))).states).toEqual({ microphone: 'granted' });
  });

  it('a browser that will not say (no Permissions API, an unknown name, an odd answer) is unknown, never a refusal', async () => {
    expect(await checkPermissions(['microphone', 'camera'], desktopChrome())).toEqual({ states: { microphone: 'unknown', camera: 'unknown' }, denied: [] });
    const odd = await checkPermissions(['microphone', 'camera'], withPermissions({ microphone: 'maybe' }));
    expect(odd).toEqual({ states: { microphone: 'unknown', camera: 'unknown' }, denied: [] });
  });
});
