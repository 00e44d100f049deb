// A round picture of who is on the other end, or their initials.
const palette = ['#2563eb', '#7c3aed', '#db2777', '#059669', '#d97706'];

export interface AvatarProps {
  name?: string | undefined;
  url?: string | undefined;
  size?: number;
  ringing?: boolean;
}

export function Avatar({ name, url, size = 56, ringing = false }: AvatarProps) {
  const label = name ?? 'Unknown caller';
  // Initials of the words that start with a letter: "Maya (visitor)" is M, "Ann Lee" is AL.
  const initials = label.split(/\s+/).filter((word) => /^\p{L}/u.test(word)).map((word) => word[0]).join('').slice(0, 2).toUpperCase() || '#';
  let hash = 0;
  for (const char of label) hash = (hash + char.charCodeAt(0)) % palette.length;
  return (
    <span className={`avatar${ringing ? ' avatar--ringing' : ''}`} style={{ width: size, height: size, fontSize: size * 0.38, background: palette[hash] }} aria-hidden="true">
      {url ? <img src={url} alt="" width={size} height={size} /> : initials}
    </span>
  );
}
