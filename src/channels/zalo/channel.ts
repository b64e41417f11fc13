import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../lib/logger.js';
import { backoffDelay, sleep as realSleep, withRetries } from '../../lib/retry.js';
import { ChannelAuthError, secretCheck, writeJson, type Channel, type IntakeSink, type WebhookEndpoint } from '../contract.js';
import type { ZaloClient } from './client.js';
import { ZaloApiError, classifyZaloError } from './errors.js';
import { isZaloUpdate, translateZaloUpdate, unwrapZaloBody } from './translate.js';
import type { ZaloUpdate } from './types.js';

/** The header Zalo sends the webhook secret in. */
export const ZALO_SECRET_HEADER = 'x-bot-api-secret-token';

export type ZaloMode =
  | { kind: 'polling'; /** Long-poll seconds per getUpdates (default 30). */ pollTimeoutSeconds?: number }
  | { kind: 'webhook'; url: string; secret: string };

export interface ZaloChannelOptions {
  client: ZaloClient;
  intake: IntakeSink;
  logger: Logger;
  mode: ZaloMode;
  /** Backoff after a failed poll: base and cap in ms (defaults 1 s, 30 s). */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The Zalo Bot Platform channel. Polling (default): `deleteWebhook` first (getUpdates does not work
 * while a webhook is set), then one update per `getUpdates`, a 408 meaning "nothing new".
 * Webhook: registers the URL with its secret and serves `POST <path of the URL>`, checking
 * `X-Bot-Api-Secret-Token` in constant time and accepting bare and wrapped bodies.
 * Either way each update is recorded by the intake before it is acknowledged.
 */
export class ZaloChannel implements Channel {
  readonly id = 'zalo' as const;
  readonly webhook?: WebhookEndpoint;
  private ready = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ZaloChannelOptions) {
    this.sleep = options.sleep ?? realSleep;
    const { mode } = options;
    if (mode.kind === 'webhook') {
      const check = secretCheck(mode.secret);
      this.webhook = {
        channel: 'zalo',
        path: new URL(mode.url).pathname,
        authorize: (headers: IncomingHttpHeaders) => check(headers[ZALO_SECRET_HEADER]),
        handle: (req, res) => this.handleWebhook(req, res),
      };
    }
  }

  isReady(): boolean {
    return this.ready && !this.stopped;
  }

  /** Connects: getMe, then setWebhook (webhook mode) or deleteWebhook and the polling loop. */
  async start(): Promise<void> {
    const { client, mode, logger } = this.options;
    const signal = this.abort.signal;
    const connect = async <T>(call: () => Promise<T>) =>
      withRetries(call, { classify: classifyZaloError, maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 15_000, signal, sleep: this.sleep });
    const me = await connect(() => client.getMe(signal)).catch((err: unknown) => {
      if (err instanceof ZaloApiError && (err.errorCode === 401 || err.errorCode === 404)) {
        throw new ChannelAuthError('zalo', 'ZALO_BOT_TOKEN', err.errorCode, err.description);
      }
      throw err;
    });
    if (mode.kind === 'webhook') {
      await connect(() => client.setWebhook(mode.url, mode.secret, signal));
      logger.info('zalo webhook registered', { bot: me.account_name, path: this.webhook?.path });
      this.ready = true;
      return;
    }
    await connect(() => client.deleteWebhook(signal));
    logger.info('zalo polling started', { bot: me.account_name });
    this.ready = true;
    this.loop = this.poll(mode.pollTimeoutSeconds ?? 30);
  }

  /** Stops polling (the in-flight getUpdates is aborted) and refuses further webhooks with 503. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  private async poll(timeoutSeconds: number): Promise<void> {
    const { client, logger } = this.options;
    const { baseDelayMs, maxDelayMs } = this.options.backoff ?? { baseDelayMs: 1000, maxDelayMs: 30_000 };
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let update: ZaloUpdate | undefined;
      try {
        update = await client.getUpdates(timeoutSeconds, signal);
        failures = 0;
        this.ready = true;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const failure = classifyZaloError(err);
        const delay =
          failure.kind === 'rate-limited' ? failure.retryAfterMs : backoffDelay(failures, baseDelayMs, maxDelayMs);
        if (failure.kind === 'permanent') this.ready = false;
        logger.warn('zalo getUpdates failed', { err, delayMs: delay, code: err instanceof ZaloApiError ? err.errorCode : undefined });
        await this.sleep(delay, signal).catch(() => undefined);
        continue;
      }
      if (update === undefined) continue;
      // Validated like a webhook body: a malformed update is refused, never answered.
      if (isZaloUpdate(update)) await this.take(update);
      else logger.warn('zalo update refused: malformed');
    }
  }

  /** Translates and records one update; a recording failure is logged (polling cannot re-fetch it). */
  private async take(update: ZaloUpdate): Promise<void> {
    const intake = translateZaloUpdate(update);
    if (!intake) return;
    try {
      await this.options.intake.accept(intake.key, intake.inbound);
    } catch (err) {
      this.options.logger.error('zalo update could not be recorded', { err, key: intake.key });
    }
  }

  private async handleWebhook(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> {
    if (this.stopped) return writeJson(res, 503, { ok: false, description: 'shutting down' });
    const update = unwrapZaloBody(req.body);
    if (!update) {
      this.options.logger.warn('zalo update refused: malformed');
      return writeJson(res, 400, { ok: false, description: 'not a Zalo update' });
    }
    const intake = translateZaloUpdate(update);
    if (intake) {
      try {
        await this.options.intake.accept(intake.key, intake.inbound);
      } catch (err) {
        this.options.logger.error('zalo update could not be recorded', { err, key: intake.key });
        return writeJson(res, 500, { ok: false, description: 'not recorded, please retry' });
      }
    }
    writeJson(res, 200, { ok: true });
  }
}
