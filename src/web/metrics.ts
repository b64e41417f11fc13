import type { Answer, AskContext, Assistant } from '../assistant/types.js';
import type { DispatchObserver } from '../channels/dispatcher.js';
import type { SendFailureKind, SendObserver } from '../channels/send-health.js';
import type { ChannelId } from '../core/types.js';
import { processLogThrottle } from '../lib/logger.js';
import type { IntakeOutcome } from '../store/intake-repository.js';
import { Counter, Gauge, Histogram, Registry } from './prometheus.js';

/**
 * The service's metrics, served at `GET /metrics`: updates received / duplicated / handled per
 * channel, reply latency (arrival → last reply delivered), errors by stage, assistant answers by
 * mode, pending intake rows, memory and uptime.
 */
export class ServiceMetrics implements DispatchObserver, SendObserver {
  readonly registry = new Registry();
  private readonly receivedTotal = this.registry.register(
    new Counter('bot_updates_received_total', 'Inbound updates recorded, per channel.'),
  );
  private readonly duplicateTotal = this.registry.register(
    new Counter('bot_updates_duplicate_total', 'Inbound updates ignored because they were already recorded.'),
  );
  private readonly handledTotal = this.registry.register(
    new Counter('bot_updates_handled_total', 'Inbound updates finished, per channel and outcome.'),
  );
  private readonly latency = this.registry.register(
    new Histogram('bot_reply_latency_seconds', 'From the update arriving to its last reply delivered.', [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
    ]),
  );
  private readonly errorsTotal = this.registry.register(
    new Counter('bot_errors_total', 'Errors while handling updates, per channel and stage.'),
  );
  private readonly sendFailuresTotal = this.registry.register(
    new Counter('bot_platform_send_failures_total', 'Replies a platform did not take after retries, per channel and kind (timeout, error).'),
  );
  private readonly answersTotal = this.registry.register(
    new Counter('bot_assistant_answers_total', 'Assistant answers, per mode (extractive, llm) and grounding.'),
  );

  /** `pending` reads the number of intake rows not yet done (at scrape time). */
  constructor(pending: () => number = () => 0, startedAt = Date.now()) {
    this.registry.register(new Gauge('bot_intake_pending', 'Recorded updates not yet fully handled.', pending));
    this.registry.register(
      new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage().rss),
    );
    this.registry.register(
      new Gauge('bot_log_lines_suppressed_total', 'Warning and error lines left out of the log by the per-message rate limit.', () => processLogThrottle.suppressedSeries(), 'counter'),
    );
    this.registry.register(
      new Gauge('process_uptime_seconds', 'Seconds since the service started.', () => (Date.now() - startedAt) / 1000),
    );
  }

  received(channel: ChannelId): void {
    this.receivedTotal.inc({ channel });
  }

  duplicate(channel: ChannelId): void {
    this.duplicateTotal.inc({ channel });
  }

  handled(channel: ChannelId, outcome: IntakeOutcome, latencySeconds: number): void {
    this.handledTotal.inc({ channel, outcome });
    if (outcome === 'replied') this.latency.observe(latencySeconds, { channel });
  }

  error(channel: ChannelId, stage: 'handler' | 'send'): void {
    this.errorsTotal.inc({ channel, stage });
  }

  sendFailed(channel: ChannelId, kind: SendFailureKind): void {
    this.sendFailuresTotal.inc({ channel, kind });
  }

  /** Counts an assistant answer by mode. */
  answered(answer: Pick<Answer, 'mode' | 'grounded'>): void {
    this.answersTotal.inc({ mode: answer.mode, grounded: String(answer.grounded) });
  }

  /** The Prometheus text page. */
  render(): string {
    return this.registry.render();
  }
}

/** Wraps an assistant so every answer is counted by mode; behaviour is unchanged. */
export function countAnswers(assistant: Assistant, metrics: ServiceMetrics): Assistant {
  return {
    async answer(question: string, context?: AskContext): Promise<Answer> {
      const answer = await assistant.answer(question, context);
      metrics.answered(answer);
      return answer;
    },
  };
}
