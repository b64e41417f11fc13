import type { ChannelId, Outbound } from '../core/types.js';
import { PermanentSendError, UnreachableError, type DeliveryProgress, type ReplySender } from './contract.js';

/**
 * Whether a platform takes our messages: every delivery's outcome per channel, for `/readyz` (unready,
 * with the reason, once sends have been failing or hanging for `unhealthyAfterMs` with no success in
 * between) and `/metrics` (failures and timeouts counted).
 *
 * A refusal for one person (blocked the bot, a bad request) is the platform answering, so it counts as
 * the platform working; timeouts and network or 5xx failures after the sender's retries do not.
 */
export type SendFailureKind = 'timeout' | 'error';

export interface SendObserver {
  sendFailed(channel: ChannelId, kind: SendFailureKind): void;
}

interface ChannelState {
  /** Since when every finished send failed (undefined after a success). */
  failingSince?: number;
  lastFailure?: SendFailureKind;
  lastSuccessAt?: number;
  next: number;
  /** Start times of sends in progress, by a running id. */
  starts: Map<number, number>;
}

export class SendHealth {
  private readonly states = new Map<ChannelId, ChannelState>();

  constructor(
    private readonly unhealthyAfterMs: number,
    private readonly observer?: SendObserver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wraps a sender so each delivery is observed here; behaviour is unchanged. */
  monitor(sender: ReplySender): ReplySender {
    const state = this.state(sender.channel);
    const wrapped: ReplySender = {
      channel: sender.channel,
      send: async (chatId: string, reply: Outbound, signal?: AbortSignal, progress?: DeliveryProgress) => {
        const id = state.next++;
        state.starts.set(id, this.now());
        try {
          await sender.send(chatId, reply, signal, progress);
          state.failingSince = undefined;
          state.lastSuccessAt = this.now();
        } catch (err) {
          if (signal?.aborted) throw err; // shutdown, not the platform
          if (err instanceof UnreachableError || err instanceof PermanentSendError) {
            state.failingSince = undefined;
            state.lastSuccessAt = this.now();
          } else {
            const e = err as { name?: unknown; code?: unknown } | undefined;
            const kind: SendFailureKind = e?.name === 'TimeoutError' || e?.code === 'TIMEOUT' ? 'timeout' : 'error';
            state.failingSince ??= state.starts.get(id) ?? this.now();
            state.lastFailure = kind;
            this.observer?.sendFailed(sender.channel, kind);
          }
          throw err;
        } finally {
          state.starts.delete(id);
        }
      },
    };
    if (sender.typing) wrapped.typing = sender.typing.bind(sender);
    return wrapped;
  }

  /** Why `channel` is unhealthy, or undefined when it is fine. */
  problem(channel: ChannelId): string | undefined {
    const state = this.states.get(channel);
    if (!state) return undefined;
    const now = this.now();
    if (state.failingSince !== undefined && now - state.failingSince >= this.unhealthyAfterMs) {
      return `sends failing for ${Math.round((now - state.failingSince) / 1000)} s (last: ${state.lastFailure ?? 'error'})`;
    }
    let oldest = Infinity;
    for (const t of state.starts.values()) oldest = Math.min(oldest, t);
    if (now - oldest >= this.unhealthyAfterMs && (state.lastSuccessAt ?? -Infinity) < oldest) {
      return `a send has been waiting ${Math.round((now - oldest) / 1000)} s`;
    }
    return undefined;
  }

  private state(channel: ChannelId): ChannelState {
    let s = this.states.get(channel);
    if (!s) this.states.set(channel, (s = { next: 0, starts: new Map() }));
    return s;
  }
}
