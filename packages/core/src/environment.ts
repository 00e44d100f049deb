// What a browser lacks for the calls an integrator wants to offer. Reads an
// injected environment so it runs (and is tested) anywhere; defaults to globalThis.

export type EnvironmentProblem = 'noWebRTC' | 'noMediaDevices' | 'noScreenShare' | 'mobileBrowser' | 'insecureContext';

export interface EnvironmentReport {
  ok: boolean;
  problems: { code: EnvironmentProblem; remedy: string }[];
}

export interface EnvironmentRequirements {
  /** 002: the agent side may require a desktop browser. */
  desktopOnly?: boolean;
  screenShare?: boolean;
}

interface EnvironmentLike {
  RTCPeerConnection?: unknown;
  isSecureContext?: boolean;
  navigator?: {
    userAgent?: string;
    userAgentData?: { mobile?: boolean };
    maxTouchPoints?: number;
    mediaDevices?: { getUserMedia?: unknown; getDisplayMedia?: unknown };
  };
}

const remedies: Record<EnvironmentProblem, string> = {
  noWebRTC: 'This browser cannot make calls; use a current Chrome, Edge, Firefox or Safari.',
  noMediaDevices: 'The browser gives no access to microphone or camera; open the page over https in a current browser.',
  noScreenShare: 'This browser cannot share the screen; Chrome or Edge on a desktop are recommended.',
  mobileBrowser: 'Calls here need a desktop browser; switch to a computer.',
  insecureContext: 'Calls need a secure page; open it over https (or localhost).',
};

const mobileAgent = /Android|iPhone|iPad|iPod|Mobile/i;

export function checkEnvironment(requirements: EnvironmentRequirements | null = {}, env: EnvironmentLike = globalThis as EnvironmentLike): EnvironmentReport {
  requirements ??= {};
  const codes: EnvironmentProblem[] = [];
  const nav = env.navigator;
  if (env.isSecureContext === false) codes.push('insecureContext');
  if (typeof env.RTCPeerConnection !== 'function') codes.push('noWebRTC');
  if (typeof nav?.mediaDevices?.getUserMedia !== 'function') codes.push('noMediaDevices');
  if (requirements.screenShare && typeof nav?.mediaDevices?.getDisplayMedia !== 'function') codes.push('noScreenShare');
  const agent = nav?.userAgent ?? '';
  // iPadOS Safari reports a desktop "Macintosh" agent; its touch screen gives it away.
  const iPad = /Macintosh/.test(agent) && (nav?.maxTouchPoints ?? 0) > 1;
  // Chrome on a tablet reports `mobile: false` (the phone layout is what it means), yet it is no desktop browser.
  const mobile = nav?.userAgentData?.mobile === true || mobileAgent.test(agent) || iPad;
  if (requirements.desktopOnly && mobile) codes.push('mobileBrowser');
  return { ok: codes.length === 0, problems: codes.map((code) => ({ code, remedy: remedies[code] })) };
}
