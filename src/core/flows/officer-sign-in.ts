import type { OfficerService } from '../../officers/officer-service.js';
import { LINK_MINUTES, type SignInLinks } from '../../officers/sign-in-links.js';
import { foldDiacritics } from '../../knowledge/normalize.js';
import { dashboardTexts } from '../texts.js';
import type { Outbound } from '../types.js';
import type { FlowDeps, Turn } from './context.js';

/** What the officer-only dashboard sign-in needs; absent (terminal chat, tests) = the command does not exist. */
export interface OfficerSignInDeps {
  officers: OfficerService;
  signInLinks: SignInLinks;
}

/** `/dangnhap` (also `/đăngnhập`, `/login`, with an optional `@BotName`). */
function isSignInCommand(text: string): boolean {
  const m = /^\/([^\s@]+)(?:@\S+)?$/u.exec(text.trim());
  return m !== null && ['dangnhap', 'login'].includes(foldDiacritics(m[1] ?? '').replace(/[^a-z]/g, ''));
}

/**
 * `/dangnhap`: an officer gets a one-time link to the dashboard. For anyone else the command does not
 * exist: the attempt is logged (OfficerService.denied) and undefined is returned, so the message is
 * handled like any other text and the person gets the ordinary reply.
 */
export function officerSignIn(deps: FlowDeps, turn: Turn, text: string): Outbound[] | undefined {
  if (!isSignInCommand(text) || !deps.signIn) return undefined;
  const { officers, signInLinks } = deps.signIn;
  const { channel, userId } = turn.inbound;
  if (!officers.find(channel, userId)) {
    officers.denied(channel, userId, 'dangnhap');
    return undefined;
  }
  const link = signInLinks.issue({ channel, platformUserId: userId });
  return [{ text: dashboardTexts.signInLink(link.url, LINK_MINUTES) }];
}
