// The signaling room of a link call, named from the link's id. Shared by the
// server (which mints tokens for it) and the desk page (which waits in it), so
// it imports nothing: the page must not pull the link-signing code along.
export const roomOfLink = (linkId: string): string => `link-${linkId}`;
