/**
 * The database file cannot be opened: its directory could not be made (`mkdir`), a parent is a file
 * (`not-a-directory`), or SQLite refused the file (`open`). `path` is absolute; `detail` is the system's
 * reason (an errno code or SQLite's message). The CLI turns it into an operator message.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(
    readonly path: string,
    readonly reason: 'mkdir' | 'not-a-directory' | 'open',
    readonly detail: string,
    /** The directory or file that is in the way (for `mkdir` and `not-a-directory`). */
    readonly at: string = path,
  ) {
    super(`cannot open database ${path}: ${reason} ${detail} (${at})`);
  }
}
