/** What an inbound SMS asks for: stop texts, start them again, or help. */
export type SmsKeywordAction = 'opt_out' | 'opt_in' | 'help';

export interface SmsKeyword {
  action: SmsKeywordAction;
  /** The keyword as matched, upper-cased (stored with the reply). */
  keyword: string;
}

// The CTIA / Twilio standard opt-out, opt-in and help keywords.
const ACTIONS: Readonly<Record<string, SmsKeywordAction>> = {
  STOP: 'opt_out', STOPALL: 'opt_out', UNSUBSCRIBE: 'opt_out', CANCEL: 'opt_out', END: 'opt_out', QUIT: 'opt_out', REVOKE: 'opt_out', OPTOUT: 'opt_out',
  START: 'opt_in', UNSTOP: 'opt_in', YES: 'opt_in',
  HELP: 'help', INFO: 'help',
};

/**
 * The keyword an inbound SMS is, or null for any other text. The whole
 * message must be the keyword, in any case, ignoring surrounding whitespace
 * and closing punctuation ("Stop." and " stop! " opt out; "stop texting me
 * about cake" is a reply, not a keyword, as with Twilio's own handling).
 */
export function parseSmsKeyword(body: string | null | undefined): SmsKeyword | null {
  if (typeof body !== 'string') return null;
  const word = body.trim().replace(/[.!?]+$/, '').trim().toUpperCase();
  const action = Object.prototype.hasOwnProperty.call(ACTIONS, word) ? ACTIONS[word] : undefined;
  return action ? { action, keyword: word } : null;
}
