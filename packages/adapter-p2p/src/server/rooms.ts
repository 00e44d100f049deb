// Room rules of the reference server: a room is one call, two members at
// most; the ring comes first, then one answer from the other member, and only
// then peer signals. Anything out of that order is refused to its sender.
import type { ClientMessage, Party, ServerMessage, SignalingErrorCode } from '../signaling/messages.js';

export interface Member {
  readonly id: number;
  send(message: ServerMessage): void;
}

interface Room {
  members: Map<Member, Party>;
  ring?: { from: Member; media: 'audio' | 'video' };
  answered: boolean;
  ended: boolean;
}

export interface Rooms {
  /** The token was already accepted by `authorize`; `answered` only shapes a room that does not exist yet. */
  join(member: Member, room: string, party: Party, answered?: boolean): void;
  handle(member: Member, message: Exclude<ClientMessage, { type: 'join' }>): void;
  /** The member's connection closed: `left` when it closed it cleanly, `lost` when it died. */
  leaveAll(member: Member, how: 'left' | 'lost'): void;
  readonly size: number;
}

export const maxMembers = 2;

/** Ended rooms remembered after their last member left, oldest forgotten first: a replayed link must not open a new call. */
export const endedRoomsKept = 10_000;

export function createRooms(): Rooms {
  const rooms = new Map<string, Room>();
  const endedRooms = new Set<string>();

  const refuse = (member: Member, room: string, code: SignalingErrorCode, message: string) =>
    member.send({ type: 'error', room, code, message });
  const others = (room: Room, member: Member) => [...room.members.keys()].filter((other) => other !== member);
  const relay = (room: Room, from: Member, message: ServerMessage) => {
    for (const other of others(room, from)) other.send(message);
  };

  function leave(member: Member, name: string, room: Room, how: 'left' | 'lost'): void {
    if (!room.members.delete(member)) return;
    // A caller who leaves before the answer takes the ring with them.
    if (room.ring?.from === member && !room.answered) room.ring = undefined;
    if (room.members.size === 0) {
      rooms.delete(name);
      if (room.ended) remember(name);
    } else relay(room, member, { type: 'peerLeft', room: name, how });
  }

  function remember(name: string): void {
    endedRooms.add(name);
    if (endedRooms.size > endedRoomsKept) endedRooms.delete(endedRooms.values().next().value!);
  }

  return {
    get size() {
      return rooms.size;
    },
    join(member, name, party, answered = false) {
      let room = rooms.get(name);
      if (room?.ended || endedRooms.has(name)) return refuse(member, name, 'roomEnded', `The call in room ${name} has ended`);
      // Joining again (a join whose answer was lost or came too late) is answered again, not ignored.
      if (room?.members.has(member)) return member.send({ type: 'joined', room: name, others: [...room.members].filter(([other]) => other !== member).map(([, party]) => party) });
      if (room && room.members.size >= maxMembers) return refuse(member, name, 'roomFull', `Room ${name} already has ${maxMembers} members`);
      if (!room) {
        room = { members: new Map(), answered, ended: false };
        rooms.set(name, room);
      }
      // Recreated after a restart by the member that had not seen the answer: the one that had brings it.
      if (answered) room.answered = true;
      const present = [...room.members.values()];
      room.members.set(member, party);
      member.send({ type: 'joined', room: name, others: present });
      relay(room, member, { type: 'peerJoined', room: name, party });
      // A callee who arrives after the ring (a call link opened late) still hears it.
      if (room.ring && !room.answered && room.ring.from !== member) {
        member.send({ type: 'ring', room: name, media: room.ring.media, from: room.members.get(room.ring.from) ?? {} });
      }
    },
    handle(member, message) {
      const name = message.room;
      const room = rooms.get(name);
      if (!room || !room.members.has(member)) return refuse(member, name, 'notJoined', `Join room ${name} before sending ${message.type}`);
      switch (message.type) {
        case 'leave':
          return leave(member, name, room, 'left');
        case 'ring':
          if (room.ring || room.ended) return refuse(member, name, 'outOfOrder', `Room ${name} has already rung`);
          room.ring = { from: member, media: message.media };
          return relay(room, member, { type: 'ring', room: name, media: message.media, from: room.members.get(member) ?? {} });
        case 'answer':
          if (!room.ring || room.ring.from === member || room.answered || room.ended) {
            return refuse(member, name, 'outOfOrder', `Nothing to answer in room ${name}`);
          }
          room.answered = true;
          return relay(room, member, message);
        case 'signal':
        case 'restart':
          if (!room.answered || room.ended) return refuse(member, name, 'outOfOrder', `The call in room ${name} is not answered`);
          return relay(room, member, message);
        case 'bye':
          if (room.ended) return;
          room.ended = true;
          return relay(room, member, message);
      }
    },
    leaveAll(member, how) {
      for (const [name, room] of rooms) leave(member, name, room, how);
    },
  };
}
