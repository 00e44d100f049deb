// What this browser lacks for calls (002: a desktop browser, a microphone),
// with the remedy, from core's checkEnvironment. Nothing when all is well.
import { checkEnvironment, type EnvironmentRequirements } from '@ringline/core';
import { useMemo } from 'react';

export function EnvironmentNotice({ requirements }: { requirements: EnvironmentRequirements }) {
  const { desktopOnly, screenShare } = requirements;
  const report = useMemo(() => checkEnvironment({ desktopOnly, screenShare }), [desktopOnly, screenShare]);
  if (report.ok) return null;
  return (
    <div className="notice notice--warn environment" role="status" data-testid="environment">
      {report.problems.map((problem) => <p key={problem.code}>{problem.remedy}</p>)}
    </div>
  );
}
