// What this browser lacks for calls (002: a desktop browser, a microphone),
// with the remedy, from core's checkEnvironment and checkPermissions (a
// microphone already refused, before a call rings into silence). Nothing when
// all is well.
import { checkEnvironment, checkPermissions, type EnvironmentRequirements, type PermissionReport } from '@ringline/core';
import { useEffect, useMemo, useState } from 'react';

export function EnvironmentNotice({ requirements }: { requirements: EnvironmentRequirements }) {
  const { desktopOnly, screenShare } = requirements;
  const report = useMemo(() => checkEnvironment({ desktopOnly, screenShare }), [desktopOnly, screenShare]);
  const [denied, setDenied] = useState<PermissionReport['denied']>([]);
  useEffect(() => {
    let current = true;
    void checkPermissions(['microphone']).then((permissions) => current && setDenied(permissions.denied));
    return () => {
      current = false;
    };
  }, []);
  if (report.ok && denied.length === 0) return null;
  return (
    <div className="notice notice--warn environment" role="status" data-testid="environment">
      {report.problems.map((problem) => <p key={problem.code}>{problem.remedy}</p>)}
      {denied.map((refused) => <p key={refused.device}>{refused.remedy}</p>)}
    </div>
  );
}
