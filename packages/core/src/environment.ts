// What a browser lacks for the calls an integrator wants to offer. Reads an
// injected environment so it runs (and is tested) anywhere; defaults to globalThis.
import { remedyFor } from './errors.js';

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
    permissions?: { query(descriptor: { name: string }): Promise<{ state: string }> };
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

/** `unknown`: the browser will not say (no Permissions API, or none for this device): the first call asks. */
export type PermissionState = 'granted' | 'denied' | 'prompt' | 'unknown';

export interface PermissionReport {
  states: Partial<Record<'microphone' | 'camera', PermissionState>>;
  /** Devices already refused, with the remedy support reads out (002: without it the caller hears silence). */
  denied: { device: 'microphone' | 'camera'; remedy: string }[];
}

/**
 * Whether the browser has already granted or refused the microphone (and
 * camera) before any call: an agent can fix a refused microphone before a
 * hand-off rings into silence (002, 004's FAQ). Never prompts.
 */
export async function checkPermissions(devices: readonly ('microphone' | 'camera')[] = ['microphone'], env: EnvironmentLike = globalThis as EnvironmentLike): Promise<PermissionReport> {
  const report: PermissionReport = { states: {}, denied: [] };
  for (const device of devices) {
    let state: PermissionState = 'unknown';
    try {
      const answer = (await env.navigator?.permissions?.query({ name: device }))?.state;
      if (answer === 'granted' || answer === 'denied' || answer === 'prompt') state = answer;
    } catch {
      // A browser that knows no permission of this name (Firefox and the camera, say) throws: it will ask on the call.
    }
    report.states[device] = state;
    if (state === 'denied') report.denied.push({ device, remedy: remedyFor('permissionDenied', device) });
  }
  return report;
}
