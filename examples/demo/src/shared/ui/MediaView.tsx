// A <video> bound to one side of a call's streams from the p2p adapter. It is
// always muted: the adapter plays the far side's audio itself (volume, speaker).
import type { P2PAdapter } from '@ringline/adapter-p2p';
import { useEffect, useRef } from 'react';

export interface MediaViewProps {
  adapter: Pick<P2PAdapter, 'streams$' | 'getStreams'>;
  callId: string;
  side: 'local' | 'remote';
  testId: string;
  hidden?: boolean;
  mirrored?: boolean;
}

export function MediaView({ adapter, callId, side, testId, hidden = false, mirrored = false }: MediaViewProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const attach = (stream: MediaStream | undefined) => {
      const element = video.current;
      if (element && element.srcObject !== (stream ?? null)) {
        element.srcObject = stream ?? null;
        if (stream) element.play().catch(() => undefined);
      }
    };
    attach(adapter.getStreams(callId)[side]);
    const subscription = adapter.streams$.subscribe((streams) => {
      if (streams.callId === callId) attach(streams[side]);
    });
    return () => subscription.unsubscribe();
  }, [adapter, callId, side]);
  return <video ref={video} data-testid={testId} className={`media-view media-view--${side}${mirrored ? ' media-view--mirrored' : ''}`} hidden={hidden} autoPlay playsInline muted />;
}
