/**
 * Whether the database takes writes (a full disk, a file-size limit, a read-only mount): writers report
 * each failure and success here, `/readyz` shows the problem, and the service keeps what it could not
 * record in memory instead of repeating work (see the dispatcher's delivery ledger).
 */
export class WriteHealth {
  private failingSince?: number;
  private lastCode?: string;

  constructor(private readonly now: () => number = Date.now) {}

  failed(err: unknown): void {
    this.failingSince ??= this.now();
    const code = (err as { code?: unknown } | undefined)?.code;
    this.lastCode = typeof code === 'string' ? code : 'error';
  }

  ok(): void {
    this.failingSince = undefined;
  }

  get failing(): boolean {
    return this.failingSince !== undefined;
  }

  /** Why the database is not writable, or undefined. */
  problem(): string | undefined {
    if (this.failingSince === undefined) return undefined;
    return `database unwritable for ${Math.round((this.now() - this.failingSince) / 1000)} s (${this.lastCode})`;
  }
}
