// 001/003's dial pad: touch tones for a phone menu, sent on the live call.
const keys = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'], ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'], ['*', ''], ['0', '+'], ['#', ''],
] as const;

const testIdOf = (key: string) => `dialpad-key-${key === '*' ? 'star' : key === '#' ? 'hash' : key}`;

export interface DialPadProps {
  onDigit(digit: string): void;
  sent: string;
  disabled?: boolean;
}

export function DialPad({ onDigit, sent, disabled = false }: DialPadProps) {
  return (
    <div className="dialpad" role="group" aria-label="Dial pad">
      <output className="dialpad__display" aria-live="polite">{sent || '\u00a0'}</output>
      <div className="dialpad__keys">
        {keys.map(([key, letters]) => (
          <button key={key} type="button" className="dialpad__key" data-testid={testIdOf(key)} disabled={disabled} onClick={() => onDigit(key)}>
            <span className="dialpad__digit">{key}</span>
            <span className="dialpad__letters">{letters}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
