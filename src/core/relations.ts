import type { Session } from './session.ts';

/**
 * Two-way invisibility between two users (blocks are symmetric). Admins are exempt unless
 * BlockableAdmins is on, in which case only an admin who used /unmute-all is exempt.
 */
export function blocking(a: Session, b: Session, blockableAdmins: boolean): boolean {
  if (!blockableAdmins) {
    if (a.isOp || b.isOp) return false;
  } else if ((a.isOp && a.unblockable) || (b.isOp && b.unblockable)) {
    return false;
  }
  return a.blocked.has(b.username) || b.blocked.has(a.username);
}

/** Whether a broadcast attributed to `senderName` (sent by `sender` if online) reaches `recipient`. */
export function receivesBroadcast(
  recipient: Session,
  senderName: string | undefined,
  sender: Session | undefined,
  vipChannel: boolean,
  blockableAdmins: boolean,
): boolean {
  if (senderName && recipient.muted.has(senderName)) return false;
  if (sender && blocking(sender, recipient, blockableAdmins)) return false;
  if (vipChannel && !recipient.isVIP && !recipient.isOp) return false;
  return true;
}
