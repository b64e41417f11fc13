/**
 * Completion codes: `HVS-XXXX-XXXX-XXX`, 10 random Crockford base-32 symbols (50 bits: not guessable)
 * and one check symbol that catches a mistyped or swapped symbol before the database is asked.
 * Crockford's alphabet has no I, L, O, U, so codes read aloud or typed on a phone are unambiguous;
 * when checking, O is read as 0 and I/L as 1, case and separators are ignored.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_SYMBOLS = 10;
const PREFIX = 'HVS';

function checkSymbol(symbols: string): string {
  let sum = 0;
  for (let i = 0; i < symbols.length; i++) sum += (i + 1) * ALPHABET.indexOf(symbols[i] ?? '0');
  return ALPHABET[sum % 31] ?? '0';
}

function display(body: string, prefix = PREFIX): string {
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}

/**
 * Builds a code from random bytes (at least 7 bytes; 5 bits per symbol, so every symbol is uniform).
 * `prefix` names the kind of code: `HVS` completion codes, `CB` officer invitations.
 */
export function makeCompletionCode(bytes: Uint8Array, prefix = PREFIX): string {
  if (bytes.length < 7) throw new RangeError('need at least 7 random bytes');
  let bits = 0n;
  for (const b of bytes.slice(0, 7)) bits = (bits << 8n) | BigInt(b);
  let symbols = '';
  for (let i = 0; i < RANDOM_SYMBOLS; i++) symbols += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return display(symbols + checkSymbol(symbols), prefix);
}

/** The canonical form of a typed code, or undefined when it cannot be one (wrong length or check symbol). */
export function canonicalCompletionCode(input: string, prefix = PREFIX): string | undefined {
  let s = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (s.startsWith(prefix) && s.length === prefix.length + RANDOM_SYMBOLS + 1) s = s.slice(prefix.length);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RANDOM_SYMBOLS + 1 || [...s].some((c) => !ALPHABET.includes(c))) return undefined;
  const body = s.slice(0, RANDOM_SYMBOLS);
  return checkSymbol(body) === s.slice(RANDOM_SYMBOLS) ? display(s, prefix) : undefined;
}

/**
 * Why a typed code is or is not a code: `shape` (wrong length or letters), `check` (the right shape but
 * the check symbol fails: a mistyped symbol), or `ok` with the canonical form (then ask the database).
 */
export function inspectCompletionCode(input: string, prefix = PREFIX): { kind: 'shape' } | { kind: 'check' } | { kind: 'ok'; code: string } {
  let s = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (s.startsWith(prefix) && s.length === prefix.length + RANDOM_SYMBOLS + 1) s = s.slice(prefix.length);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RANDOM_SYMBOLS + 1 || [...s].some((c) => !ALPHABET.includes(c))) return { kind: 'shape' };
  return checkSymbol(s.slice(0, RANDOM_SYMBOLS)) === s.slice(RANDOM_SYMBOLS) ? { kind: 'ok', code: display(s, prefix) } : { kind: 'check' };
}
