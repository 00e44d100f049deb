// Starts the demo exactly as a user does (its server on 127.0.0.1, port
// picked by the OS) and reads the two URLs it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningDemo {
  origin: string;
  visitorUrl: string;
  deskUrl(agent: string): string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const demoRoot = fileURLToPath(new URL('..', import.meta.url));

export function startDemo(env: Record<string, string> = {}): Promise<RunningDemo> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: demoRoot,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
  return new Promise<RunningDemo>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The demo server printed no URLs within 30 s:\n${printed}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      printed += chunk.toString();
      const visitor = /Visitor widget:\s+(http:\/\/127\.0\.0\.1:\d+)\/visitor\.html/.exec(printed);
      const desk = /Agent desk:\s+http:\/\/127\.0\.0\.1:\d+\/desk\.html/.exec(printed);
      if (!visitor || !desk) return;
      clearTimeout(timer);
      const origin = visitor[1]!;
      resolve({
        origin,
        visitorUrl: `${origin}/visitor.html`,
        deskUrl: (agent) => `${origin}/desk.html?agent=${encodeURIComponent(agent)}`,
        output: () => printed,
        stop,
      });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The demo server exited (${code ?? signal}) before printing its URLs:\n${printed}`));
    });
  });
}
